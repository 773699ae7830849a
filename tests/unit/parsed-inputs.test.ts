// Inputs validated once and answered again from what was kept: only for an input equal field for
// field, always as a fresh copy, never for a refused input.
import { describe, expect, it } from 'vitest';
import { ParsedInputs } from '../../electron/core/parsed-inputs';

describe('ParsedInputs', () => {
  it('answers an equal input with the same validated form, defaults included, as a copy', () => {
    const inputs = new ParsedInputs();
    const first = inputs.parse('operations.list', { status: 'pending' });
    expect(first).toEqual({ ok: true, value: { status: 'pending', limit: 50 } });
    const again = inputs.parse('operations.list', { status: 'pending' });
    expect(again).toEqual(first);
    if (!again.ok) throw new Error('refused');
    again.value.limit = 1;
    expect(inputs.parse('operations.list', { status: 'pending' })).toEqual({ ok: true, value: { status: 'pending', limit: 50 } });
  });

  it('tells inputs apart by every field and value, whatever their order', () => {
    const inputs = new ParsedInputs();
    expect(inputs.parse('operations.list', { status: 'pending', limit: 20 })).toEqual({ ok: true, value: { status: 'pending', limit: 20 } });
    expect(inputs.parse('operations.list', { limit: 20, status: 'pending' })).toEqual({ ok: true, value: { status: 'pending', limit: 20 } });
    expect(inputs.parse('operations.list', { status: 'pending', limit: 21 })).toEqual({ ok: true, value: { status: 'pending', limit: 21 } });
    expect(inputs.parse('operations.list', { status: 'pending' })).toEqual({ ok: true, value: { status: 'pending', limit: 50 } });
    expect(inputs.parse('operations.list', { status: 'pending', limit: '20' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    // A field more, even undefined, is not the input that was kept.
    expect(inputs.parse('operations.list', { status: 'pending', limit: 20, colour: undefined })).toMatchObject({ ok: false });
    expect(inputs.parse('operations.list', { status: 'validated', limit: 20 })).toEqual({ ok: true, value: { status: 'validated', limit: 20 } });
    expect(inputs.parse('payments.get', { status: 'pending', limit: 20 })).toMatchObject({ ok: false });
  });

  it('refuses a bad input every time it comes', () => {
    const inputs = new ParsedInputs();
    for (let i = 0; i < 3; i++) {
      expect(inputs.parse('operations.list', { limit: 0 })).toMatchObject({ ok: false, error: { code: 'bad_request', details: { field: 'limit' } } });
      expect(inputs.parse('operations.list', { limit: Number.NaN })).toMatchObject({ ok: false });
    }
  });

  it('keeps nothing of an input with a field the comparison cannot see or compare', () => {
    const inputs = new ParsedInputs();
    const hidden = { limit: 20 };
    Object.defineProperty(hidden, 'status', { value: 'pending', enumerable: false });
    expect(inputs.parse('operations.list', hidden)).toEqual({ ok: true, value: { status: 'pending', limit: 20 } });
    // The same visible fields without the hidden one: the default status, not the hidden one's.
    expect(inputs.parse('operations.list', { limit: 20 })).toEqual({ ok: true, value: { status: 'all', limit: 20 } });
    const period = { from: '2026-11-01', to: '2026-11-28' };
    const first = inputs.parse('report.day', period);
    expect(inputs.parse('report.day', { ...period })).toEqual(first);
    expect(inputs.parse('report.day', { from: '2026-11-01', to: '2026-11-29' })).not.toEqual(first);
  });
});
