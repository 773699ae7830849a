// The few things only the Electron shell offers the cashier page, next to the companion contract:
// opening the customer window on a single-monitor till ("Écran client"), and an OS notification
// when a request ends while the cashier window is out of sight. Same rules as the
// contract (STYLE.md §2): each channel written once here, its input a zod schema, registered by
// looping in ipc.ts, exposed by looping in preload.ts. Imports neither Node nor Electron: the
// sandboxed preload bundles it.
import { z } from 'zod';

export const shellChannels = {
  /** "Écran client": show the customer window, as a normal window when there is no second monitor. */
  'shell.openCustomerDisplay': { input: z.object({}).strict() },
  /** A request ended: an OS notification, worded by the page, shown if the window is not in front. */
  'shell.notify': {
    input: z
      .object({ title: z.string().trim().min(1).max(120), body: z.string().trim().max(300) })
      .strict(),
  },
} as const;

export type ShellChannel = keyof typeof shellChannels;
export type ShellInput<C extends ShellChannel> = z.output<(typeof shellChannels)[C]['input']>;
export const SHELL_CHANNELS = Object.keys(shellChannels) as ShellChannel[];

type MethodOf<C extends string> = C extends `shell.${infer M}` ? M : never;

/** `window.companionShell` on the cashier page (absent in a browser: the page checks for it). */
export type CompanionShellApi = {
  [C in ShellChannel as MethodOf<C>]: {} extends z.input<(typeof shellChannels)[C]['input']>
    ? () => Promise<void>
    : (input: z.input<(typeof shellChannels)[C]['input']>) => Promise<void>;
} & {
  /** `process.platform` of the till, e.g. to word shortcuts. */
  readonly platform: string;
};

export function shellMethodName(channel: ShellChannel): MethodOf<ShellChannel> {
  return channel.slice('shell.'.length) as MethodOf<ShellChannel>;
}
