// The platform link, as the cashier screens show it: connected (the event stream is up, or, on a
// platform that has no push at all, its polls answer), polling (the stream is down, the polls
// answer), unreachable (neither), logged out (nothing followed).
// The payment tracker reports the stream and the polls; every successful platform call counts as
// contact. A change of state is announced (`platform.changed`); when the link comes back after
// being lost, `onReturn` runs (reconciliation: whatever happened meanwhile is recorded).
import type { PlatformLink } from '../common/contract';
import type { EventHub } from './event-hub';
import type { Logger } from './ports';

type State = PlatformLink['state'];

export class PlatformLinkMonitor {
  private current: State = 'logged_out';
  private since = new Date().toISOString();
  private lastContact: string | null = null;
  private following = false;
  /** `poll`: the platform has no push channel; polls answering is its normal, connected state. */
  private feed: 'push' | 'poll' = 'push';
  private streamUp = false;
  /** The last poll answered (null: none since following began). */
  private pollsAnswer: boolean | null = null;
  /** Lost after having been up: a return should catch up on what happened meanwhile. */
  private lost = false;
  private readonly returnListeners = new Set<() => void>();

  constructor(
    private readonly hub: EventHub,
    private readonly log?: Logger,
  ) {}

  status(): PlatformLink {
    return { state: this.current, since: this.since, lastContactAt: this.lastContact };
  }

  /** A successful exchange with the platform (any call, a stream chunk, a keep-alive). */
  contact(): void {
    this.lastContact = new Date().toISOString();
  }

  /** Following began (a session) or ended (logged out, session expired). */
  setFollowing(following: boolean, reachable: boolean | null = null, feed: 'push' | 'poll' = 'push'): void {
    this.following = following;
    this.feed = feed;
    this.streamUp = false;
    this.pollsAnswer = following ? reachable : null;
    if (!following) this.lost = false;
    this.update();
  }

  setStream(up: boolean): void {
    if (up) this.contact();
    this.streamUp = up;
    this.update();
  }

  setPolls(answered: boolean): void {
    if (answered) this.contact();
    this.pollsAnswer = answered;
    this.update();
  }

  onReturn(listener: () => void): () => void {
    this.returnListeners.add(listener);
    return () => this.returnListeners.delete(listener);
  }

  private update(): void {
    const next: State = !this.following
      ? 'logged_out'
      : this.streamUp || (this.feed === 'poll' && this.pollsAnswer !== false)
        ? 'connected'
        : this.pollsAnswer === false
          ? 'unreachable'
          : 'polling';
    if (next === this.current) return;
    const previous = this.current;
    this.current = next;
    this.since = new Date().toISOString();
    this.log?.info('platform link', { state: next, was: previous });
    if (next === 'unreachable' && previous !== 'logged_out') this.lost = true;
    const returned = this.lost && (next === 'connected' || next === 'polling');
    if (returned) this.lost = false;
    this.hub.emit('platform.changed', this.status());
    if (returned) for (const listener of this.returnListeners) listener();
  }
}
