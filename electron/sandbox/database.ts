// The sandbox's SQLite database: pragmas and schema migrations (STYLE.md §5). Migrations are an
// ordered list; `user_version` says how many ran. A database written by a newer sandbox is
// refused rather than guessed at.
import Database from 'better-sqlite3';

export type SandboxDatabase = Database.Database;

const MIGRATIONS: readonly string[] = [
  // 1: merchants, their tokens, wallets, payment requests, payments and the event log.
  `
  CREATE TABLE merchants (
    convention_number TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    password_salt BLOB NOT NULL,
    password_hash BLOB NOT NULL,
    min_amount_cents INTEGER NOT NULL,
    max_amount_cents INTEGER NOT NULL,
    wrong_password_count INTEGER NOT NULL DEFAULT 0,
    locked INTEGER NOT NULL DEFAULT 0
  ) STRICT;

  -- Only a hash of each token is kept: a copy of the database does not hand out sessions.
  CREATE TABLE access_tokens (
    token_hash TEXT PRIMARY KEY,
    convention_number TEXT NOT NULL REFERENCES merchants(convention_number) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX access_tokens_by_merchant ON access_tokens(convention_number);

  CREATE TABLE wallets (
    wallet_id TEXT PRIMARY KEY,
    balance_cents INTEGER NOT NULL CHECK (balance_cents >= 0)
  ) STRICT;

  CREATE TABLE payment_requests (
    id TEXT PRIMARY KEY,
    convention_number TEXT NOT NULL REFERENCES merchants(convention_number),
    basket_number TEXT NOT NULL,
    amount_requested_cents INTEGER NOT NULL CHECK (amount_requested_cents > 0),
    amount_received_cents INTEGER NOT NULL DEFAULT 0
      CHECK (amount_received_cents >= 0 AND amount_received_cents <= amount_requested_cents),
    status TEXT NOT NULL CHECK (status IN ('pending', 'validated', 'cancelled', 'expired')),
    label TEXT,
    customer_reference TEXT,
    seller_id TEXT,
    qr_token TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL,
    body_fingerprint TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    UNIQUE (convention_number, idempotency_key)
  ) STRICT;
  -- One pending request per basket and merchant, enforced by the database itself.
  CREATE UNIQUE INDEX one_pending_request_per_basket
    ON payment_requests(convention_number, basket_number) WHERE status = 'pending';
  CREATE INDEX payment_requests_newest_first ON payment_requests(convention_number, created_at DESC, id DESC);
  CREATE INDEX payment_requests_due ON payment_requests(status, expires_at);

  -- One payment per request: the UNIQUE constraint makes a second one impossible.
  CREATE TABLE payments (
    id TEXT PRIMARY KEY,
    payment_request_id TEXT NOT NULL UNIQUE REFERENCES payment_requests(id),
    wallet_id TEXT NOT NULL REFERENCES wallets(wallet_id),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    created_at TEXT NOT NULL
  ) STRICT;

  -- AUTOINCREMENT: event ids only ever grow, even across restarts, so Last-Event-ID stays valid.
  CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    convention_number TEXT NOT NULL REFERENCES merchants(convention_number),
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX events_by_merchant ON events(convention_number, id);
  `,
  // 2: the list of what changed since an instant (`updatedSince`), oldest change first: what a
  // client reads instead of fetching each pending request while the event stream is down.
  `
  CREATE INDEX payment_requests_by_update ON payment_requests(convention_number, updated_at, id);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export interface OpenOptions {
  /** better-sqlite3 addon built for another ABI (Electron); undefined under Node. */
  nativeBinding?: string;
}

/** Opens (or creates) the database at `path`, in memory when `path` is null, and migrates it. */
export function openSandboxDatabase(path: string | null, options: OpenOptions = {}): SandboxDatabase {
  const db = new Database(path ?? ':memory:', options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    if (path) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function migrate(db: SandboxDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `the sandbox database is at schema version ${current}, newer than this sandbox knows (${SCHEMA_VERSION}); use a newer sandbox or another --db file`,
    );
  }
  for (let version = current; version < SCHEMA_VERSION; version += 1) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
