// One till connection: read one request (incrementally, within time limits), hand it to the
// terminal, write one answer, close. Tills send one request per connection and wait for the
// answer on it. A till that hangs up before its answer has given up: the terminal is told at
// once (it cancels what can still be paid).
//
// When is a request complete? Caisse-AP frames carry no length, so the parser cannot know by
// itself whether more optional fields follow. Tills write a request in one go: as soon as the
// bytes received stand between two fields with every required tag read, the request is acted on
// at once. Only a run of whole fields that still lacks a required tag waits for a short quiet
// period before it is judged (a till that splits its request), and a frame cut inside a field
// waits until the request's time limit or a half-close.
import type { Socket } from 'node:net';
import type { Logger } from '../core/ports';
import type { ExchangeTally } from './exchange-tally';
import type { CaisseApTiming } from './options';
import { describeBytes, MAX_REQUEST_BYTES, RequestParser, type ParseStatus } from './protocol';
import type { TillLink, TillTerminal } from './transaction';

type Phase = 'reading' | 'handling' | 'closing';

export interface ConnectionDeps {
  terminal: TillTerminal;
  tally: ExchangeTally;
  timing: CaisseApTiming;
  log?: Logger;
}

export class TillConnection implements TillLink {
  private readonly parser = new RequestParser();
  /** The first bytes received, for the exchange log (the parser refuses anything longer). */
  private readonly received = new Uint8Array(MAX_REQUEST_BYTES);
  private receivedBytes = 0;
  private totalReceived = 0;
  private phase: Phase = 'reading';
  private hungUp = false;
  private answered = false;
  private readonly goneListeners: Array<() => void> = [];
  private deadlineTimer: NodeJS.Timeout | null = null;
  private firstByteTimer: NodeJS.Timeout | null = null;
  private settleTimer: NodeJS.Timeout | null = null;
  private lingerTimer: NodeJS.Timeout | null = null;
  /** When the connection was accepted: the oldest reader is the first to make room. */
  readonly openedAt = Date.now();

  constructor(
    private readonly socket: Socket,
    readonly remoteAddress: string,
    private readonly deps: ConnectionDeps,
  ) {}

  get gone(): boolean {
    return this.hungUp || this.socket.destroyed;
  }

  /** Which slots are taken back first when the server is full: a connection still reading its
   *  request well after it opened (0: stale, a till writes at once), then one already answered
   *  and waiting for its till to close (1); never one just opened, nor one being served (null). */
  evictionRank(now: number): 0 | 1 | null {
    if (this.socket.destroyed) return null;
    if (this.phase === 'reading') return now - this.openedAt >= this.deps.timing.staleReaderMs ? 0 : null;
    return this.phase === 'closing' ? 1 : null;
  }

  start(): void {
    const { socket } = this;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.onEnd());
    socket.on('error', (error) => {
      this.deps.log?.warn('caisse-ap: connection error', { remote: this.remoteAddress, error: error.message });
      this.onClose();
    });
    socket.on('close', () => this.onClose());
    this.deadlineTimer = setTimeout(() => this.onDeadline(), this.deps.timing.requestTimeoutMs);
    this.firstByteTimer = setTimeout(() => this.onSilent(), this.deps.timing.firstByteMs);
  }

  /** Closes a connection not being served to make room for another one. */
  evict(): void {
    if (this.phase === 'handling') return;
    if (this.phase === 'reading') {
      this.deps.log?.warn('caisse-ap: connection still reading its request closed to make room', { remote: this.remoteAddress, bytes: this.totalReceived });
    }
    this.socket.destroy();
  }

  answer(text: string): Promise<boolean> {
    if (this.answered || this.gone) return Promise.resolve(false);
    this.answered = true;
    this.phase = 'closing';
    return new Promise<boolean>((resolve) => {
      this.socket.write(text, 'ascii', (error) => resolve(!error));
      this.socket.end();
      // Keep reading (and dropping) what the till still sends until it closes: closing a socket
      // with unread data resets it, and a reset can destroy the answer before the till reads it.
      this.lingerTimer = setTimeout(() => this.socket.destroy(), this.deps.timing.lingerMs);
      this.lingerTimer.unref();
    });
  }

  onGone(listener: () => void): void {
    if (this.hungUp) queueMicrotask(listener);
    else this.goneListeners.push(listener);
  }

  private onData(chunk: Buffer): void {
    if (this.phase !== 'reading') return; // after the request: dropped
    this.clearFirstByte();
    this.totalReceived += chunk.length;
    const room = this.received.length - this.receivedBytes;
    if (room > 0) {
      const kept = chunk.subarray(0, room);
      this.received.set(kept, this.receivedBytes);
      this.receivedBytes += kept.length;
    }
    this.clearSettle();
    const status = this.parser.push(chunk);
    if (status.state === 'complete_if_quiet') {
      this.complete(this.parser.finish());
    } else if (status.state === 'invalid') {
      this.complete(status);
    } else if (this.parser.betweenFields) {
      this.settleTimer = setTimeout(() => this.complete(this.parser.finish()), this.deps.timing.settleMs);
    }
  }

  /** The till closed its sending side. */
  private onEnd(): void {
    switch (this.phase) {
      case 'reading':
        // Half-closing after the request is a way to say "that is all": the message ends here.
        if (this.parser.bytesRead === 0) this.socket.destroy();
        else this.complete(this.parser.finish());
        return;
      case 'handling':
        this.deps.log?.info('caisse-ap: the till hung up before the answer', { remote: this.remoteAddress });
        this.hangUp();
        this.socket.destroy();
        return;
      case 'closing':
        this.socket.destroy();
        return;
      default: {
        const unreachable: never = this.phase;
        return unreachable;
      }
    }
  }

  private onSilent(): void {
    this.firstByteTimer = null;
    if (this.phase !== 'reading' || this.totalReceived > 0) return;
    this.deps.log?.warn('caisse-ap: connection without a request, closed', { remote: this.remoteAddress });
    this.socket.destroy();
  }

  private onDeadline(): void {
    this.deadlineTimer = null;
    if (this.phase !== 'reading') return;
    if (this.parser.bytesRead === 0) {
      this.socket.destroy();
      return;
    }
    this.deps.log?.warn('caisse-ap: request not finished in time', { remote: this.remoteAddress, bytes: this.parser.bytesRead });
    this.complete(this.parser.finish());
  }

  private onClose(): void {
    this.clearTimers();
    this.clearLinger();
    if (this.phase === 'reading') {
      // Gone in the middle of its request (or before saying anything): nothing to answer, counted.
      this.phase = 'closing';
      this.deps.tally.add({ kind: 'incomplete', remoteAddress: this.remoteAddress, resultCode: null, request: this.frameText(), bytes: this.totalReceived });
    }
    if (this.phase === 'handling' && !this.answered) this.hangUp();
  }

  private hangUp(): void {
    if (this.hungUp) return;
    this.hungUp = true;
    for (const listener of this.goneListeners.splice(0)) {
      try {
        listener();
      } catch (error) {
        this.deps.log?.error('caisse-ap: hang-up handling failed', { error: String(error) });
      }
    }
  }

  private complete(status: ParseStatus): void {
    if (this.phase !== 'reading') return;
    this.phase = 'handling';
    this.clearTimers();
    const { terminal, log } = this.deps;
    const frame = this.frameText();
    let work: Promise<void>;
    if (status.state === 'complete') {
      work = terminal.handle(this.parser.fields(), this, { frame, bytes: this.totalReceived });
    } else {
      log?.warn('caisse-ap: malformed frame', {
        remote: this.remoteAddress,
        problem: status.state === 'invalid' ? status.problem : status.state,
        ...(status.state === 'invalid' ? { detail: status.detail } : {}),
      });
      work = terminal.rejectMalformed(this.parser.fields(), this, { frame, bytes: this.totalReceived });
    }
    work.catch((error: unknown) => {
      log?.error('caisse-ap: request handling failed', { remote: this.remoteAddress, error: String(error) });
      this.socket.destroy();
    });
  }

  private frameText(): string {
    const dropped = this.totalReceived - this.receivedBytes;
    return describeBytes(this.received.subarray(0, this.receivedBytes)) + (dropped > 0 ? `…(+${dropped} octets)` : '');
  }

  private clearSettle(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = null;
  }

  private clearFirstByte(): void {
    if (this.firstByteTimer) clearTimeout(this.firstByteTimer);
    this.firstByteTimer = null;
  }

  private clearTimers(): void {
    this.clearSettle();
    this.clearFirstByte();
    if (this.deadlineTimer) clearTimeout(this.deadlineTimer);
    this.deadlineTimer = null;
  }

  private clearLinger(): void {
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
  }
}
