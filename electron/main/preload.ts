// The cashier window's preload (STYLE.md §6): `window.companion`, generated from the contract,
// and `window.companionShell` for what only the shell offers. Bundled into one CJS file
// (dist/electron/preload.cjs): a sandboxed preload may `require` nothing but 'electron'.
// The page never sees ipcRenderer, nor an IpcRendererEvent (its `sender` is ipcRenderer itself).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildCompanionApi, type Result } from '../common/contract';
import { SHELL_CHANNELS, shellMethodName } from './shell-contract';

const companion = buildCompanionApi({
  invoke: (channel, input) => ipcRenderer.invoke(channel, input) as Promise<Result<unknown>>,
  subscribe: (event, listener) => {
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(event, forward);
    return () => {
      ipcRenderer.removeListener(event, forward);
    };
  },
});

const companionShell: Record<string, unknown> = { platform: process.platform };
for (const channel of SHELL_CHANNELS) {
  companionShell[shellMethodName(channel)] = async (input?: unknown): Promise<unknown> => {
    const result = (await ipcRenderer.invoke(channel, input ?? {})) as Result<unknown>;
    if (!result.ok) throw new Error(result.error.message);
    return result.value ?? undefined;
  };
}

contextBridge.exposeInMainWorld('companion', companion);
contextBridge.exposeInMainWorld('companionShell', Object.freeze(companionShell));
