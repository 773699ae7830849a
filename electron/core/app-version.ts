// The companion's version, package.json's own: what the login screen, Paramètres, `/api/health`
// and the first line of every log show, so support knows which build a till runs. Bundlers
// (Vite, esbuild) and tsx inline the file at build time; nothing reads it from disk at run time.
import packageJson from '../../package.json';

export const APP_VERSION: string = packageJson.version;
