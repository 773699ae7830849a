// The few things only the Electron shell offers the cashier page, next to the companion contract:
// today, opening the customer window on a single-monitor till ("Écran client"). Same rules as the
// contract (STYLE.md §2): each channel written once here, its input a zod schema, registered by
// looping in ipc.ts, exposed by looping in preload.ts. Imports neither Node nor Electron: the
// sandboxed preload bundles it.
import { z } from 'zod';

export const shellChannels = {
  /** "Écran client": show the customer window, as a normal window when there is no second monitor. */
  'shell.openCustomerDisplay': { input: z.object({}).strict() },
} as const;

export type ShellChannel = keyof typeof shellChannels;
export const SHELL_CHANNELS = Object.keys(shellChannels) as ShellChannel[];

type MethodOf<C extends string> = C extends `shell.${infer M}` ? M : never;

/** `window.companionShell` on the cashier page (absent in a browser: the page checks for it). */
export type CompanionShellApi = {
  [C in ShellChannel as MethodOf<C>]: () => Promise<void>;
} & {
  /** `process.platform` of the till, e.g. to word shortcuts. */
  readonly platform: string;
};

export function shellMethodName(channel: ShellChannel): MethodOf<ShellChannel> {
  return channel.slice('shell.'.length) as MethodOf<ShellChannel>;
}
