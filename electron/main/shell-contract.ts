// The few things only the Electron shell offers the cashier page, next to the companion contract:
// opening the customer window on a single-monitor till ("Écran client"), an OS notification when
// a request ends while the cashier window is out of sight, and saving the day close as a PDF or a
// CSV file where the cashier chooses. Same rules as the contract (STYLE.md §2):
// each channel written once here, its input a zod schema, registered by looping in ipc.ts,
// exposed by looping in preload.ts. Imports neither Node nor Electron: the sandboxed preload
// bundles it.
import { z } from 'zod';

const reportDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** What a save dialog came to: the file written, the cashier's cancel, or a write that failed
 *  (full or read-only disk): nothing is left half-written. */
export const SavedFile = z.union([
  z.object({ saved: z.literal(true), path: z.string() }),
  z.object({ saved: z.literal(false), reason: z.enum(['cancelled', 'write_failed']) }),
]);
export type SavedFile = z.infer<typeof SavedFile>;

export const shellChannels = {
  /** "Écran client": show the customer window, as a normal window when there is no second monitor. */
  'shell.openCustomerDisplay': { input: z.object({}).strict() },
  /** A request ended: an OS notification, worded by the page, shown if the window is not in front. */
  'shell.notify': {
    input: z
      .object({ title: z.string().trim().min(1).max(120), body: z.string().trim().max(300) })
      .strict(),
  },
  /** « Enregistrer en PDF »: the cashier page as printed (the day close), through printToPDF and a save dialog. */
  'shell.saveReportPdf': { input: z.object({ fileName: z.string().regex(/^[\w.-]{1,80}\.pdf$/) }).strict() },
  /** « Exporter en CSV »: a save dialog, then the period's CSV streamed into the file. */
  'shell.saveReportCsv': { input: z.object({ from: reportDay, to: reportDay }).strict() },
  /** « Journaux »: the log files' folder, opened in the file manager (support asks for its files). */
  'shell.openLogsFolder': { input: z.object({}).strict() },
} as const;

export type ShellChannel = keyof typeof shellChannels;
export const SHELL_CHANNELS = Object.keys(shellChannels) as ShellChannel[];

/** What each shell channel answers. */
export interface ShellResults {
  'shell.openCustomerDisplay': void;
  'shell.notify': void;
  'shell.saveReportPdf': SavedFile;
  'shell.saveReportCsv': SavedFile;
  'shell.openLogsFolder': LogsFolder;
}

/** Where the log files are, and whether the file manager opened it. */
export interface LogsFolder {
  opened: boolean;
  path: string | null;
}
export type ShellInput<C extends ShellChannel> = z.input<(typeof shellChannels)[C]['input']>;
export type ShellHandlers = { [C in ShellChannel]: (input: z.output<(typeof shellChannels)[C]['input']>) => Promise<ShellResults[C]> };

type MethodOf<C extends string> = C extends `shell.${infer M}` ? M : never;

/** `window.companionShell` on the cashier page (absent in a browser: the page checks for it). */
export type CompanionShellApi = {
  [C in ShellChannel as MethodOf<C>]: {} extends ShellInput<C>
    ? (input?: ShellInput<C>) => Promise<ShellResults[C]>
    : (input: ShellInput<C>) => Promise<ShellResults[C]>;
} & {
  /** `process.platform` of the till, e.g. to word shortcuts. */
  readonly platform: string;
};

export function shellMethodName(channel: ShellChannel): MethodOf<ShellChannel> {
  return channel.slice('shell.'.length) as MethodOf<ShellChannel>;
}
