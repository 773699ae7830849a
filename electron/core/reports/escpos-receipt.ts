// The receipt on a network thermal printer: encoded in ESC/POS by a well-kept encoder (80 mm
// paper, 48 columns, code page 858 for accents and €), sent raw over TCP to HOST:PORT (9100 on
// most printers), which prints what it receives and answers nothing.
import { connect } from 'node:net';
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { Receipt } from '../../common/contract';
import type { Language } from '../../common/money';
import { receiptLines } from '../../common/receipt-lines';
import { CompanionFailure } from '../failure';

/** 80 mm paper, font A. */
const COLUMNS = 48;
/** Room for an amount ("10 000,00 €") at the right of a line. */
const VALUE_COLUMNS = 12;
/** How long a printer may take to accept the connection and the bytes. */
const PRINTER_TIMEOUT_MS = 5_000;

/** French typography's no-break spaces are not in the printer's code page: plain spaces print the same. */
const printable = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

export function encodeReceipt(receipt: Receipt, language: Language = 'fr'): Uint8Array {
  const encoder = new ReceiptPrinterEncoder({ columns: COLUMNS, language: 'esc-pos', codepageMapping: 'epson' });
  encoder.initialize().codepage('cp858');
  for (const line of receiptLines(receipt, language)) {
    switch (line.kind) {
      case 'title':
        encoder.align('center').bold(true).size(1, 2).line(printable(line.text)).size(1, 1).bold(false);
        break;
      case 'text':
        encoder.align('center').line(printable(line.text));
        break;
      case 'pair': {
        const value = printable(line.value);
        encoder.align('left');
        if (line.strong) encoder.bold(true);
        if (value.length <= VALUE_COLUMNS) {
          encoder.table(
            [
              { width: COLUMNS - VALUE_COLUMNS - 2, marginRight: 2, align: 'left' },
              { width: VALUE_COLUMNS, align: 'right' },
            ],
            [[printable(line.label), value]],
          );
        } else {
          // A long value (a label, a basket number) gets a line of its own rather than a wrap.
          encoder.line(printable(line.label)).align('right').line(value).align('left');
        }
        if (line.strong) encoder.bold(false);
        break;
      }
      case 'small':
        encoder.align('left').line(printable(line.text));
        break;
      case 'rule':
        encoder.rule({ style: 'single' });
        break;
      default: {
        const unreachable: never = line;
        throw new Error(`unknown receipt line ${JSON.stringify(unreachable)}`);
      }
    }
  }
  return encoder.newline(2).cut('partial').encode();
}

/** Sends the bytes to the printer at `address` (`HOST:PORT`); resolves once it took them all. */
export function sendToPrinter(address: string, bytes: Uint8Array, timeoutMs = PRINTER_TIMEOUT_MS): Promise<void> {
  const separator = address.lastIndexOf(':');
  const host = address.slice(0, separator);
  const port = Number(address.slice(separator + 1));
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      if (error) reject(CompanionFailure.of('printer_unreachable'));
      else resolve();
    };
    socket.setTimeout(timeoutMs, () => finish(new Error('printer timeout')));
    socket.once('error', finish);
    socket.once('connect', () => {
      socket.end(bytes, () => finish());
    });
  });
}
