// The contract bound to IPC (issue 4 §1, STYLE.md §2-3): one `ipcMain.handle` per contract
// channel, registered by looping over the contract, plus the display channel(s) for the customer
// window and the shell's own channels. Every call is checked before anything runs: the sender
// must be one of our windows showing our page in its top frame, and each window may call only
// its own channels (the customer window only the display ones). Input is validated by the core's
// `invoke` (the contract's zod schemas); nothing thrown crosses the boundary, only Results.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import {
  badRequest,
  CHANNELS,
  displayChannels,
  displayEvents,
  EVENT_NAMES,
  type DisplayChannel,
  type EventName,
  type Result,
} from '../common/contract';
import { contractError } from '../common/error-messages';
import type { Companion, Logger } from '../core/ports';
import { shellChannels, SHELL_CHANNELS, type ShellHandlers } from './shell-contract';
import { isOurPage } from './trusted-url';

export type WindowRole = 'cashier' | 'customer';

export interface IpcBinding {
  companion: Pick<Companion, 'invoke' | 'on' | 'displayState'>;
  /** The live webContents of each window, or null while it is closed. */
  contents: Record<WindowRole, () => WebContents | null>;
  /** The page file each window must be showing (dist/renderer/index.html, display.html). */
  pages: Record<WindowRole, string>;
  /** What the shell channels do, with their input already validated. */
  shell: ShellHandlers;
  log?: Logger;
}

const DISPLAY_CHANNELS = Object.keys(displayChannels) as DisplayChannel[];
const DISPLAY_EVENTS: readonly EventName[] = displayEvents;

/** Which of our windows sent this, or null for anything else (another webContents, a subframe,
 *  a page that navigated away from ours). */
export function senderRole(event: IpcMainInvokeEvent, binding: Pick<IpcBinding, 'contents' | 'pages'>): WindowRole | null {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return null;
  for (const role of ['cashier', 'customer'] as const) {
    const contents = binding.contents[role]();
    if (contents && !contents.isDestroyed() && event.sender === contents && isOurPage(frame.url, binding.pages[role])) {
      return role;
    }
  }
  return null;
}

function failure(code: 'forbidden' | 'internal_error'): Result<never> {
  return { ok: false, error: contractError(code) };
}

/**
 * Registers every handler and forwards contract events to the windows (cashier: all events;
 * customer window: only the display ones). Returns the function that undoes it all.
 */
export function bindIpc(binding: IpcBinding): () => void {
  const { companion, log } = binding;

  const register = (channel: string, role: WindowRole, run: (input: unknown) => Promise<Result<unknown>>) => {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, input: unknown): Promise<Result<unknown>> => {
      const from = senderRole(event, binding);
      if (from !== role) {
        log?.warn('IPC call refused', { channel, from: from ?? 'unknown sender', url: event.senderFrame?.url ?? null });
        return failure('forbidden');
      }
      try {
        return await run(input);
      } catch (error) {
        log?.error('IPC handler failed', { channel, error: String(error) });
        return failure('internal_error');
      }
    });
  };

  for (const channel of CHANNELS) {
    register(channel, 'cashier', (input) => companion.invoke(channel, input, { origin: 'cashier' }));
  }

  // What each display channel answers; typed by the contract, so a new display channel fails to
  // compile until it is handled here.
  const displayAnswers: { [C in DisplayChannel]: () => unknown } = {
    'display.get': () => companion.displayState(),
  };
  for (const channel of DISPLAY_CHANNELS) {
    register(channel, 'customer', async (input) => {
      const parsed = displayChannels[channel].input.safeParse(input ?? {});
      if (!parsed.success) return { ok: false, error: badRequest(parsed.error) };
      return { ok: true, value: displayAnswers[channel]() };
    });
  }

  for (const channel of SHELL_CHANNELS) {
    register(channel, 'cashier', async (input) => {
      const parsed = shellChannels[channel].input.safeParse(input ?? {});
      if (!parsed.success) return { ok: false, error: badRequest(parsed.error) };
      const run = binding.shell[channel] as (input: unknown) => Promise<unknown>;
      return { ok: true, value: (await run(parsed.data)) ?? null };
    });
  }

  const send = (contents: WebContents | null, event: EventName, payload: unknown) => {
    if (contents && !contents.isDestroyed()) contents.send(event, payload);
  };
  const unsubscribes = EVENT_NAMES.map((event) =>
    companion.on(event, (payload: unknown) => {
      send(binding.contents.cashier(), event, payload);
      if (DISPLAY_EVENTS.includes(event)) send(binding.contents.customer(), event, payload);
    }),
  );

  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
    for (const channel of [...CHANNELS, ...DISPLAY_CHANNELS, ...SHELL_CHANNELS]) ipcMain.removeHandler(channel);
  };
}
