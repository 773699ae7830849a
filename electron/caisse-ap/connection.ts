// One till connection: read one request (incrementally, within a time limit), hand it to the
// terminal, write one answer, close. Tills send one request per connection and wait for the
// answer on it; a till that hangs up while its request is handled has given up on the answer
// (the request itself goes on: the cashier sees it and the log keeps the result).
import type { Socket } from 'node:net';
import type { Logger } from '../core/ports';
import type { CaisseApCore } from './core';
import type { CaisseApTiming } from './options';
import { describeBytes, MAX_REQUEST_BYTES, RequestParser, type ParseStatus } from './protocol';
import type { TillLink, TillTerminal } from './transaction';

type Phase = 'reading' | 'handling' | 'closing';

export class TillConnection implements TillLink {
  private readonly parser = new RequestParser();
  /** The first bytes received, for the exchange log (the parser refuses anything longer). */
  private readonly received = new Uint8Array(MAX_REQUEST_BYTES);
  private receivedBytes = 0;
  private totalReceived = 0;
  private phase: Phase = 'reading';
  private hungUp = false;
  private answered = false;
  private deadlineTimer: NodeJS.Timeout | null = null;
  private settleTimer: NodeJS.Timeout | null = null;
  private lingerTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly socket: Socket,
    readonly remoteAddress: string,
    private readonly deps: { core: CaisseApCore; terminal: TillTerminal; timing: CaisseApTiming; log?: Logger },
  ) {}

  get gone(): boolean {
    return this.hungUp || this.socket.destroyed;
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

  private onData(chunk: Buffer): void {
    if (this.phase !== 'reading') return; // after the request: dropped
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
      this.settleTimer = setTimeout(() => this.complete(this.parser.finish()), this.deps.timing.settleMs);
    } else if (status.state === 'invalid') {
      this.complete(status);
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
        this.hungUp = true;
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

  private onDeadline(): void {
    this.deadlineTimer = null;
    if (this.phase !== 'reading') return;
    if (this.parser.bytesRead === 0) {
      this.deps.log?.warn('caisse-ap: connection without a request, closed', { remote: this.remoteAddress });
      this.socket.destroy();
      return;
    }
    this.deps.log?.warn('caisse-ap: request not finished in time', { remote: this.remoteAddress, bytes: this.parser.bytesRead });
    this.complete(this.parser.finish());
  }

  private onClose(): void {
    this.clearTimers();
    this.clearLinger();
    if (this.phase === 'reading' && this.parser.bytesRead > 0) {
      // Gone in the middle of its request: nothing to answer, but the attempt is recorded.
      this.phase = 'closing';
      const id = this.openExchange();
      this.record(() => id !== null && this.deps.core.till.exchanges.answer(id, { answerFrame: null, resultCode: null, delivery: 'none' }));
    }
    if (this.phase === 'handling') this.hungUp = true;
  }

  private complete(status: ParseStatus): void {
    if (this.phase !== 'reading') return;
    this.phase = 'handling';
    this.clearTimers();
    const exchangeId = this.openExchange();
    const { terminal, log } = this.deps;
    let work: Promise<void>;
    if (status.state === 'complete') {
      work = terminal.handle(exchangeId, this.parser.fields(), this);
    } else {
      log?.warn('caisse-ap: malformed frame', {
        remote: this.remoteAddress,
        problem: status.state === 'invalid' ? status.problem : status.state,
        ...(status.state === 'invalid' ? { detail: status.detail } : {}),
      });
      work = terminal.rejectMalformed(exchangeId, this.parser.fields(), this);
    }
    work.catch((error: unknown) => {
      log?.error('caisse-ap: request handling failed', { remote: this.remoteAddress, error: String(error) });
      this.socket.destroy();
    });
  }

  private openExchange(): number | null {
    let id: number | null = null;
    this.record(() => {
      id = this.deps.core.till.exchanges.open({
        remoteAddress: this.remoteAddress,
        requestFrame: describeBytes(this.received.subarray(0, this.receivedBytes)) + this.overflowNote(),
      });
    });
    return id;
  }

  private overflowNote(): string {
    const dropped = this.totalReceived - this.receivedBytes;
    return dropped > 0 ? `…(+${dropped} octets)` : '';
  }

  private record(write: () => unknown): void {
    try {
      write();
    } catch (error) {
      this.deps.log?.error('caisse-ap: could not record the exchange', { error: String(error) });
    }
  }

  private clearSettle(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = null;
  }

  private clearTimers(): void {
    this.clearSettle();
    if (this.deadlineTimer) clearTimeout(this.deadlineTimer);
    this.deadlineTimer = null;
  }

  private clearLinger(): void {
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
  }
}
