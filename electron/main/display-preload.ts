// The customer window's preload (issue 5 §1, STYLE.md §6): only a subscription to what the
// customer display shows. No cashier channel is reachable from here, and main refuses them from
// this window anyway (ipc.ts). Bundled into dist/electron/display-preload.cjs.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { z } from 'zod';
import { displayEvents, type DisplayChannel, type DisplayState, type Result, type displayChannels } from '../common/contract';

/** The display channel that answers the current state (type-checked against the contract). */
const STATE_CHANNEL = 'display.get' satisfies DisplayChannel;
type StateResult = Result<z.output<(typeof displayChannels)[typeof STATE_CHANNEL]['result']>>;

/** `window.customerDisplay` */
export interface CustomerDisplayApi {
  /** Calls `listener` with the current state at once, then on every change; returns the unsubscribe. */
  subscribe(listener: (state: DisplayState) => void): () => void;
}

const customerDisplay: CustomerDisplayApi = {
  subscribe(listener) {
    if (typeof listener !== 'function') throw new TypeError('customerDisplay.subscribe expects a function');
    let active = true;
    let changedMeanwhile = false;
    const forward = (_event: IpcRendererEvent, state: unknown) => {
      changedMeanwhile = true;
      if (active) listener(state as DisplayState);
    };
    for (const event of displayEvents) ipcRenderer.on(event, forward);
    (ipcRenderer.invoke(STATE_CHANNEL, {}) as Promise<StateResult>).then(
      (result) => {
        // A change that arrived while we asked is newer than this answer.
        if (active && !changedMeanwhile && result.ok) listener(result.value);
      },
      () => undefined,
    );
    return () => {
      active = false;
      for (const event of displayEvents) ipcRenderer.removeListener(event, forward);
    };
  },
};

contextBridge.exposeInMainWorld('customerDisplay', Object.freeze(customerDisplay));
