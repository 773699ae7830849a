// Follows pending requests to their final status through the platform port: the adapter's
// follower brings states by push where the platform has it (the sandbox's event stream) and by
// polling otherwise, at most one platform call per tick whatever the number pending (see
// electron/core/platform/status-poller.ts). The tracker is the follower's sink: it says which
// requests are waited on, records what arrives, and tells the platform link monitor whether the
// push channel is up and whether the polls answer.
import type Database from 'better-sqlite3';
import { findByPlatformId, getMeta, listUnsettled, setMeta } from '../db/operation-log';
import type { PlatformLinkMonitor } from '../platform-link';
import type { Logger } from '../ports';
import type { PlatformPaymentRequest, StatusFollower, StatusSink, WatchedRequest } from '../platform/gateway';
import type { ActiveSession, PlatformInUse, SessionService } from '../session';
import type { OperationRecorder } from './operation-recorder';
import { UNKNOWN_TO_PLATFORM } from './reconciliation';

export class PaymentTracker {
  private follower: StatusFollower | null = null;
  /** The last push position received, not yet written (see rememberCursor). */
  private pendingCursor: { key: string; cursor: string } | null = null;
  private pushUp = false;
  /** Bumped by every start/stop, so callbacks of a follower that was stopped do nothing. */
  private generation = 0;
  private readonly streamListeners = new Set<(up: boolean) => void>();

  constructor(
    private readonly deps: {
      db: Database.Database;
      session: SessionService;
      recorder: OperationRecorder;
      /** The platform in use: only its operations are followed, through its follower. */
      platform: () => PlatformInUse;
      link: PlatformLinkMonitor;
      log?: Logger;
    },
  ) {}

  get isStreamUp(): boolean {
    return this.pushUp;
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
    const { gateway, identity } = this.deps.platform();
    this.deps.link.setFollowing(true, reachable, gateway.capabilities.statusFeed);
    // Push positions are one platform's numbering: never send one platform's position to another.
    const cursorKey = `platform.lastEventId.${identity}.${session.conventionNumber}`;
    const { db, recorder } = this.deps;
    const sink: StatusSink = {
      watched: (): WatchedRequest[] =>
        listUnsettled(db, { conventionNumber: session.conventionNumber, platform: identity })
          .filter((op) => op.status === 'pending' && op.platformId !== null)
          .map((op) => ({ ref: op.platformId!, expiresAt: op.expiresAt })),
      onRequest: (request: PlatformPaymentRequest, via) => {
        if (current()) recorder.recordByPlatformRef(request, via === 'push' ? 'stream' : 'poll');
      },
      onUnknown: (ref) => {
        if (!current()) return;
        // Unknown to the platform it was sent to: asking again forever would change nothing.
        const op = findByPlatformId(db, ref);
        if (op) recorder.fail(op.id, UNKNOWN_TO_PLATFORM, 'poll');
      },
      onPushChange: (up) => {
        if (!current()) return;
        this.pushUp = up;
        for (const listener of this.streamListeners) listener(up);
        this.deps.link.setStream(up);
      },
      onPollAnswered: (answered) => {
        // While the stream is up, polls only cover what it cannot: the link is the stream's.
        if (current() && !this.pushUp) this.deps.link.setPolls(answered);
      },
      onContact: () => {
        if (current()) this.deps.link.contact();
      },
      onUnauthorized: () => {
        if (current()) this.deps.session.markExpired();
      },
      resumeCursor: () => (this.pendingCursor?.key === cursorKey ? this.pendingCursor.cursor : getMeta(db, cursorKey)),
      saveCursor: (cursor) => {
        if (current()) this.rememberCursor(cursorKey, cursor);
      },
      // A replay after a reconnection can bring thousands of events at once: record each chunk's
      // events in one transaction.
      inBatch: (work) => recorder.batch(work),
      ...(this.deps.log ? { log: this.deps.log } : {}),
    };
    this.follower = gateway.follow(session.platform, sink);
  }

  stop(): void {
    this.flushCursor();
    this.generation++;
    this.follower?.stop();
    this.follower = null;
    if (this.pushUp) {
      this.pushUp = false;
      for (const listener of this.streamListeners) listener(false);
    }
    this.deps.link.setFollowing(false);
  }

  /** Asks the platform now (within the follower's pace). */
  pollNow(): Promise<void> {
    return this.follower?.pollNow() ?? Promise.resolve();
  }

  /**
   * The push position is only where to resume (a replayed event is recorded again as a no-op),
   * so it is written once per burst of events, not with an fsync of its own after each one: on
   * reconnection the platform replays every event since, thousands after a day offline.
   */
  private rememberCursor(key: string, cursor: string): void {
    const scheduled = this.pendingCursor !== null;
    this.pendingCursor = { key, cursor };
    if (!scheduled) setImmediate(() => this.flushCursor());
  }

  private flushCursor(): void {
    if (!this.pendingCursor) return;
    const { key, cursor } = this.pendingCursor;
    this.pendingCursor = null;
    try {
      setMeta(this.deps.db, key, cursor);
    } catch (error) {
      // Closed meanwhile: the next connection replays a little more, nothing is lost.
      this.deps.log?.warn('could not save the event stream position', { error: String(error) });
    }
  }
}
