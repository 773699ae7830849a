// Why the companion refuses to start, in two voices: a French sentence for the cashier (what
// happened, that nothing is lost, who to call) and, for support, the file at fault and what to do.
// Hosts show both: the headless host on stderr, Electron in an error dialog.

export type StartupRefusalCode =
  | 'storage_read_only'
  | 'storage_full'
  | 'log_missing'
  | 'log_empty'
  | 'log_foreign'
  | 'log_newer'
  | 'log_unreadable'
  | 'settings_unreadable';

export class StartupRefusal extends Error {
  constructor(
    readonly code: StartupRefusalCode,
    /** For the cashier, in French. */
    readonly sentence: string,
    /** The file or folder at fault. */
    readonly path: string,
    /** For support: what to do, in French, naming files. */
    readonly support: string,
  ) {
    super(`${sentence} ${support}`);
    this.name = 'StartupRefusal';
  }

  /** The whole text a host shows: the sentence, then the lines for support. */
  describe(): string {
    return `${this.sentence}\n\nPour le support informatique (${this.code}) :\n  ${this.path}\n  ${this.support}`;
  }
}
