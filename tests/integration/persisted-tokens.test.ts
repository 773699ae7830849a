// The headless host's tokens in the data folder, on real files: made once (0600) and read back the
// same at the next start, the command line winning without being written, rotations written
// before use, and an unreadable file set aside with new tokens rather than a start that fails.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCESS_TOKENS_FILE, PersistedTokens } from '../../electron/host/persisted-tokens';
import { recordingLogger } from '../shell/helpers';
import { tempDir } from '../support/companion';

const dirs: Array<ReturnType<typeof tempDir>> = [];
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));

function fileIn(): { dir: string; file: string } {
  const dir = tempDir('cvc-tokens-');
  dirs.push(dir);
  return { dir: dir.path, file: join(dir.path, ACCESS_TOKENS_FILE) };
}

const stored = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { cashierToken: string; displayToken: string };

describe('the access tokens file', () => {
  it('is made once, readable by its user only, and gives the same tokens at the next start', () => {
    const { file } = fileIn();
    const first = new PersistedTokens(file).tokens;
    expect(first.cashierToken).not.toBe(first.displayToken);
    expect(first.cashierToken.length).toBeGreaterThanOrEqual(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(new PersistedTokens(file).tokens).toEqual(first);
  });

  it('lets --token and --display-token win for the run without writing them', () => {
    const { file } = fileIn();
    const kept = new PersistedTokens(file).tokens;
    const given = new PersistedTokens(file, { cashierToken: 'fixed-cashier-token-for-a-script' });
    expect(given.tokens).toEqual({ cashierToken: 'fixed-cashier-token-for-a-script', displayToken: kept.displayToken });
    expect(stored(file)).toEqual(kept);
    expect(() => new PersistedTokens(file, { cashierToken: kept.displayToken })).toThrow(/différents/);
  });

  it('writes a rotated token before it is used, and keeps the other one', () => {
    const { file } = fileIn();
    const tokens = new PersistedTokens(file);
    const before = tokens.tokens;
    const cashier = tokens.rotateCashier();
    expect(stored(file)).toEqual({ cashierToken: cashier, displayToken: before.displayToken });
    const display = tokens.rotateDisplay();
    expect(stored(file)).toEqual({ cashierToken: cashier, displayToken: display });
    expect(new PersistedTokens(file).tokens).toEqual({ cashierToken: cashier, displayToken: display });
  });

  it('sets an unreadable file aside, says so, and starts with new tokens', () => {
    const { dir, file } = fileIn();
    writeFileSync(file, '{"cashierToken": "cut sh', { mode: 0o600 });
    const logger = recordingLogger();
    const tokens = new PersistedTokens(file, {}, logger.log).tokens;
    expect(stored(file)).toEqual(tokens);
    expect(readdirSync(dir).filter((name) => name.startsWith(`${ACCESS_TOKENS_FILE}.corrupt-`))).toHaveLength(1);
    expect(logger.lines.map((line) => line.message)).toEqual([expect.stringMatching(/access tokens file unreadable/)]);
    expect(existsSync(file)).toBe(true);
  });
});
