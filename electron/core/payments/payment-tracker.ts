// Follows pending requests to their final status: push first (the platform's event stream), and
// while the stream is down, a poll of every pending request every 2 s so status still arrives.
import type Database from 'better-sqlite3';
import { getMeta, listUnsettled, setMeta } from '../db/operation-log';
import type { CompanionTiming, Logger } from '../ports';
import type { PlatformClient } from '../platform/platform-client';
import { followPlatformEvents, type PlatformEventsFollower } from '../platform/platform-events';
import type { ActiveSession, SessionService } from '../session';
import type { OperationRecorder } from './operation-recorder';
import { UNKNOWN_TO_PLATFORM } from './reconciliation';
import { PlatformError } from '../platform/platform-error';

/** How long after its expiry a pending request is fetched even while the stream is up. */
const EXPIRY_SAFETY_MS = 3_000;

export class PaymentTracker {
  private follower: PlatformEventsFollower | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private polling = false;
  /** The last event id received, not yet written (see rememberEventId). */
  private lastEventId: { key: string; eventId: string } | null = null;
  private streamUp = false;
  /** Bumped by every start/stop, so callbacks of a follower that was stopped do nothing. */
  private generation = 0;
  private readonly streamListeners = new Set<(up: boolean) => void>();

  constructor(
    private readonly deps: {
      db: Database.Database;
      client: PlatformClient;
      session: SessionService;
      recorder: OperationRecorder;
      timing: CompanionTiming;
      /** The platform this process talks to (platformIdentity): only its operations are polled. */
      platform: string;
      log?: Logger;
    },
  ) {}

  get isStreamUp(): boolean {
    return this.streamUp;
  }

  onStreamChange(listener: (up: boolean) => void): () => void {
    this.streamListeners.add(listener);
    return () => this.streamListeners.delete(listener);
  }

  start(session: ActiveSession): void {
    this.stop();
    const generation = this.generation;
    const current = () => generation === this.generation;
    // Event ids are one platform's numbering: never send one platform's position to another.
    const lastIdKey = `platform.lastEventId.${this.deps.platform}.${session.conventionNumber}`;
    this.follower = followPlatformEvents({
      baseUrl: this.deps.client.baseUrl,
      token: session.token,
      lastEventId: () => getMeta(this.deps.db, lastIdKey),
      onPaymentRequest: (eventId, request) => {
        if (!current()) return;
        this.deps.recorder.recordByPlatformId(request, 'stream');
        if (eventId) this.rememberEventId(lastIdKey, eventId);
      },
      onConnectionChange: (up) => {
        if (!current()) return;
        this.streamUp = up;
        this.deps.log?.info(up ? 'platform event stream up' : 'platform event stream down: polling every pending request');
        for (const listener of this.streamListeners) listener(up);
        // Whatever happened while we were deaf, the poll (or the replay) catches up now.
        if (!up) void this.pollOnce();
      },
      // A replay after a reconnection can bring thousands of events at once: record each chunk's
      // events in one transaction.
      inBatch: (work) => this.deps.recorder.batch(work),
      onUnauthorized: () => {
        if (current()) this.deps.session.markExpired();
      },
      reconnectMinMs: this.deps.timing.reconnectMinMs,
      reconnectMaxMs: this.deps.timing.reconnectMaxMs,
      connectTimeoutMs: this.deps.timing.requestTimeoutMs,
      ...(this.deps.log ? { log: this.deps.log } : {}),
    });
    this.pollTimer = setInterval(() => void this.pollOnce(), this.deps.timing.pollIntervalMs);
    this.pollTimer.unref();
  }

  stop(): void {
    this.flushEventId();
    this.generation++;
    this.follower?.stop();
    this.follower = null;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    if (this.streamUp) {
      this.streamUp = false;
      for (const listener of this.streamListeners) listener(false);
    }
  }

  /**
   * The stream position is only where to resume (a replayed event is recorded again as a no-op),
   * so it is written once per burst of events, not with an fsync of its own after each one: on
   * reconnection the platform replays every event since, thousands after a day offline.
   */
  private rememberEventId(key: string, eventId: string): void {
    const scheduled = this.lastEventId !== null;
    this.lastEventId = { key, eventId };
    if (!scheduled) setImmediate(() => this.flushEventId());
  }

  private flushEventId(): void {
    if (!this.lastEventId) return;
    const { key, eventId } = this.lastEventId;
    this.lastEventId = null;
    try {
      setMeta(this.deps.db, key, eventId);
    } catch (error) {
      // Closed meanwhile: the next connection replays a little more, nothing is lost.
      this.deps.log?.warn('could not save the event stream position', { error: String(error) });
    }
  }

  /** Fetches pending requests: all of them while the stream is down, else only overdue ones. */
  async pollOnce(): Promise<void> {
    const session = this.deps.session.active();
    if (!session || this.polling) return;
    this.polling = true;
    try {
      const now = Date.now();
      const due = listUnsettled(this.deps.db, { conventionNumber: session.conventionNumber, platform: this.deps.platform }).filter(
        (op) =>
          op.status === 'pending' &&
          op.platformId !== null &&
          (!this.streamUp || (op.expiresAt !== null && Date.parse(op.expiresAt) + EXPIRY_SAFETY_MS < now)),
      );
      await Promise.all(
        due.map(async (op) => {
          try {
            const request = await this.deps.session.withToken((s) => this.deps.client.getPaymentRequest(s.token, op.platformId!));
            this.deps.recorder.record(op.id, request, 'poll');
          } catch (error) {
            // Unknown to the platform (a data folder moved to another platform, say): asking again
            // every 2 s forever would change nothing.
            if (error instanceof PlatformError && error.kind === 'not_found') {
              this.deps.recorder.fail(op.id, UNKNOWN_TO_PLATFORM, 'poll');
              return;
            }
            this.deps.log?.warn('poll failed', { operationId: op.id, error: String(error) });
          }
        }),
      );
    } finally {
      this.polling = false;
    }
  }
}
