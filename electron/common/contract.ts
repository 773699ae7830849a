// The companion's one contract (STYLE.md §2). Each channel maps to the zod schema of its input
// and the schema of its result; events map to the schema of their payload. The Electron host
// registers ipcMain handlers by looping over `channels`, the preloads and the browser bridge
// build `window.companion` from it, the headless host serves it over HTTP. A channel name is
// written here and nowhere else. This module imports neither Electron, Node nor the DOM.
// The schemas live in ./contract/, one module per concern; this module gathers them so that every
// importer names one place.
export * from './contract/errors';
export * from './contract/operations';
export * from './contract/platform';
export * from './contract/session';
export * from './contract/settings';
export * from './contract/display';
export * from './contract/reports';
export * from './contract/till';
export * from './contract/channels';
export * from './contract/companion-api';
export * from './contract/local-api-routes';
