// Money is integer euro cents everywhere; this module is the only place that turns the text
// a cashier types into cents, and cents into the text a person reads.

export type Language = 'fr' | 'en';

/** Highest amount the companion will ever ask for: 10 000,00 € (the platform's default ceiling). */
export const MAX_AMOUNT_CENTS = 1_000_000;

export type AmountInputProblem =
  | 'required'
  | 'not_a_number'
  | 'negative'
  | 'zero'
  | 'too_many_decimals'
  | 'too_large';

export type ParsedAmount = { ok: true; cents: number } | { ok: false; problem: AmountInputProblem };

// Spaces a French keyboard or a copy-paste may put in "1 000,00 €": space, no-break, narrow no-break.
const SPACES = /[\s\u00a0\u202f]/g;

/**
 * Parses what a cashier types in "Montant demandé": `20`, `20,5`, `20,50`, `20.50`, `1 000,00 €`.
 * Refuses negative, zero, three decimals and text, each with its own reason for an inline message.
 */
export function parseAmountInput(text: string): ParsedAmount {
  const compact = text.replace(SPACES, '').replace(/€$/, '');
  if (compact === '') return { ok: false, problem: 'required' };
  if (/^-\d/.test(compact)) return { ok: false, problem: 'negative' };
  const match = /^(\d+)(?:[.,](\d*))?$/.exec(compact);
  if (!match) return { ok: false, problem: 'not_a_number' };
  const units = match[1]!;
  const decimals = match[2] ?? '';
  if (decimals.length > 2) return { ok: false, problem: 'too_many_decimals' };
  if (units.length > 9) return { ok: false, problem: 'too_large' };
  const cents = Number(units) * 100 + Number(decimals.padEnd(2, '0'));
  if (cents === 0) return { ok: false, problem: 'zero' };
  if (cents > MAX_AMOUNT_CENTS) return { ok: false, problem: 'too_large' };
  return { ok: true, cents };
}

const formatters: Record<Language, Intl.NumberFormat> = {
  fr: new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }),
  en: new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR' }),
};

/** `2000` → `20,00 €` (French, with the no-break spaces French typography uses). */
export function formatCents(cents: number, language: Language = 'fr'): string {
  if (!Number.isInteger(cents)) throw new TypeError(`amount must be integer cents, got ${cents}`);
  return formatters[language].format(cents / 100);
}

/** `2050` → `20,50`: the value to put back in an amount field (no currency sign). */
export function centsToInputText(cents: number): string {
  const euros = Math.trunc(cents / 100);
  const rest = Math.abs(cents % 100);
  return `${euros},${String(rest).padStart(2, '0')}`;
}
