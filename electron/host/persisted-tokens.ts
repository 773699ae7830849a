// The headless host's two bearer tokens (the cashier's, the customer display's), kept in the data
// folder (`access-tokens.json`, 0600, written whole then renamed) so that a restart of
// `npm run serve` keeps the tablet paired and the open cashier page working. `--token` and
// `--display-token` win for the run they are given to and are not written: a fixed token for a
// test or a script never replaces the merchant's. « Révoquer l'écran client » and « Nouveau
// jeton » write the new ones.
import { readFileSync, renameSync } from 'node:fs';
import { z } from 'zod';
import { fileStamp } from '../core/file-stamp';
import type { Logger } from '../core/ports';
import { writePrivateFile } from '../core/stores';
import { generateToken } from './access-tokens';

export const ACCESS_TOKENS_FILE = 'access-tokens.json';

const Stored = z.object({ cashierToken: z.string().min(16), displayToken: z.string().min(16) }).strict();
type Stored = z.infer<typeof Stored>;

export interface AccessTokenPair {
  cashierToken: string;
  displayToken: string;
}

export class PersistedTokens {
  private stored: Stored;
  private current: AccessTokenPair;

  /**
   * Reads the file (made with two new tokens when there is none, or when it cannot be read: that
   * one is set aside under a dated `.corrupt-…` name and said in the log), then lets `given`
   * (the command line) win.
   */
  constructor(
    private readonly file: string,
    given: Partial<AccessTokenPair> = {},
    private readonly log?: Logger,
  ) {
    this.stored = this.read() ?? this.create();
    this.current = {
      cashierToken: given.cashierToken ?? this.stored.cashierToken,
      displayToken: given.displayToken ?? this.stored.displayToken,
    };
    if (this.current.cashierToken === this.current.displayToken) {
      throw new Error('--token et --display-token doivent être différents (et différents des jetons enregistrés).');
    }
  }

  get tokens(): AccessTokenPair {
    return { ...this.current };
  }

  /** « Nouveau jeton »: a new cashier token, written before it is used. */
  rotateCashier(): string {
    const token = generateToken();
    this.save({ ...this.stored, cashierToken: token });
    this.current = { ...this.current, cashierToken: token };
    return token;
  }

  /** « Révoquer l'écran client »: a new display token, written before it is used. */
  rotateDisplay(): string {
    const token = generateToken();
    this.save({ ...this.stored, displayToken: token });
    this.current = { ...this.current, displayToken: token };
    return token;
  }

  private read(): Stored | null {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let parsed: z.ZodSafeParseResult<Stored>;
    try {
      parsed = Stored.safeParse(JSON.parse(text));
    } catch {
      parsed = { success: false } as z.ZodSafeParseResult<Stored>;
    }
    if (parsed.success) return parsed.data;
    const aside = `${this.file}.corrupt-${fileStamp()}`;
    renameSync(this.file, aside);
    this.log?.warn('access tokens file unreadable: set aside, new tokens made (pair the customer display again)', { file: this.file, now: aside });
    return null;
  }

  private create(): Stored {
    const made = { cashierToken: generateToken(), displayToken: generateToken() };
    this.save(made);
    return made;
  }

  private save(next: Stored): void {
    writePrivateFile(this.file, `${JSON.stringify(next, null, 2)}\n`);
    this.stored = next;
  }
}
