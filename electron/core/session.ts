// The merchant's session with the platform, whatever its credentials: a convention number and a
// password (ANCV's platform and its sandbox: the password goes to the platform once and is never
// kept, and a login is never retried by the core, the 3rd wrong password locks the account), or
// the API keys of a payment service provider (checked by a test call, kept only in the host's
// SecretStore). What resumes the session after a restart (a token, or the keys) lives only in the
// SecretStore, tagged with the platform it belongs to.
import { z } from 'zod';
import type { AppAbout, SessionState } from '../common/contract';
import { CompanionFailure } from './failure';
import type { EventHub } from './event-hub';
import type { Logger, SecretStore } from './ports';
import { PlatformError, type PlatformCredentials, type PlatformGateway, type PlatformSession } from './platform/gateway';

/** Where the session lives in the SecretStore (its presence also says the data folder has served). */
export const SESSION_SECRET_KEY = 'platform-session';

/** What is kept: the adapter's own stored form, and which platform it belongs to. A value
 *  written before platforms were recorded (the API v1 login answer itself) is the current
 *  platform's. */
const Tagged = z.object({ platform: z.string(), stored: z.string() }).strict();

export interface ActiveSession {
  /** The adapter's session: what the port's calls take. */
  platform: PlatformSession;
  conventionNumber: string;
  merchantName: string;
}

/** The platform in use, as the session service needs it (swapped when the merchant switches). */
export interface PlatformInUse {
  gateway: PlatformGateway;
  /** platformIdentity(gateway): the name recorded on each operation. */
  identity: string;
  state: SessionState['platform'];
  demo: AppAbout['demo'];
}

export class SessionService {
  private current: PlatformSession | null = null;
  private expired = false;
  private expiryTimer: NodeJS.Timeout | null = null;
  private readonly loggedInListeners = new Set<(session: ActiveSession, how: 'login' | 'restore') => void>();
  private readonly loggedOutListeners = new Set<() => void>();

  constructor(
    private readonly deps: {
      platform: () => PlatformInUse;
      secrets: SecretStore;
      hub: EventHub;
      /** A platform call that succeeded: the platform link is alive. */
      onContact?: () => void;
      log?: Logger;
    },
  ) {}

  private get gateway(): PlatformGateway {
    return this.deps.platform().gateway;
  }

  /** Picks up a session saved by a previous run on this platform, if it is still usable. */
  async restore(): Promise<void> {
    const raw = await this.deps.secrets.get(SESSION_SECRET_KEY).catch(() => null);
    if (!raw) return;
    let stored: string | null = raw;
    try {
      const tagged = Tagged.safeParse(JSON.parse(raw));
      if (tagged.success) stored = tagged.data.platform === this.deps.platform().identity ? tagged.data.stored : null;
    } catch {
      stored = null;
    }
    const session = stored === null ? null : this.gateway.restore(stored);
    if (!session) {
      // Expired, unreadable, or another platform's: nothing to resume; the cashier logs in.
      await this.deps.secrets.delete(SESSION_SECRET_KEY).catch(() => undefined);
      return;
    }
    this.begin(session, 'restore');
  }

  state(): SessionState {
    const base = { platform: this.deps.platform().state };
    if (!this.current) return { status: 'logged_out', merchant: null, expiresAt: null, ...base };
    return {
      status: this.expired ? 'expired' : 'logged_in',
      merchant: { conventionNumber: this.current.merchant.id, name: this.current.merchant.name },
      expiresAt: this.current.expiresAt,
      ...base,
    };
  }

  /** The session to call the platform with, or null when the cashier must log in (again). */
  active(): ActiveSession | null {
    if (!this.current || this.expired) return null;
    return { platform: this.current, conventionNumber: this.current.merchant.id, merchantName: this.current.merchant.name };
  }

  require(): ActiveSession {
    const session = this.active();
    if (session) return session;
    throw CompanionFailure.of(this.current ? 'token_expired' : 'not_logged_in');
  }

  async login(credentials: PlatformCredentials): Promise<SessionState> {
    const { gateway, identity } = this.deps.platform();
    if (credentials.kind !== gateway.capabilities.credentials) {
      // The screen asked for the wrong kind of credentials for this platform: nothing is sent.
      throw CompanionFailure.of('bad_request', { field: credentials.kind === 'convention' ? 'conventionNumber' : 'merchantId' });
    }
    const opened = await gateway.authenticate(credentials);
    this.deps.onContact?.();
    try {
      await this.deps.secrets.set(SESSION_SECRET_KEY, JSON.stringify({ platform: identity, stored: opened.stored }));
    } catch (error) {
      await gateway.endSession(opened.session).catch(() => undefined);
      throw error;
    }
    const previous = this.current;
    this.begin(opened.session, 'login');
    if (previous && previous !== opened.session) void gateway.endSession(previous).catch(() => undefined);
    return this.state();
  }

  async logout(): Promise<SessionState> {
    const session = this.current;
    // Forgotten on disk first: if that fails (a full disk), nothing changed and the cashier is told.
    await this.deps.secrets.delete(SESSION_SECRET_KEY);
    this.end();
    if (session) {
      await this.gateway.endSession(session).catch((error) => {
        // The session is forgotten locally either way; the platform lets it expire.
        this.deps.log?.warn('logout call failed', { error: String(error) });
      });
    }
    this.deps.hub.emit('session.changed', this.state());
    return this.state();
  }

  /**
   * The platform is being replaced by another (Paramètres): the session belongs to the old one,
   * so it ends here and is forgotten. Returns once followers have stopped.
   */
  async forgetForSwitch(): Promise<void> {
    const session = this.current;
    await this.deps.secrets.delete(SESSION_SECRET_KEY);
    this.end();
    if (session) await this.gateway.endSession(session).catch(() => undefined);
  }

  /** Announces the session as it is now (after the platform it is on changed). */
  announce(): void {
    this.deps.hub.emit('session.changed', this.state());
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

  /** Runs `work` with the active session; a refused session marks it expired. */
  async withSession<T>(work: (session: ActiveSession) => Promise<T>): Promise<T> {
    const session = this.require();
    try {
      const result = await work(session);
      this.deps.onContact?.();
      return result;
    } catch (error) {
      if (error instanceof PlatformError && (error.kind === 'token_expired' || error.kind === 'unauthorized')) {
        if (this.current === session.platform) this.markExpired();
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

  private begin(session: PlatformSession, how: 'login' | 'restore'): void {
    this.current = session;
    this.expired = false;
    this.clearTimer();
    if (session.expiresAt !== null) {
      const ms = Date.parse(session.expiresAt) - Date.now();
      // setTimeout overflows past ~24.8 days; a token that long-lived is re-checked on use anyway.
      if (ms < 2 ** 31 - 1) this.expiryTimer = setTimeout(() => this.markExpired(), Math.max(0, ms));
      this.expiryTimer?.unref();
    }
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
