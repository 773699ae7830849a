// Follows pending requests to their final status: push first (the platform's event stream); while
// the stream is down, one call per tick (500 ms) asks the platform what changed since the last
// change seen (`updatedSince`), so status still arrives within a tick and the platform gets at most
// two calls a second however many requests are pending. A platform that cannot list changes gets
// one pending request fetched per tick instead. The tracker also tells the platform link monitor
// whether the stream is up and whether the polls answer.
import type Database from 'better-sqlite3';
import type { PaymentRequest } from '../../common/platform-api';
import { getMeta, listUnsettled, setMeta, type StoredOperation } from '../db/operation-log';
import type { PlatformLinkMonitor } from '../platform-link';
import type { CompanionTiming, Logger } from '../ports';
import type { PlatformClient } from '../platform/platform-client';
import { PlatformError } from '../platform/platform-error';
import { followPlatformEvents, type PlatformEventsFollower } from '../platform/platform-events';
import type { ActiveSession, SessionService } from '../session';
import type { OperationRecorder } from './operation-recorder';
import { UNKNOWN_TO_PLATFORM } from './reconciliation';

/** How long after its expiry a pending request is fetched even while the stream is up. */
const EXPIRY_SAFETY_MS = 3_000;
/** Changes are asked for from a little before the last one seen: a platform may stamp a change
 *  a moment before it commits it, and seeing a state twice records it once. */
const CHANGES_OVERLAP_MS = 2_000;
/** Where to start when no platform time is known yet (our clock, with room for the platform's). */
const CHANGES_LOOKBACK_MS = 15 * 60_000;
const PAGE_SIZE = 100;

/** Where the list of changes is read from: since an instant, possibly mid-way through its pages. */
interface ChangesPosition {
  since: string;
  cursor: string | null;
  /** The latest change seen while walking the pages of `since`. */
  latest: string | null;
}

export class PaymentTracker {
  private follower: PlatformEventsFollower | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private polling = false;
  /** The last event id received, not yet written (see rememberEventId). */
  private lastEventId: { key: string; eventId: string } | null = null;
  private streamUp = false;
  private changes: ChangesPosition | null = null;
  /** The platform refused `updatedSince`: one request per tick instead. */
  private changesUnsupported = false;
  private nextSingle = 0;
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
      link: PlatformLinkMonitor;
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

  /** `reachable`: whether the platform just answered (a login), null when not known (a restored session). */
  start(session: ActiveSession, reachable: boolean | null = null): void {
    this.stop();
    const generation = this.generation;
    const current = () => generation === this.generation;
    this.deps.link.setFollowing(true, reachable);
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
        this.deps.log?.info(up ? 'platform event stream up' : 'platform event stream down: polling what changed');
        for (const listener of this.streamListeners) listener(up);
        if (up) {
          this.changes = null;
          this.deps.link.setStream(true);
        } else {
          // Whatever happened while we were deaf, the first poll catches up now; the link says
          // "polling" or "unreachable" once it has answered or not.
          this.changes = null;
          void this.pollOnce().finally(() => {
            if (current() && !this.streamUp) this.deps.link.setStream(false);
          });
        }
      },
      onActivity: () => {
        if (current()) this.deps.link.contact();
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
    this.changes = null;
    if (this.streamUp) {
      this.streamUp = false;
      for (const listener of this.streamListeners) listener(false);
    }
    this.deps.link.setFollowing(false);
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

  /**
   * One tick: at most one platform call. Stream down: what changed (or, on a platform that cannot
   * list changes, the next pending request in turn). Stream up: only a request past its expiry
   * whose final status the stream has not brought.
   */
  async pollOnce(): Promise<void> {
    const session = this.deps.session.active();
    if (!session || this.polling) return;
    this.polling = true;
    const generation = this.generation;
    try {
      if (!this.streamUp && !this.changesUnsupported) {
        await this.readChanges(generation);
        return;
      }
      const pending = listUnsettled(this.deps.db, { conventionNumber: session.conventionNumber, platform: this.deps.platform }).filter(
        (op) => op.status === 'pending' && op.platformId !== null,
      );
      const now = Date.now();
      const due = this.streamUp ? pending.filter((op) => op.expiresAt !== null && Date.parse(op.expiresAt) + EXPIRY_SAFETY_MS < now) : pending;
      if (due.length === 0) {
        if (!this.streamUp) this.deps.link.setPolls(true);
        return;
      }
      await this.fetchOne(due[this.nextSingle++ % due.length]!, generation);
    } finally {
      this.polling = false;
    }
  }

  /** One page of what changed since the last change seen. */
  private async readChanges(generation: number): Promise<void> {
    const position = (this.changes ??= { since: this.startingPoint(), cursor: null, latest: null });
    let page: { items: PaymentRequest[]; nextCursor: string | null };
    try {
      page = await this.deps.session.withToken((s) =>
        this.deps.client.listPaymentRequests(s.token, {
          updatedSince: position.since,
          limit: PAGE_SIZE,
          ...(position.cursor ? { cursor: position.cursor } : {}),
        }),
      );
    } catch (error) {
      if (generation !== this.generation) return;
      if (error instanceof PlatformError && error.kind === 'validation_error') {
        // A platform without `updatedSince`: one request per tick, never a burst.
        this.deps.log?.warn('the platform cannot list what changed: fetching one pending request per tick', { error: error.message });
        this.changesUnsupported = true;
        return;
      }
      this.pollFailed(error);
      return;
    }
    if (generation !== this.generation) return;
    this.deps.recorder.batch(() => {
      for (const request of page.items) this.deps.recorder.recordByPlatformId(request, 'poll');
    });
    for (const request of page.items) if (!position.latest || request.updatedAt > position.latest) position.latest = request.updatedAt;
    if (page.nextCursor) {
      position.cursor = page.nextCursor;
    } else {
      const next = position.latest ? new Date(Date.parse(position.latest) - CHANGES_OVERLAP_MS).toISOString() : position.since;
      this.changes = { since: next > position.since ? next : position.since, cursor: null, latest: null };
    }
    this.deps.link.setPolls(true);
  }

  /** From a little before the latest platform time seen (the platform's own clock), else from a
   *  while ago by ours. */
  private startingPoint(): string {
    const latest = this.deps.recorder.latestPlatformTime;
    const from = latest ? Date.parse(latest) - CHANGES_OVERLAP_MS : Date.now() - CHANGES_LOOKBACK_MS;
    return new Date(from).toISOString();
  }

  private async fetchOne(op: StoredOperation, generation: number): Promise<void> {
    try {
      const request = await this.deps.session.withToken((s) => this.deps.client.getPaymentRequest(s.token, op.platformId!));
      if (generation !== this.generation) return;
      this.deps.recorder.record(op.id, request, 'poll');
      if (!this.streamUp) this.deps.link.setPolls(true);
    } catch (error) {
      if (generation !== this.generation) return;
      // Unknown to the platform it was sent to: asking again forever would change nothing.
      if (error instanceof PlatformError && error.kind === 'not_found') {
        this.deps.recorder.fail(op.id, UNKNOWN_TO_PLATFORM, 'poll');
        return;
      }
      this.pollFailed(error);
    }
  }

  private pollFailed(error: unknown): void {
    this.deps.log?.warn('poll failed', { error: String(error) });
    // A refusal is an answer; no answer at all (network, timeout, 5xx) is an unreachable platform.
    const answered = error instanceof PlatformError && error.refusedForSure;
    if (!this.streamUp) this.deps.link.setPolls(answered);
  }
}
