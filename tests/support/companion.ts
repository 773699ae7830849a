// Test helpers for the core: a real companion (real SQLite file in a temp folder) against a real
// sandbox platform on a loopback port, and small waits on events (never fixed sleeps).
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName, EventPayload, Operation, Result } from '../../electron/common/contract';
import { createCompanion, type CoreCompanion } from '../../electron/core/companion';
import { silentLogger } from '../../electron/core/logger';
import { SandboxGateway } from '../../electron/core/platform/sandbox-gateway';
import type { CompanionTiming, OpenedPlatform, SecretStore } from '../../electron/core/ports';
import { MemorySecretStore, MemorySettingsStore } from '../../electron/core/stores';
import { DEFAULT_DEMO_PASSWORD, DEMO_CONVENTION_NUMBER } from '../../electron/sandbox/index';

export function tempDir(prefix = 'cvc-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export const FAST_TIMING: Partial<CompanionTiming> = {
  requestTimeoutMs: 3_000,
  pollIntervalMs: 200,
  reconnectMinMs: 50,
  reconnectMaxMs: 400,
};

/**
 * The platform the core starts on, for tests: the API v1 adapter to a sandbox the test runs
 * itself (`kind: 'sandbox'`, as the embedded demo platform, or `'api-v1'`, as another server of
 * the same API). Closing it leaves the test's sandbox running.
 */
export function sandboxPlatform(
  url: string,
  options: { kind?: 'sandbox' | 'api-v1'; timing?: Partial<CompanionTiming> } = {},
): OpenedPlatform {
  const kind = options.kind ?? 'sandbox';
  const timing = { ...FAST_TIMING, ...options.timing };
  return {
    gateway: new SandboxGateway({
      baseUrl: url,
      kind,
      timeoutMs: timing.requestTimeoutMs!,
      pollIntervalMs: timing.pollIntervalMs!,
      reconnectMinMs: timing.reconnectMinMs!,
      reconnectMaxMs: timing.reconnectMaxMs!,
    }),
    demo: kind === 'sandbox' ? { conventionNumber: DEMO_CONVENTION_NUMBER, password: DEFAULT_DEMO_PASSWORD } : null,
    source: 'command-line',
    key: kind === 'sandbox' ? 'sandbox' : `api-v1 ${new URL(url).href}`,
    close: async () => undefined,
  };
}

export async function startTestCompanion(options: {
  platformUrl: string;
  dataDir: string;
  secretStore?: SecretStore;
  timing?: Partial<CompanionTiming>;
}): Promise<CoreCompanion> {
  return createCompanion({
    dataDir: options.dataDir,
    platform: sandboxPlatform(options.platformUrl, { timing: { ...FAST_TIMING, ...options.timing } }),
    secretStore: options.secretStore ?? new MemorySecretStore(),
    settingsStore: new MemorySettingsStore(),
    log: silentLogger,
    timing: { ...FAST_TIMING, ...options.timing },
  });
}

export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export async function loginDemo(companion: CoreCompanion, password = DEFAULT_DEMO_PASSWORD): Promise<void> {
  unwrap(await companion.invoke('session.login', { conventionNumber: DEMO_CONVENTION_NUMBER, password }));
}

export async function createPayment(companion: CoreCompanion, input: Record<string, unknown>): Promise<Operation> {
  return unwrap(await companion.invoke('payments.create', input)) as Operation;
}

/** Resolves with the first event payload that matches, or fails after `timeoutMs`. */
export function nextEvent<E extends EventName>(
  companion: CoreCompanion,
  event: E,
  matches: (payload: EventPayload<E>) => boolean,
  timeoutMs = 5_000,
): Promise<EventPayload<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = companion.on(event, (payload) => {
      if (!matches(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** The customer pays with the sandbox's wallet API (the stand-in for their phone app). */
export async function payAsCustomer(platformUrl: string, qrPayload: string, amount: number, walletId = 'demo-wallet-1') {
  const response = await fetch(`${platformUrl}/v1/wallet/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ qrPayload, walletId, amount }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`wallet payment refused: ${response.status} ${JSON.stringify(body)}`);
  return body as { paymentRequest: { status: string; amountReceived: number } };
}

export async function sandboxAdmin(platformUrl: string, path: string, body: unknown = {}): Promise<void> {
  const response = await fetch(`${platformUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`sandbox admin ${path}: ${response.status} ${await response.text()}`);
}

/** Payment requests the platform holds for a basket (to prove nothing was duplicated). */
export async function platformRequests(platformUrl: string, basketNumber: string, password = DEFAULT_DEMO_PASSWORD) {
  const login = await fetch(`${platformUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ conventionNumber: DEMO_CONVENTION_NUMBER, password }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const list = await fetch(`${platformUrl}/v1/payment-requests?basketNumber=${encodeURIComponent(basketNumber)}`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  return ((await list.json()) as { items: Array<{ id: string; status: string; amountReceived: number }> }).items;
}

/** Reads the operation log file directly (read-only, as another process would): the companion
 *  may be running, or dead. */
export function readLog<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

export function operationCount(file: string): number {
  return readLog(file, (db) => (db.prepare('SELECT count(*) AS n FROM operations').get() as { n: number }).n);
}

/** An operation's history (status changes and their sources), oldest first. */
export function operationHistory(file: string, operationId: string): Array<{ source: string; status: string }> {
  return readLog(file, (db) =>
    db.prepare('SELECT source, status FROM operation_events WHERE operation_id = ? ORDER BY seq').all(operationId) as Array<{
      source: string;
      status: string;
    }>,
  );
}
