// The customer window's preload (issue 5 §1): only `customerDisplay.subscribe`, which gives the
// current state at once and then every change, and nothing of the cashier's contract.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DisplayState } from '../../electron/common/contract';
import type { CustomerDisplayApi } from '../../electron/main/display-preload';
import { IDLE_DISPLAY } from './helpers';
import { contextBridge, ipcRenderer } from './stand-in-electron';
import '../../electron/main/display-preload';

const exposed = new Map(contextBridge.exposed);
const customerDisplay = exposed.get('customerDisplay') as CustomerDisplayApi;

const PAYING: DisplayState = {
  ...IDLE_DISPLAY,
  phase: 'payment',
  payment: {
    operationId: 'op-1',
    basketNumber: 'REF253',
    amountRequested: 2000,
    amountReceived: 0,
    remainder: 2000,
    qrPayload: 'http://127.0.0.1:1/wallet?qr=abc',
    expiresAt: '2026-07-01T10:05:00.000Z',
  },
};

describe('customer display preload', () => {
  beforeEach(() => {
    ipcRenderer.invocations.length = 0;
    ipcRenderer.answer = async () => ({ ok: true, value: IDLE_DISPLAY });
  });

  it('exposes only window.customerDisplay with only subscribe', () => {
    expect([...exposed.keys()]).toEqual(['customerDisplay']);
    expect(Object.keys(customerDisplay)).toEqual(['subscribe']);
    expect(Object.isFrozen(customerDisplay)).toBe(true);
  });

  it('gives the current state at once, then each change, and stops when unsubscribed', async () => {
    const states: unknown[][] = [];
    const unsubscribe = customerDisplay.subscribe((...args: unknown[]) => states.push(args));
    expect(ipcRenderer.invocations).toEqual([{ channel: 'display.get', args: [{}] }]);
    await vi.waitFor(() => expect(states, 'the current state').toHaveLength(1), { timeout: 1_000, interval: 10 });
    expect(states).toEqual([[IDLE_DISPLAY]]);

    ipcRenderer.deliver('display.changed', PAYING);
    ipcRenderer.deliver('payment.updated', { id: 'op-1' });
    expect(states).toEqual([[IDLE_DISPLAY], [PAYING]]);

    unsubscribe();
    ipcRenderer.deliver('display.changed', IDLE_DISPLAY);
    expect(states).toHaveLength(2);
    expect(ipcRenderer.listenerCount('display.changed')).toBe(0);
  });

  it('never lets an older answer overwrite a change that arrived first', async () => {
    let answer!: (value: unknown) => void;
    ipcRenderer.answer = () => new Promise((resolve) => (answer = resolve));
    const states: DisplayState[] = [];
    const unsubscribe = customerDisplay.subscribe((state) => states.push(state));
    ipcRenderer.deliver('display.changed', PAYING);
    answer({ ok: true, value: IDLE_DISPLAY });
    await new Promise((resolve) => setImmediate(resolve));
    expect(states).toEqual([PAYING]);
    unsubscribe();
  });

  it('stays quiet when main refuses or fails, and after an early unsubscribe', async () => {
    ipcRenderer.answer = async () => ({ ok: false, error: { code: 'forbidden', message: 'Accès refusé pour cet écran.' } });
    const states: DisplayState[] = [];
    customerDisplay.subscribe((state) => states.push(state))();
    ipcRenderer.answer = async () => {
      throw new Error('window closing');
    };
    customerDisplay.subscribe((state) => states.push(state))();
    ipcRenderer.answer = async () => ({ ok: true, value: IDLE_DISPLAY });
    customerDisplay.subscribe((state) => states.push(state))();
    await new Promise((resolve) => setImmediate(resolve));
    expect(states).toEqual([]);
  });

  it('refuses a listener that is not a function', () => {
    expect(() => customerDisplay.subscribe('display.get' as never)).toThrow(TypeError);
  });
});
