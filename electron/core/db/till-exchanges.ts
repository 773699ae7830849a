// Query functions over the Caisse-AP exchanges (migration 3): one row per request a till sent,
// written when the request is read, completed when it is answered. The Caisse-AP server
// (electron/caisse-ap) reaches them through the core's `till.exchanges` hook, never the file.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { statement } from './operation-log';

export const TILL_DELIVERIES = ['pending', 'sent', 'immediate', 'undelivered', 'none'] as const;
/**
 * What became of the answer: `pending` (the request is being handled), `sent` (written to the
 * till), `immediate` (BA=1: "taken into account" was sent at once, the result was not),
 * `undelivered` (the till had gone when the result came), `none` (the connection was closed
 * without an answer).
 */
export type TillDelivery = (typeof TILL_DELIVERIES)[number];

const TillExchangeRow = z.object({
  id: z.number().int(),
  operation_id: z.string().nullable(),
  at: z.string(),
  remote_address: z.string(),
  request_frame: z.string(),
  answer_frame: z.string().nullable(),
  result_code: z.string().nullable(),
  delivery: z.enum(TILL_DELIVERIES),
  answered_at: z.string().nullable(),
});

export interface TillExchange {
  id: number;
  operationId: string | null;
  at: string;
  remoteAddress: string;
  requestFrame: string;
  answerFrame: string | null;
  /** `AE` of the result, with `AF` after a dash on a failure: `10`, `11`, `01-08`… */
  resultCode: string | null;
  delivery: TillDelivery;
  answeredAt: string | null;
}

const COLUMNS = 'id, operation_id, at, remote_address, request_frame, answer_frame, result_code, delivery, answered_at';

function toTillExchange(raw: unknown): TillExchange {
  const row = TillExchangeRow.parse(raw);
  return {
    id: row.id,
    operationId: row.operation_id,
    at: row.at,
    remoteAddress: row.remote_address,
    requestFrame: row.request_frame,
    answerFrame: row.answer_frame,
    resultCode: row.result_code,
    delivery: row.delivery,
    answeredAt: row.answered_at,
  };
}

export function openTillExchange(db: Database.Database, exchange: { at: string; remoteAddress: string; requestFrame: string }): number {
  const info = statement(db, 'INSERT INTO till_exchanges (at, remote_address, request_frame) VALUES (?, ?, ?)').run(
    exchange.at,
    exchange.remoteAddress,
    exchange.requestFrame,
  );
  return Number(info.lastInsertRowid);
}

export function linkTillExchange(db: Database.Database, id: number, operationId: string): void {
  statement(db, 'UPDATE till_exchanges SET operation_id = ? WHERE id = ?').run(operationId, id);
}

export function recordTillAnswer(
  db: Database.Database,
  id: number,
  answer: { answerFrame: string | null; resultCode: string | null; delivery: Exclude<TillDelivery, 'pending'>; at: string },
): void {
  statement(db, 'UPDATE till_exchanges SET answer_frame = ?, result_code = ?, delivery = ?, answered_at = ? WHERE id = ?').run(
    answer.answerFrame,
    answer.resultCode,
    answer.delivery,
    answer.at,
    id,
  );
}

/** The final result of a request answered at once (BA=1): the answer sent stays as it was. */
export function recordTillResult(db: Database.Database, id: number, resultCode: string): void {
  statement(db, 'UPDATE till_exchanges SET result_code = ? WHERE id = ?').run(resultCode, id);
}

export function tillExchangesOf(db: Database.Database, operationId: string): TillExchange[] {
  return statement(db, `SELECT ${COLUMNS} FROM till_exchanges WHERE operation_id = ? ORDER BY id`).all(operationId).map(toTillExchange);
}

/** The latest exchanges, newest first. */
export function recentTillExchanges(db: Database.Database, limit = 50): TillExchange[] {
  return statement(db, `SELECT ${COLUMNS} FROM till_exchanges ORDER BY id DESC LIMIT ?`).all(limit).map(toTillExchange);
}

/** The exchanges log bound to one database: what the core hands the Caisse-AP server. */
export interface TillExchangeLog {
  open(exchange: { remoteAddress: string; requestFrame: string }): number;
  link(id: number, operationId: string): void;
  answer(id: number, answer: { answerFrame: string | null; resultCode: string | null; delivery: Exclude<TillDelivery, 'pending'> }): void;
  result(id: number, resultCode: string): void;
  ofOperation(operationId: string): TillExchange[];
  recent(limit?: number): TillExchange[];
}

export function tillExchangeLog(db: Database.Database): TillExchangeLog {
  const now = () => new Date().toISOString();
  return {
    open: (exchange) => openTillExchange(db, { ...exchange, at: now() }),
    link: (id, operationId) => linkTillExchange(db, id, operationId),
    answer: (id, answer) => recordTillAnswer(db, id, { ...answer, at: now() }),
    result: (id, resultCode) => recordTillResult(db, id, resultCode),
    ofOperation: (operationId) => tillExchangesOf(db, operationId),
    recent: (limit) => recentTillExchanges(db, limit),
  };
}
