import { describe, expect, it } from 'vitest';
import { centsToInputText, formatCents, parseAmountInput } from '../../electron/common/money';

// Intl writes French amounts with no-break spaces; compare what a person sees.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('parseAmountInput: what a cashier types in "Montant demandé"', () => {
  it.each([
    ['20', 2000],
    ['20,5', 2050],
    ['20,50', 2050],
    ['20.50', 2050],
    ['0,01', 1],
    [' 1 000,00 € ', 100000],
    ['20,', 2000],
    ['10000', 1_000_000],
  ])('accepts %j as %d cents', (text, cents) => {
    expect(parseAmountInput(text)).toEqual({ ok: true, cents });
  });

  it.each([
    ['', 'required'],
    ['   ', 'required'],
    ['-5', 'negative'],
    ['-0,50', 'negative'],
    ['0', 'zero'],
    ['0,00', 'zero'],
    ['20,505', 'too_many_decimals'],
    ['vingt', 'not_a_number'],
    ['20,5a', 'not_a_number'],
    ['1e3', 'not_a_number'],
    ['10000,01', 'too_large'],
    ['99999999999', 'too_large'],
  ])('refuses %j (%s)', (text, problem) => {
    expect(parseAmountInput(text)).toEqual({ ok: false, problem });
  });
});

describe('formatCents', () => {
  it('writes French amounts as the guide does', () => {
    expect(plain(formatCents(2000))).toBe('20,00 €');
    expect(plain(formatCents(123456789))).toBe('1 234 567,89 €');
    expect(plain(formatCents(0))).toBe('0,00 €');
  });
  it('writes English amounts', () => {
    expect(formatCents(2050, 'en')).toBe('€20.50');
  });
  it('refuses fractions of a cent', () => {
    expect(() => formatCents(20.5)).toThrow(TypeError);
  });
  it('gives back an amount field value', () => {
    expect(centsToInputText(2050)).toBe('20,50');
    expect(centsToInputText(5)).toBe('0,05');
  });
});
