// Every code the core and the hosts send has its sentence in both languages, and no catalogue
// keeps a sentence that nothing uses. Run over the real catalogues and the real code lists: a new
// code without words, or words left behind by a removed code, fail here before a screen shows
// a blank or a French sentence in English.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { notices } from '../../electron/caisse-ap/notices';
import { badRequest, CreatePaymentInput, ERROR_CODES, type ContractError, type ErrorCode } from '../../electron/common/contract';
import { ERROR_REASONS, INPUT_ISSUES, OPERATION_FAILURE_CODES } from '../../electron/common/error-details';
import { contractError } from '../../electron/common/error-messages';
import { TILL_NOTICE_CODES, TillNotice, TillRefusal, type TillNoticeCode, type TillNoticeDraft } from '../../electron/common/till-notice';
import { NEVER_REACHED, UNKNOWN_TO_PLATFORM } from '../../electron/core/payments/reconciliation';
import { coreWords, wordError, wordFailure, wordTillNotice } from '../../electron/common/core-words';
import { messages } from '../../renderer/src/i18n/messages';
import { displayMessages } from '../../renderer/src/display/messages';

const ROOT = resolve(import.meta.dirname, '../..');
const LANGUAGES = ['fr', 'en'] as const;
const sorted = (keys: Iterable<string>) => [...keys].sort();

/** One notice of every kind, made by the builders Caisse-AP uses. */
const SAMPLES: Record<TillNoticeCode, TillNoticeDraft> = {
  'caisse_ap.basket_generated': notices.basketGenerated('op-1', 'CA-0001', 'caisse 2', 'ticket 12'),
  'caisse_ap.refused': notices.refused(null, { cause: 'error', error: { code: 'basket_in_progress' } }),
  'caisse_ap.create_unknown': notices.createUnknown('op-1', 'REF1'),
  'caisse_ap.busy': notices.busy('caisse 2', 1250),
  'caisse_ap.action_refused': notices.actionRefused('caisse 2', 'credit'),
  'caisse_ap.undelivered': notices.undelivered('op-1', 'REF1'),
  'caisse_ap.listen_failed': notices.listenFailed('127.0.0.1:8888', true, 'listen EADDRINUSE'),
  'caisse_ap.partial_waiting': notices.partialWaiting('op-1', 'REF1', 1200, 800),
  'caisse_ap.partial_not_told': notices.partialNotTold('op-1', 'REF1', 1200, 800, 'till_timeout'),
  'caisse_ap.abandoned': notices.abandoned('op-1', 'REF1'),
  'caisse_ap.paid_after_abandon': notices.paidAfterAbandon('op-1', 'REF1', 2000),
  'caisse_ap.timed_out': notices.timedOut('op-1', 'REF1'),
  'caisse_ap.unresolved': notices.unresolved('op-1', 'REF1', false),
  'caisse_ap.paid_after_unknown': notices.paidAfterUnknown('op-1', 'REF1', 2000),
  'caisse_ap.unpaid_after_unknown': notices.unpaidAfterUnknown('op-1', 'REF1'),
  'caisse_ap.till_locked': notices.tillLocked('caisse 2', 1250),
};

/** Details that change an error's sentence. */
const DETAILED: Array<[ErrorCode, NonNullable<ContractError['details']>]> = [
  ['invalid_credentials', { attemptsLeft: 2 }],
  ['invalid_credentials', { attemptsLeft: 1 }],
  ['validation_error', { field: 'amount', minAmount: 150, maxAmount: 1_000_000 }],
  ['validation_error', { field: 'basketNumber' }],
  ['bad_request', { field: 'amount' }],
];

function renderedSources(dir: string): string {
  let text = '';
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) text += renderedSources(path);
    else if (/\.tsx?$/.test(entry.name) && !/messages\.ts$/.test(entry.name)) text += readFileSync(join(ROOT, path), 'utf8');
  }
  return text;
}

describe('the word catalogues', () => {
  it.each(LANGUAGES)('have exactly one sentence per code in %s, for every list of codes', (language) => {
    const words = coreWords[language];
    expect(sorted(Object.keys(words.errors))).toEqual(sorted(ERROR_CODES));
    expect(sorted(Object.keys(words.reasons))).toEqual(sorted(ERROR_REASONS));
    expect(sorted(Object.keys(words.issues))).toEqual(sorted(INPUT_ISSUES));
    expect(sorted(Object.keys(words.failures))).toEqual(sorted(OPERATION_FAILURE_CODES));
    expect(sorted(Object.keys(words.tillNotices))).toEqual(sorted(TILL_NOTICE_CODES));
    expect(sorted(Object.keys(words.refusals))).toEqual(sorted(TillRefusal.options.map((option) => option.shape.cause.value)));
    for (const [field, advice] of Object.entries(words.fieldAdvice)) {
      expect(Object.keys(words.fields), field).toContain(field);
      for (const issue of Object.keys(advice)) expect(INPUT_ISSUES, `${field}.${issue}`).toContain(issue);
    }
    expect(sorted(Object.keys(coreWords.en.fields))).toEqual(sorted(Object.keys(coreWords.fr.fields)));
  });

  it('words every contract error in both languages, the French one being the fallback the core sends', () => {
    const cases: Array<[ErrorCode, ContractError['details']]> = [...ERROR_CODES.map((code) => [code, undefined] as [ErrorCode, undefined]), ...DETAILED];
    for (const [code, details] of cases) {
      const error = contractError(code, details);
      const fr = wordError(error, 'fr');
      const en = wordError(error, 'en');
      expect(fr, code).toBe(error.message);
      expect(en, code).not.toBe('');
      expect(en, code).not.toBe(fr);
    }
  });

  it('words every specific case of an error in both languages', () => {
    for (const reason of ERROR_REASONS) {
      const details = { reason, field: 'cashier', limit: 3 };
      const fr = wordError({ code: 'bad_request', details }, 'fr');
      const en = wordError({ code: 'bad_request', details }, 'en');
      expect(fr, reason).toMatch(/\S/);
      expect(en, reason).toMatch(/\S/);
      expect(en, reason).not.toBe(fr);
    }
  });

  it('words every till notice from its code and params, the French one being its fallback message', () => {
    expect(sorted(Object.keys(SAMPLES))).toEqual(sorted(TILL_NOTICE_CODES));
    for (const [code, draft] of Object.entries(SAMPLES)) {
      const notice = TillNotice.parse({ ...draft, at: '2026-11-28T10:00:00.000Z' });
      expect(notice.code).toBe(code);
      expect(wordTillNotice(notice, 'fr'), code).toBe(notice.message);
      const en = wordTillNotice(notice, 'en');
      expect(en, code).not.toBe(notice.message);
      if ('basketNumber' in notice.params) expect(en, code).toContain(notice.params.basketNumber);
    }
  });

  it('words why an operation failed, reconciliation codes as the core records them', () => {
    for (const failure of [NEVER_REACHED, UNKNOWN_TO_PLATFORM]) {
      expect(wordFailure(failure.code, 'fr')).toBe(failure.message);
      expect(wordFailure(failure.code, 'en')).not.toBe(failure.message);
    }
    expect(wordFailure('basket_in_progress', 'en')).toBe('A payment request is already pending for this basket number.');
    expect(wordFailure('PLATFORM_SPECIFIC', 'fr')).toBe('La plateforme a refusé la demande (code PLATFORM_SPECIFIC).');
  });

  it('words a schema error per field in the cashier’s language, never the schema’s own English', () => {
    const parsed = CreatePaymentInput.safeParse({ amount: 12.5, basketNumber: 'REF1' });
    if (parsed.success) throw new Error('12.5 cents must be refused');
    const error = badRequest(parsed.error);
    expect(error.details).toMatchObject({ field: 'amount', issue: 'wrong_type', issues: [{ field: 'amount', issue: 'wrong_type' }] });
    expect(wordError(error, 'fr')).toBe('Montant demandé : saisissez un montant en euros, par exemple 12,50.');
    expect(wordError(error, 'en')).toBe('Amount requested: enter an amount in euros, for example 12.50.');

    const several = CreatePaymentInput.safeParse({ amount: 0, basketNumber: 'REF 1', label: 'x'.repeat(500) });
    if (several.success) throw new Error('must be refused');
    const words = wordError(badRequest(several.error), 'fr').replace(/[\u00a0\u202f]/g, ' ');
    expect(words).toContain('Montant demandé : au moins 0,01 €.');
    expect(words).toContain('N° de panier : de 1 à 20 caractères');
    expect(words).toContain('Libellé de transaction :');
    expect(words).not.toMatch(/Invalid|expected/);
  });

  it('keeps the cashier’s and the customer display’s catalogues complete in English and free of unused keys', () => {
    const sources = renderedSources('renderer/src');
    for (const [name, catalogue] of [
      ['cashier', messages],
      ['display', displayMessages],
    ] as const) {
      expect(sorted(Object.keys(catalogue.en)), name).toEqual(sorted(Object.keys(catalogue.fr)));
      const unused = Object.keys(catalogue.fr).filter((key) => !new RegExp(`\\.${key}\\b|'${key}'`).test(sources));
      expect(unused, `${name} keys no screen uses`).toEqual([]);
    }
  });
});
