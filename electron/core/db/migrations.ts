// The operation log's schema, as an ordered list of migrations checked at every open
// (`PRAGMA user_version` = how many have run). Never edit a migration that has shipped:
// add the next one. Each one has its own test in tests/integration/operation-log-migrations.test.ts.
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'operations and their append-only history',
    up(db) {
      db.exec(`
        CREATE TABLE operations (
          id TEXT PRIMARY KEY,
          idempotency_key TEXT NOT NULL UNIQUE,
          platform_id TEXT UNIQUE,
          convention_number TEXT NOT NULL,
          basket_number TEXT NOT NULL COLLATE NOCASE,
          amount_requested_cents INTEGER NOT NULL CHECK (amount_requested_cents > 0),
          amount_received_cents INTEGER NOT NULL DEFAULT 0
            CHECK (amount_received_cents >= 0 AND amount_received_cents <= amount_requested_cents),
          status TEXT NOT NULL
            CHECK (status IN ('creating', 'pending', 'validated', 'cancelled', 'expired', 'failed')),
          label TEXT,
          customer_reference TEXT,
          seller_id TEXT,
          qr_payload TEXT,
          failure_code TEXT,
          failure_message TEXT,
          follow_up_of TEXT REFERENCES operations(id),
          till_id TEXT NOT NULL,
          origin TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          expires_at TEXT
        ) STRICT;

        -- The operations list: newest first, keyset on (created_at, id), with or without a status.
        CREATE INDEX operations_by_time ON operations (created_at, id);
        CREATE INDEX operations_by_status_time ON operations (status, created_at, id);
        -- Search by basket number (prefix, case-insensitive thanks to the column's NOCASE).
        CREATE INDEX operations_by_basket_time ON operations (basket_number, created_at, id);
        -- Start-up reconciliation reads the few non-final operations only.
        CREATE INDEX operations_unsettled ON operations (status) WHERE status IN ('creating', 'pending');

        CREATE TABLE operation_events (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          operation_id TEXT NOT NULL REFERENCES operations(id),
          at TEXT NOT NULL,
          source TEXT NOT NULL
            CHECK (source IN ('local', 'stream', 'poll', 'refresh', 'reconciliation')),
          status TEXT NOT NULL,
          amount_received_cents INTEGER NOT NULL,
          detail TEXT
        ) STRICT;
        CREATE INDEX operation_events_by_operation ON operation_events (operation_id, seq);

        -- History is append-only: an audit trail that can be rewritten is not one.
        CREATE TRIGGER operation_events_no_update BEFORE UPDATE ON operation_events
          BEGIN SELECT RAISE(ABORT, 'operation_events is append-only'); END;
        CREATE TRIGGER operation_events_no_delete BEFORE DELETE ON operation_events
          BEGIN SELECT RAISE(ABORT, 'operation_events is append-only'); END;

        -- Small key/value state: the platform event stream's last id per merchant.
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      `);
    },
  },
  {
    version: 2,
    name: 'full-text search over labels, customer references and seller ids',
    up(db) {
      // Trigram FTS lets "text" searches use an index instead of scanning every row: the list
      // must stay instant after years of trading.
      db.exec(`
        CREATE VIRTUAL TABLE operations_text USING fts5(
          basket_number, label, customer_reference, seller_id,
          content='operations', content_rowid='rowid', tokenize='trigram'
        );
        INSERT INTO operations_text (rowid, basket_number, label, customer_reference, seller_id)
          SELECT rowid, basket_number, label, customer_reference, seller_id FROM operations;
        CREATE TRIGGER operations_text_insert AFTER INSERT ON operations BEGIN
          INSERT INTO operations_text (rowid, basket_number, label, customer_reference, seller_id)
            VALUES (new.rowid, new.basket_number, new.label, new.customer_reference, new.seller_id);
        END;
        CREATE TRIGGER operations_text_delete AFTER DELETE ON operations BEGIN
          INSERT INTO operations_text (operations_text, rowid, basket_number, label, customer_reference, seller_id)
            VALUES ('delete', old.rowid, old.basket_number, old.label, old.customer_reference, old.seller_id);
        END;
      `);
      // Those four columns never change after the intent is written, so no UPDATE trigger is needed;
      // this trigger keeps that promise honest.
      db.exec(`
        CREATE TRIGGER operations_text_columns_frozen BEFORE UPDATE OF basket_number, label, customer_reference, seller_id
          ON operations BEGIN SELECT RAISE(ABORT, 'searchable columns are written once'); END;
      `);
    },
  },
  {
    version: 3,
    name: 'Caisse-AP exchanges with the till',
    up(db) {
      // Every request a till sends over Caisse-AP, what it was answered and whether the answer
      // reached it, against the operation it created (none for a refusal or a malformed frame).
      db.exec(`
        CREATE TABLE till_exchanges (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          operation_id TEXT REFERENCES operations(id),
          at TEXT NOT NULL,
          remote_address TEXT NOT NULL,
          request_frame TEXT NOT NULL,
          answer_frame TEXT,
          result_code TEXT,
          delivery TEXT NOT NULL DEFAULT 'pending'
            CHECK (delivery IN ('pending', 'sent', 'immediate', 'undelivered', 'none')),
          answered_at TEXT
        ) STRICT;
        CREATE INDEX till_exchanges_by_operation ON till_exchanges (operation_id) WHERE operation_id IS NOT NULL;
        CREATE INDEX till_exchanges_by_time ON till_exchanges (at, id);
      `);
    },
  },
  {
    version: 7,
    name: 'day close: an index in the report’s grouping order, and the basket of each follow-up',
    up(db) {
      // The day close groups a period's requests by till, origin, seller, status and basket role.
      // Over a year of trading, reading an index already in that order beats sorting a third of
      // the log; a day still reads operations_by_time (the report picks by the period's length).
      db.exec(`
        CREATE INDEX operations_report_groups ON operations
          (till_id, origin, seller_id, status, (follow_up_of IS NULL), created_at, amount_requested_cents, amount_received_cents);
      `);
      // A basket is its first request and the follow-ups asked for its remainder ("Demander le
      // reste"), possibly a follow-up of a follow-up. Each follow-up is filed under its first
      // request once, when written (follow_up_of never changes), so a report finds a period's
      // baskets without walking chains.
      db.exec(`
        CREATE TABLE basket_follow_ups (
          follow_up_id TEXT PRIMARY KEY REFERENCES operations(id),
          root_id TEXT NOT NULL REFERENCES operations(id),
          root_created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX basket_follow_ups_by_root_time ON basket_follow_ups (root_created_at, root_id);
        CREATE TRIGGER basket_follow_ups_insert AFTER INSERT ON operations WHEN new.follow_up_of IS NOT NULL BEGIN
          INSERT INTO basket_follow_ups (follow_up_id, root_id, root_created_at)
            SELECT new.id, coalesce(filed.root_id, previous.id), coalesce(filed.root_created_at, previous.created_at)
            FROM operations AS previous LEFT JOIN basket_follow_ups AS filed ON filed.follow_up_id = previous.id
            WHERE previous.id = new.follow_up_of;
        END;
        WITH RECURSIVE chain (follow_up_id, root_id) AS (
          SELECT id, follow_up_of FROM operations WHERE follow_up_of IS NOT NULL
          UNION ALL
          SELECT chain.follow_up_id, parent.follow_up_of FROM chain JOIN operations AS parent ON parent.id = chain.root_id
            WHERE parent.follow_up_of IS NOT NULL
        )
        INSERT INTO basket_follow_ups (follow_up_id, root_id, root_created_at)
          SELECT chain.follow_up_id, chain.root_id, root.created_at FROM chain JOIN operations AS root ON root.id = chain.root_id
          WHERE root.follow_up_of IS NULL;
      `);
    },
  },
];

export const LATEST_VERSION = migrations[migrations.length - 1]!.version;
