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
    version: 4,
    name: 'the platform of each operation, and the local API idempotency keys',
    up(db) {
      // Which platform a request was sent to (`sandbox`, or the platform's URL): reconciliation and
      // polling ask only that platform about it, so a data folder started against another one (a
      // damaged settings file falling back to the demo sandbox, say) never marks it "unknown to
      // the platform". NULL: written before this was recorded, asked of the current platform.
      db.exec(`ALTER TABLE operations ADD COLUMN platform TEXT`);
      // `Idempotency-Key` of the local API's payments.create: the same key with the same request
      // answers the same operation (no second platform request), even after a restart.
      db.exec(`
        CREATE TABLE api_idempotency_keys (
          idempotency_key TEXT PRIMARY KEY,
          request_fingerprint TEXT NOT NULL,
          operation_id TEXT NOT NULL UNIQUE REFERENCES operations(id),
          created_at TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 5,
    name: 'what the till was not told, and junk frames counted instead of kept',
    up(db) {
      // An exchange whose outcome the till does not know (part paid but answered "not done",
      // paid after the till gave up, answered without knowing) stays in front of the cashier until
      // acknowledged. Frames that never became a payment request (malformed, identification,
      // refusals) are counted per day, address and result instead of one fsync-ed row each: a
      // flood must not grow the log forever.
      db.exec(`
        ALTER TABLE till_exchanges ADD COLUMN till_outcome TEXT
          CHECK (till_outcome IN ('partial_not_told', 'paid_after_abandon', 'unresolved', 'paid_after_unknown', 'abandoned', 'unpaid_after_unknown'));
        ALTER TABLE till_exchanges ADD COLUMN register TEXT;
        ALTER TABLE till_exchanges ADD COLUMN amount_requested_cents INTEGER CHECK (amount_requested_cents > 0);
        ALTER TABLE till_exchanges ADD COLUMN amount_received_cents INTEGER CHECK (amount_received_cents >= 0);
        ALTER TABLE till_exchanges ADD COLUMN outcome_at TEXT;
        ALTER TABLE till_exchanges ADD COLUMN acknowledged_at TEXT;
        CREATE INDEX till_exchanges_to_report ON till_exchanges (id)
          WHERE till_outcome IN ('partial_not_told', 'paid_after_abandon', 'unresolved', 'paid_after_unknown') AND acknowledged_at IS NULL;
        CREATE INDEX till_exchanges_by_outcome_time ON till_exchanges (outcome_at) WHERE till_outcome IS NOT NULL;
        CREATE INDEX till_exchanges_unanswered ON till_exchanges (id) WHERE delivery = 'pending';

        CREATE TABLE till_exchange_tallies (
          day TEXT NOT NULL,
          remote_address TEXT NOT NULL,
          kind TEXT NOT NULL CHECK (kind IN ('malformed', 'incomplete', 'identification', 'refused')),
          result_code TEXT NOT NULL,
          count INTEGER NOT NULL CHECK (count > 0),
          bytes INTEGER NOT NULL CHECK (bytes >= 0),
          first_at TEXT NOT NULL,
          last_at TEXT NOT NULL,
          sample_request TEXT NOT NULL,
          PRIMARY KEY (day, remote_address, kind, result_code)
        ) STRICT, WITHOUT ROWID;

        INSERT INTO till_exchange_tallies (day, remote_address, kind, result_code, count, bytes, first_at, last_at, sample_request)
          SELECT substr(at, 1, 10), remote_address,
                 CASE WHEN result_code IS NULL THEN 'incomplete'
                      WHEN result_code = '01-09' THEN 'malformed'
                      WHEN result_code = '10' THEN 'identification'
                      ELSE 'refused' END,
                 coalesce(result_code, ''), count(*), sum(length(request_frame)), min(at), max(at),
                 substr(max(request_frame), 1, 256)
            FROM till_exchanges WHERE operation_id IS NULL
            GROUP BY 1, 2, 3, 4;
        DELETE FROM till_exchanges WHERE operation_id IS NULL;
      `);
    },
  },
  {
    version: 6,
    name: 'remainders of partial payments collected another way',
    up(db) {
      // The guide's way for what a partial payment leaves: another means of payment, recorded on
      // the operation. Columns, not a side table, so the operations list reads it with the row
      // (no extra query per row); the event in operation_events keeps the history.
      db.exec(`
        ALTER TABLE operations ADD COLUMN remainder_means TEXT
          CHECK (remainder_means IN ('cash', 'card', 'cheque', 'paper_cheque_vacances', 'other'));
        ALTER TABLE operations ADD COLUMN remainder_collected_cents INTEGER;
        -- All three together, and the amount is exactly what the payment left.
        ALTER TABLE operations ADD COLUMN remainder_collected_at TEXT
          CHECK ((remainder_collected_at IS NULL) = (remainder_means IS NULL)
            AND (remainder_collected_cents IS NULL) = (remainder_means IS NULL)
            AND (remainder_collected_cents IS NULL OR (status = 'validated'
              AND remainder_collected_cents = amount_requested_cents - amount_received_cents
              AND remainder_collected_cents > 0)));

        -- The day totals count them by the day they were collected.
        CREATE INDEX operations_by_remainder_collected ON operations (remainder_collected_at)
          WHERE remainder_collected_at IS NOT NULL;
        -- Whether a request for the rest exists ("Demander le reste") is looked up by its original.
        CREATE INDEX operations_by_follow_up ON operations (follow_up_of) WHERE follow_up_of IS NOT NULL;

        -- Recorded once: money taken at the till is not rewritten afterwards.
        CREATE TRIGGER operations_remainder_written_once
          BEFORE UPDATE OF remainder_means, remainder_collected_cents, remainder_collected_at ON operations
          WHEN old.remainder_means IS NOT NULL
          BEGIN SELECT RAISE(ABORT, 'a collected remainder is written once'); END;
        -- A remainder collected another way cannot also be asked for with Chèque-Vacances Connect,
        -- however the two requests interleave.
        CREATE TRIGGER operations_no_follow_up_of_collected_remainder BEFORE INSERT ON operations
          WHEN new.follow_up_of IS NOT NULL
            AND (SELECT remainder_means FROM operations WHERE id = new.follow_up_of) IS NOT NULL
          BEGIN SELECT RAISE(ABORT, 'the remainder of this operation was collected another way'); END;
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
  {
    version: 8,
    name: 'the platform’s raw state of each operation, for support',
    up(db) {
      // The companion's fields are what it acts on; support also needs the platform's own words
      // (Worldline: "PAID / CAPTURED" and the link and payment ids), whatever the platform. JSON,
      // written with each recorded state; NULL for operations recorded before this.
      db.exec(`ALTER TABLE operations ADD COLUMN platform_state TEXT CHECK (platform_state IS NULL OR json_valid(platform_state))`);
    },
  },
];

export const LATEST_VERSION = migrations[migrations.length - 1]!.version;
