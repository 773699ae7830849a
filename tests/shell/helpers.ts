// Helpers for the shell tests (stand-in `electron`, see stand-in-electron.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Channel, ChannelResult, DisplayState, EventName, EventPayload, Result } from '../../electron/common/contract';
import type { CallContext, Companion, Logger } from '../../electron/core/ports';

const createdDirs: string[] = [];

/** A temp folder of the test's own; `removeTempDirs()` in afterAll deletes them all. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `cvc-shell-${prefix}-`));
  createdDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of createdDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export const IDLE_DISPLAY: DisplayState = {
  phase: 'idle',
  merchantName: 'Camping des Pins',
  language: 'fr',
  payment: null,
  serverTime: '2026-07-01T10:00:00.000Z',
};

/**
 * A minimal Companion for the IPC-binding tests (the real core is used in main-bundle.test.ts):
 * it records every call and lets the test emit contract events.
 */
export function recordingCompanion(answer: (channel: Channel, raw: unknown) => Promise<Result<unknown>> = async (channel) => ({
  ok: true,
  value: { answeredBy: channel },
})) {
  const calls: Array<{ channel: Channel; raw: unknown; context: CallContext | undefined }> = [];
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const companion: Pick<Companion, 'invoke' | 'on' | 'displayState'> = {
    async invoke<C extends Channel>(channel: C, raw: unknown, context?: CallContext) {
      calls.push({ channel, raw, context });
      return (await answer(channel, raw)) as Result<ChannelResult<C>>;
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => {
        set.delete(listener as (payload: never) => void);
      };
    },
    displayState: () => IDLE_DISPLAY,
  };
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    for (const listener of listeners.get(event) ?? []) (listener as (payload: EventPayload<E>) => void)(payload);
  };
  const listenerCount = () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0);
  return { companion, calls, emit, listenerCount };
}

/** A Logger that keeps what it was told. */
export function recordingLogger() {
  const lines: Array<{ level: 'info' | 'warn' | 'error'; message: string; fields?: Record<string, unknown> }> = [];
  const log: Logger = {
    info: (message, fields) => lines.push({ level: 'info', message, ...(fields ? { fields } : {}) }),
    warn: (message, fields) => lines.push({ level: 'warn', message, ...(fields ? { fields } : {}) }),
    error: (message, fields) => lines.push({ level: 'error', message, ...(fields ? { fields } : {}) }),
  };
  return { log, lines };
}
