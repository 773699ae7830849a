// The pairing code of remote customer displays: the right code gives the display token, wrong
// codes are limited per address (5 a minute), the code is replaced when the limit is reached,
// and the limit lifts once the minute has passed.
import { describe, expect, it } from 'vitest';
import { DisplayPairingCodes, randomPairingCode } from '../../electron/host/display-pairing';

function codes(sequence: string[]) {
  let now = 1_000_000;
  const issued = [...sequence];
  const announced: string[] = [];
  const pairing = new DisplayPairingCodes({
    displayToken: 'display-token',
    now: () => now,
    newCode: () => issued.shift() ?? '999999',
    onNewCode: (code) => announced.push(code),
  });
  return { pairing, announced, advance: (ms: number) => (now += ms) };
}

describe('pairing codes', () => {
  it('are 6 digits, leading zeros kept', () => {
    for (let i = 0; i < 200; i += 1) expect(randomPairingCode()).toMatch(/^\d{6}$/);
  });

  it('trades the right code for the display token', () => {
    const { pairing } = codes(['123456']);
    expect(pairing.code).toBe('123456');
    expect(pairing.attempt('10.0.0.5', '123456')).toEqual({ ok: true, token: 'display-token' });
    // Several displays may pair with the same code.
    expect(pairing.attempt('10.0.0.6', '123456')).toEqual({ ok: true, token: 'display-token' });
  });

  it('counts wrong codes down, then refuses the address and replaces the code', () => {
    const { pairing, announced } = codes(['123456', '654321']);
    const left = [4, 3, 2, 1, 0].map((expected) => {
      const answer = pairing.attempt('10.0.0.5', '000000');
      expect(answer).toMatchObject({ ok: false, reason: 'wrong_code' });
      return answer.ok === false && answer.reason === 'wrong_code' ? answer.attemptsLeft : -1;
    });
    expect(left).toEqual([4, 3, 2, 1, 0]);
    expect(announced).toEqual(['654321']);
    expect(pairing.code).toBe('654321');
    // Even the new, right code is refused from that address for the rest of the minute…
    expect(pairing.attempt('10.0.0.5', '654321')).toEqual({ ok: false, reason: 'too_many_attempts', retryAfterSeconds: 60 });
    // …but not from another one, and the old code is worth nothing now.
    expect(pairing.attempt('10.0.0.6', '123456')).toMatchObject({ ok: false, reason: 'wrong_code', attemptsLeft: 4 });
    expect(pairing.attempt('10.0.0.6', '654321')).toEqual({ ok: true, token: 'display-token' });
  });

  it('lifts the limit once the minute has passed', () => {
    const { pairing, advance } = codes(['123456', '222222']);
    for (let i = 0; i < 5; i += 1) pairing.attempt('10.0.0.5', '000000');
    advance(30_000);
    expect(pairing.attempt('10.0.0.5', '222222')).toEqual({ ok: false, reason: 'too_many_attempts', retryAfterSeconds: 30 });
    advance(30_000);
    expect(pairing.attempt('10.0.0.5', '222222')).toEqual({ ok: true, token: 'display-token' });
  });

  it('refuses what is not a 6-digit code as a wrong code', () => {
    const { pairing } = codes(['123456']);
    expect(pairing.attempt('10.0.0.5', '12345')).toMatchObject({ ok: false, reason: 'wrong_code' });
    expect(pairing.attempt('10.0.0.5', '1234567')).toMatchObject({ ok: false, reason: 'wrong_code' });
  });
});

describe('pairing codes guessed from many addresses', () => {
  const addresses = (n: number) => Array.from({ length: n }, (_, i) => `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`);

  it('replaces the code after every 10 wrong codes, whatever address sent them', () => {
    const { pairing, announced } = codes(['111111', '222222', '333333']);
    for (const address of addresses(9)) pairing.attempt(address, '000000');
    expect(announced).toEqual([]);
    pairing.attempt('10.9.9.9', '000000');
    expect(announced).toEqual(['222222']);
    // The old code is worth nothing, even from an address that never guessed.
    expect(pairing.attempt('10.9.9.10', '111111')).toMatchObject({ ok: false, reason: 'wrong_code' });
    expect(pairing.attempt('10.9.9.11', '222222')).toEqual({ ok: true, token: 'display-token' });
  });

  it('closes pairing for everyone after 20 wrong codes in 10 minutes, longer at each new burst', () => {
    const { pairing, announced, advance } = codes(['111111', '222222', '333333', '444444', '555555', '666666', '777777']);
    const answers = addresses(25).map((address) => pairing.attempt(address, '000000'));
    expect(answers.filter((a) => !a.ok && a.reason === 'wrong_code')).toHaveLength(20);
    expect(answers.slice(20)).toEqual(Array(5).fill({ ok: false, reason: 'too_many_attempts', retryAfterSeconds: 60 }));
    // Even the right code waits (a display must not be able to tell a closing from a wrong code).
    expect(pairing.attempt('10.200.0.1', pairing.code)).toMatchObject({ ok: false, reason: 'too_many_attempts' });
    expect(announced).toHaveLength(2);

    advance(60_000);
    expect(pairing.attempt('10.200.0.1', pairing.code)).toEqual({ ok: true, token: 'display-token' });
    // A second burst right after: closed for 2 minutes, then 4.
    for (const address of addresses(20)) pairing.attempt(`b${address}`, '000000');
    expect(pairing.attempt('10.200.0.2', pairing.code)).toEqual({ ok: false, reason: 'too_many_attempts', retryAfterSeconds: 120 });
    advance(120_000);
    for (const address of addresses(20)) pairing.attempt(`c${address}`, '000000');
    expect(pairing.attempt('10.200.0.2', pairing.code)).toEqual({ ok: false, reason: 'too_many_attempts', retryAfterSeconds: 240 });
  });

  it('lets at most a few hundred guesses a day reach a code, however many addresses guess', () => {
    const { pairing, advance } = codes([]);
    let reached = 0;
    // A day of guessing from 100 000 addresses, one guess each every second.
    for (let second = 0; second < 86_400; second += 1) {
      const answer = pairing.attempt(`10.${Math.floor(second / 65536) % 256}.${Math.floor(second / 256) % 256}.${second % 256}`, '000000');
      if (!answer.ok && answer.reason === 'wrong_code') reached += 1;
      advance(1_000);
    }
    expect(reached).toBeLessThan(700);
  });
});
