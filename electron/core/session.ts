// The merchant's session with the platform. The password goes to the platform once and is never
// kept; the token lives only in the host's SecretStore. A login is never retried by the core:
// the 3rd wrong password locks the account.
import { z } from 'zod';
import type { SessionState } from '../common/contract';
import { CompanionFailure } from './failure';
import type { EventHub } from './event-hub';
import type { Logger, SecretStore } from './ports';
import type { PlatformClient } from './platform/platform-client';
import { PlatformError } from './platform/platform-error';

/** Where the session lives in the SecretStore (its presence also says the data folder has served). */
export const SESSION_SECRET_KEY = 'platform-session';
const SECRET_KEY = SESSION_SECRET_KEY;

const StoredSession = z.object({
  accessToken: z.string().min(1),
  expiresAt: z.iso.datetime({ offset: true }),
  merchant: z.object({ conventionNumber: z.string(), name: z.string() }),
});
type StoredSession = z.infer<typeof StoredSession>;

export interface ActiveSession {
  token: string;
  conventionNumber: string;
  merchantName: string;
}

export class SessionService {
  private current: StoredSession | null = null;
  private expired = false;
  private expiryTimer: NodeJS.Timeout | null = null;
  private readonly loggedInListeners = new Set<(session: ActiveSession, how: 'login' | 'restore') => void>();
  private readonly loggedOutListeners = new Set<() => void>();

  constructor(
    private readonly deps: {
      client: PlatformClient;
      secrets: SecretStore;
      hub: EventHub;
      platform: SessionState['platform'];
      /** A platform call that succeeded: the platform link is alive. */
      onContact?: () => void;
      log?: Logger;
    },
  ) {}

  /** Picks up a session saved by a previous run, if its token has not expired. */
  async restore(): Promise<void> {
    const raw = await this.deps.secrets.get(SECRET_KEY).catch(() => null);
    if (!raw) return;
    let stored: StoredSession;
    try {
      stored = StoredSession.parse(JSON.parse(raw));
    } catch {
      await this.deps.secrets.delete(SECRET_KEY);
      return;
    }
    if (Date.parse(stored.expiresAt) <= Date.now()) {
      await this.deps.secrets.delete(SECRET_KEY);
      return;
    }
    this.begin(stored, 'restore');
  }

  state(): SessionState {
    const base = { platform: this.deps.platform };
    if (!this.current) return { status: 'logged_out', merchant: null, expiresAt: null, ...base };
    return {
      status: this.expired ? 'expired' : 'logged_in',
      merchant: this.current.merchant,
      expiresAt: this.current.expiresAt,
      ...base,
    };
  }

  /** The session to call the platform with, or null when the cashier must log in (again). */
  active(): ActiveSession | null {
    if (!this.current || this.expired) return null;
    return {
      token: this.current.accessToken,
      conventionNumber: this.current.merchant.conventionNumber,
      merchantName: this.current.merchant.name,
    };
  }

  require(): ActiveSession {
    const session = this.active();
    if (session) return session;
    throw CompanionFailure.of(this.current ? 'token_expired' : 'not_logged_in');
  }

  async login(conventionNumber: string, password: string): Promise<SessionState> {
    const answer = await this.deps.client.login(conventionNumber, password);
    this.deps.onContact?.();
    await this.deps.secrets.set(SECRET_KEY, JSON.stringify(answer));
    this.begin(answer, 'login');
    return this.state();
  }

  async logout(): Promise<SessionState> {
    const token = this.current?.accessToken;
    // Forgotten on disk first: if that fails (a full disk), nothing changed and the cashier is told.
    await this.deps.secrets.delete(SECRET_KEY);
    this.end();
    if (token) {
      await this.deps.client.logout(token).catch((error) => {
        // The token is forgotten locally either way; the platform lets it expire.
        this.deps.log?.warn('logout call failed', { error: String(error) });
      });
    }
    this.deps.hub.emit('session.changed', this.state());
    return this.state();
  }

  /** The platform refused our token: keep the merchant known so the cashier logs in again
   *  on top of what is on screen, and stop using the token. */
  markExpired(): void {
    if (!this.current || this.expired) return;
    this.expired = true;
    this.clearTimer();
    this.deps.hub.emit('session.changed', this.state());
    for (const listener of this.loggedOutListeners) listener();
  }

  /** Runs `work` with the active session; a refused token marks the session expired. */
  async withToken<T>(work: (session: ActiveSession) => Promise<T>): Promise<T> {
    const session = this.require();
    try {
      const result = await work(session);
      this.deps.onContact?.();
      return result;
    } catch (error) {
      if (error instanceof PlatformError && (error.kind === 'token_expired' || error.kind === 'unauthorized')) {
        if (this.current?.accessToken === session.token) this.markExpired();
      }
      throw error;
    }
  }

  /** `how`: a login (the platform just answered) or a session restored from an earlier run. */
  onLoggedIn(listener: (session: ActiveSession, how: 'login' | 'restore') => void): () => void {
    this.loggedInListeners.add(listener);
    return () => this.loggedInListeners.delete(listener);
  }

  onLoggedOut(listener: () => void): () => void {
    this.loggedOutListeners.add(listener);
    return () => this.loggedOutListeners.delete(listener);
  }

  close(): void {
    this.clearTimer();
  }

  private begin(stored: StoredSession, how: 'login' | 'restore'): void {
    this.current = stored;
    this.expired = false;
    this.clearTimer();
    const ms = Date.parse(stored.expiresAt) - Date.now();
    // setTimeout overflows past ~24.8 days; a token that long-lived is re-checked on use anyway.
    if (ms < 2 ** 31 - 1) this.expiryTimer = setTimeout(() => this.markExpired(), Math.max(0, ms));
    this.expiryTimer?.unref();
    this.deps.hub.emit('session.changed', this.state());
    const active = this.active();
    if (active) for (const listener of this.loggedInListeners) listener(active, how);
  }

  private end(): void {
    const wasActive = this.current && !this.expired;
    this.current = null;
    this.expired = false;
    this.clearTimer();
    if (wasActive) for (const listener of this.loggedOutListeners) listener();
  }

  private clearTimer(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
  }
}
