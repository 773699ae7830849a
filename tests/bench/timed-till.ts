// A till for the bench: one debit request on a fresh TCP connection, with the wall-clock time
// the request was written and the time the first byte of the answer came back.
import net from 'node:net';
import { encodeFields } from '../../electron/caisse-ap/protocol';
import { wallClock } from './page-marks';

export interface TimedTillDebit {
  /** When the whole request had been handed to the socket. */
  written: Promise<number>;
  /** The answer, read until the terminal closed, and when its first byte arrived. */
  answered: Promise<{ at: number; text: string }>;
}

/** A debit as a till writes it: CZ first; the basket number in CF. */
export function debitFrame(cents: number, basketNumber: string): string {
  return encodeFields([
    { tag: 'CZ', value: '0320' },
    { tag: 'CJ', value: '012345678901' },
    { tag: 'CA', value: '01' },
    { tag: 'CD', value: '0' },
    { tag: 'CE', value: '978' },
    { tag: 'CB', value: String(cents) },
    { tag: 'CF', value: basketNumber },
  ]);
}

export function sendTimedDebit(port: number, frame: string, timeoutMs = 30_000): TimedTillDebit {
  const socket = net.connect({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  socket.setEncoding('latin1');
  const written = new Promise<number>((resolve, reject) => {
    socket.once('connect', () => {
      const at = wallClock();
      socket.write(frame, () => resolve(at));
    });
    socket.once('error', reject);
  });
  const answered = new Promise<{ at: number; text: string }>((resolve, reject) => {
    let at = 0;
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer from the Caisse-AP server within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk: string) => {
      if (text === '') at = wallClock();
      text += chunk;
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (text === '') reject(new Error('the Caisse-AP server closed without an answer'));
      else resolve({ at, text });
    });
  });
  written.catch(() => undefined);
  answered.catch(() => undefined);
  return { written, answered };
}
