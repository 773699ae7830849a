// The cashier preload (issue 4 §1, STYLE.md §6): `window.companion` is exactly the contract's
// groups and methods plus `on`; subscriptions return an unsubscribe and never pass the Electron
// event to the page; `window.companionShell` has only the shell's channels.
import { beforeEach, describe, expect, it } from 'vitest';
import { CHANNELS, type CompanionApi, type Operation } from '../../electron/common/contract';
import type { CompanionShellApi } from '../../electron/main/shell-contract';
import { contextBridge, ipcRenderer } from './stand-in-electron';
import '../../electron/main/preload';

const exposed = new Map(contextBridge.exposed);
const companion = exposed.get('companion') as CompanionApi;
const companionShell = exposed.get('companionShell') as CompanionShellApi;

const OPERATION = { id: 'op-1', status: 'validated', amountRequested: 2000, amountReceived: 1500 } as unknown as Operation;

function groupsOf(channels: readonly string[]): Record<string, string[]> {
  const groups: Record<string, string[]> = {};
  for (const channel of channels) {
    const [group, method] = channel.split('.') as [string, string];
    (groups[group] ??= []).push(method);
  }
  return groups;
}

describe('cashier preload', () => {
  beforeEach(() => {
    ipcRenderer.invocations.length = 0;
    ipcRenderer.answer = async (channel) => ({ ok: true, value: { answeredBy: channel } });
  });

  it('exposes window.companion and window.companionShell, nothing else', () => {
    expect([...exposed.keys()].sort()).toEqual(['companion', 'companionShell']);
  });

  it('gives window.companion exactly the contract groups and methods, plus on', () => {
    const expected = groupsOf(CHANNELS);
    expect(Object.keys(companion).sort()).toEqual([...Object.keys(expected), 'on'].sort());
    for (const [group, methods] of Object.entries(expected)) {
      const api = (companion as unknown as Record<string, Record<string, unknown>>)[group] ?? {};
      expect(Object.keys(api).sort()).toEqual([...methods].sort());
    }
    expect(Object.isFrozen(companion)).toBe(true);
  });

  it('turns each method into an invoke of its contract channel with the input as given', async () => {
    const input = { amount: 2000, basketNumber: 'REF253' };
    expect(await companion.payments.create(input)).toEqual({ ok: true, value: { answeredBy: 'payments.create' } });
    await companion.session.get({});
    expect(ipcRenderer.invocations).toEqual([
      { channel: 'payments.create', args: [input] },
      { channel: 'session.get', args: [{}] },
    ]);
  });

  it('hands the page only the payload of an event, and stops when unsubscribed', () => {
    const received: unknown[][] = [];
    const unsubscribe = companion.on('payment.updated', (...args: unknown[]) => received.push(args));
    expect(typeof unsubscribe).toBe('function');
    ipcRenderer.deliver('payment.updated', OPERATION);
    ipcRenderer.deliver('session.changed', { status: 'logged_out' });
    expect(received).toEqual([[OPERATION]]);

    unsubscribe();
    ipcRenderer.deliver('payment.updated', OPERATION);
    expect(received).toHaveLength(1);
    expect(ipcRenderer.listenerCount('payment.updated')).toBe(0);
  });

  it('keeps two subscriptions to one event independent', () => {
    const first: unknown[] = [];
    const second: unknown[] = [];
    const stopFirst = companion.on('payment.updated', (payload) => first.push(payload));
    const stopSecond = companion.on('payment.updated', (payload) => second.push(payload));
    stopFirst();
    ipcRenderer.deliver('payment.updated', OPERATION);
    expect(first).toEqual([]);
    expect(second).toEqual([OPERATION]);
    stopSecond();
  });

  it('refuses an event that is not in the contract', () => {
    expect(() => companion.on('electron-store-get-data' as never, () => undefined)).toThrow(/unknown event/);
    expect(ipcRenderer.listenerCount('electron-store-get-data')).toBe(0);
  });

  it('gives window.companionShell only "Écran client", the OS notification, saving the day close, « Journaux », and the platform name', async () => {
    expect(Object.keys(companionShell).sort()).toEqual(['notify', 'openCustomerDisplay', 'openLogsFolder', 'platform', 'saveReportCsv', 'saveReportPdf']);
    expect(companionShell.platform).toBe(process.platform);
    ipcRenderer.answer = async () => ({ ok: true, value: null });
    await expect(companionShell.openCustomerDisplay()).resolves.toBeUndefined();
    await expect(companionShell.notify({ title: 'Paiement validé', body: '20,00 € reçus — panier REF253' })).resolves.toBeUndefined();
    expect(ipcRenderer.invocations).toEqual([
      { channel: 'shell.openCustomerDisplay', args: [{}] },
      { channel: 'shell.notify', args: [{ title: 'Paiement validé', body: '20,00 € reçus — panier REF253' }] },
    ]);
  });

  it('hands back where « Journaux » opened the logs folder', async () => {
    ipcRenderer.answer = async () => ({ ok: true, value: { opened: true, path: '/home/caisse/.config/cv-connect-companion/logs' } });
    await expect(companionShell.openLogsFolder()).resolves.toEqual({ opened: true, path: '/home/caisse/.config/cv-connect-companion/logs' });
    expect(ipcRenderer.invocations).toEqual([{ channel: 'shell.openLogsFolder', args: [{}] }]);
  });

  it('passes the period of « Exporter en CSV » and hands back what main saved', async () => {
    ipcRenderer.answer = async () => ({ ok: true, value: { saved: true, path: '/tmp/cheque-vacances-connect_2026-11-26.csv' } });
    await expect(companionShell.saveReportCsv({ from: '2026-11-26', to: '2026-11-26' })).resolves.toEqual({
      saved: true,
      path: '/tmp/cheque-vacances-connect_2026-11-26.csv',
    });
    expect(ipcRenderer.invocations).toEqual([{ channel: 'shell.saveReportCsv', args: [{ from: '2026-11-26', to: '2026-11-26' }] }]);
  });

  it('rejects "Écran client" with the French sentence when main refuses it', async () => {
    ipcRenderer.answer = async () => ({ ok: false, error: { code: 'forbidden', message: 'Accès refusé pour cet écran.' } });
    await expect(companionShell.openCustomerDisplay()).rejects.toThrow('Accès refusé pour cet écran.');
  });
});
