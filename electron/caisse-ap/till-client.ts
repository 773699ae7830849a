// A minimal till: opens a connection, sends one request (whole, or in chunks with a pause
// between them), reads the answer until the terminal closes. For integrators checking their
// setup, and for the tests, which drive the real server over a real socket with it.
import net from 'node:net';
import { decodeFields, type Field } from './protocol';

export interface TillAnswer {
  /** What the terminal wrote, as ASCII. */
  text: string;
  /** The answer's fields, or null when it is not a well-formed run of fields (or empty). */
  fields: Field[] | null;
  /** One tag's value, for short assertions. */
  get(tag: string): string | undefined;
  /** How the exchange ended: the terminal closed the connection, or the client gave up waiting. */
  ended: 'closed' | 'timeout';
}

export interface SendOptions {
  host?: string;
  port: number;
  /** The request, or its pieces (each written separately). */
  chunks: ReadonlyArray<string | Uint8Array>;
  /** Pause between two chunks, in ms (0: the next event-loop turn). */
  gapMs?: number;
  /** Half-close the connection once everything is written ("that is the whole request"). */
  halfClose?: boolean;
  /** Give up waiting for the terminal to close after this many ms (default 10 s). */
  timeoutMs?: number;
}

export function answerOf(text: string, ended: TillAnswer['ended']): TillAnswer {
  const fields = text === '' ? null : decodeFields(text);
  return { text, fields, ended, get: (tag) => fields?.find((field) => field.tag === tag)?.value };
}

export function sendTillRequest(options: SendOptions): Promise<TillAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: options.host ?? '127.0.0.1', port: options.port });
    let text = '';
    let settled = false;
    const finish = (ended: TillAnswer['ended']) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answerOf(text, ended));
    };
    const timer = setTimeout(() => finish('timeout'), options.timeoutMs ?? 10_000);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('close', () => finish('closed'));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A reset after the answer still counts as the terminal closing.
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') return finish('closed');
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        reject(error);
      }
    });
    socket.once('connect', async () => {
      for (const [index, chunk] of options.chunks.entries()) {
        if (socket.destroyed) return;
        await new Promise<void>((done) => socket.write(chunk, () => done()));
        if (index < options.chunks.length - 1) await new Promise((done) => setTimeout(done, options.gapMs ?? 0));
      }
      if (options.halfClose && !socket.destroyed) socket.end();
    });
  });
}
