// Builds a realistic operation log of N operations with their history, seeded and reproducible:
// three years of trading, a mix of statuses and partial payments, basket numbers as tills write
// them, labels now and then. Written with plain inserts in large transactions (the app's own
// schema, opened through the app's openDatabase so the migrations are the real ones).
import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { openDatabase } from '../../electron/core/db/open';

/** mulberry32: a small seeded PRNG, so every run builds the same log. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LABELS = ['Emplacement', 'Location vélo', 'Menu du jour', 'Entrée musée', 'Forfait ski', 'Mobil-home', 'Glaces', 'Visite guidée'];
const YEARS = 3;

export interface FixtureSpec {
  operations: number;
  seed?: number;
  /** The most recent instant of the log (default: now). */
  end?: Date;
}

export interface FixtureInfo {
  operations: number;
  events: number;
  from: string;
  to: string;
  /** A basket number known to exist, and a busy day, for the searches the bench runs. */
  sampleBasket: string;
  sampleDay: string;
}

export function buildOperationLog(file: string, spec: FixtureSpec): FixtureInfo {
  mkdirSync(dirname(file), { recursive: true });
  const db = openDatabase(file);
  try {
    return fill(db, spec);
  } finally {
    db.close();
  }
}

function fill(db: Database.Database, spec: FixtureSpec): FixtureInfo {
  const random = seededRandom(spec.seed ?? 20261126);
  const end = (spec.end ?? new Date()).getTime();
  const start = end - YEARS * 365 * 86_400_000;
  const step = (end - start) / spec.operations;
  // Bulk load: durability is pointless while building a throwaway fixture.
  db.pragma('synchronous = OFF');
  const insertOp = db.prepare(`INSERT INTO operations (id, idempotency_key, platform_id, convention_number, basket_number,
      amount_requested_cents, amount_received_cents, status, label, customer_reference, seller_id, qr_payload,
      failure_code, failure_message, follow_up_of, till_id, origin, created_at, updated_at, expires_at)
    VALUES (?, ?, ?, '643736001001', ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL, ?, ?, ?, ?, ?)`);
  const insertEvent = db.prepare(`INSERT INTO operation_events (operation_id, at, source, status, amount_received_cents, detail)
    VALUES (?, ?, ?, ?, ?, NULL)`);
  let events = 0;
  let sampleBasket = '';
  const BATCH = 20_000;
  for (let first = 0; first < spec.operations; first += BATCH) {
    db.transaction(() => {
      for (let i = first; i < Math.min(spec.operations, first + BATCH); i++) {
        const createdMs = Math.floor(start + i * step + random() * step * 0.5);
        const createdAt = new Date(createdMs).toISOString();
        const recent = end - createdMs < 10 * 60_000;
        const roll = random();
        const status = recent && roll < 0.5 ? 'pending' : roll < 0.7 ? 'validated' : roll < 0.82 ? 'expired' : roll < 0.97 ? 'cancelled' : 'failed';
        const amount = 500 + Math.floor(random() * 30_000);
        const received = status === 'validated' ? (random() < 0.15 ? Math.floor(amount * (0.2 + random() * 0.7)) : amount) : 0;
        const updatedAt = new Date(createdMs + 20_000 + Math.floor(random() * 200_000)).toISOString();
        const id = `op-${i.toString(36).padStart(6, '0')}`;
        const basket = random() < 0.5 ? `REF${100_000 + i}` : `T${createdAt.slice(2, 10).replaceAll('-', '')}-${i % 1000}`;
        if (i === Math.floor(spec.operations / 2)) sampleBasket = basket;
        const label = random() < 0.3 ? `${LABELS[Math.floor(random() * LABELS.length)]} ${i % 97}` : null;
        insertOp.run(
          id,
          `key-${id}`,
          status === 'failed' ? null : `pr-${id}`,
          basket,
          amount,
          received,
          status,
          label,
          random() < 0.1 ? `CLIENT-${i % 5000}` : null,
          random() < 0.2 ? `V${i % 12}` : null,
          status === 'failed' ? 'validation_error' : null,
          status === 'failed' ? 'La plateforme refuse le champ « Montant demandé ».' : null,
          `caisse-${1 + (i % 3)}`,
          i % 5 === 0 ? 'caisse-ap' : 'cashier',
          createdAt,
          status === 'pending' ? createdAt : updatedAt,
          status === 'failed' ? null : new Date(createdMs + 300_000).toISOString(),
        );
        insertEvent.run(id, createdAt, 'local', 'creating', 0);
        events++;
        if (status !== 'failed') {
          insertEvent.run(id, createdAt, 'local', 'pending', 0);
          events++;
        }
        if (status !== 'pending') {
          insertEvent.run(id, updatedAt, random() < 0.9 ? 'stream' : 'poll', status, received);
          events++;
        }
      }
    })();
  }
  db.pragma('synchronous = FULL');
  db.exec('ANALYZE');
  return {
    operations: spec.operations,
    events,
    from: new Date(start).toISOString(),
    to: new Date(end).toISOString(),
    sampleBasket,
    sampleDay: new Date(end - 40 * 86_400_000).toISOString().slice(0, 10),
  };
}
