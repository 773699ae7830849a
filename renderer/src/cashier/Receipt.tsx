// The customer's receipt (« ticket »). « Imprimer le ticket » once a payment is validated: on the
// network thermal printer of the settings (ESC/POS, through the core), or else through the print
// dialog on 80 mm paper. With « Imprimer le ticket tout seul », a payment validated while its
// recap is on screen prints by itself, once.
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { ContractError, Operation, Receipt } from '../../../electron/common/contract';
import { receiptLines } from '../../../electron/common/receipt-lines';
import { useLanguage, useT } from '../i18n/i18n';
import { useCompanion, useLink } from './companion-context';
import { explainError } from './explain-error';
import './print.css';

/** The receipt as printed on 80 mm paper: the same lines the thermal printer gets. */
export function ReceiptPaper({ receipt }: { receipt: Receipt }) {
  const language = useLanguage();
  const t = useT();
  return (
    <div className="receipt-paper" aria-label={t.receiptTitle} role="document">
      {receiptLines(receipt, language).map((line, index) => {
        switch (line.kind) {
          case 'title':
            return (
              <p key={index} className="receipt-title">
                {line.text}
              </p>
            );
          case 'text':
            return (
              <p key={index} className="receipt-text">
                {line.text}
              </p>
            );
          case 'pair':
            return (
              <p key={index} className={line.strong ? 'receipt-pair receipt-strong' : 'receipt-pair'}>
                <span>{line.label}</span> <span>{line.value}</span>
              </p>
            );
          case 'small':
            return (
              <p key={index} className="receipt-small">
                {line.text}
              </p>
            );
          case 'rule':
            return <hr key={index} />;
          default: {
            const unreachable: never = line;
            return unreachable;
          }
        }
      })}
    </div>
  );
}

/** Prints `receipt` through the print dialog: only the receipt, on 80 mm paper. */
function printOnPaper(): void {
  const root = document.documentElement;
  root.dataset.print = 'receipt';
  try {
    window.print();
  } finally {
    delete root.dataset.print;
  }
}

export function ReceiptButton({ operation }: { operation: Operation }) {
  const api = useCompanion();
  const link = useLink();
  const t = useT();
  const language = useLanguage();
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ContractError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [printRequest, setPrintRequest] = useState(0);
  // Automatic printing is for a payment validated while this recap is open, never for an old one.
  const wasUnpaid = useRef(operation.status !== 'validated');
  const autoPrinted = useRef(false);

  async function printReceipt() {
    setBusy(true);
    setProblem(null);
    setNotice(null);
    const settings = await api.settings.get({});
    const printer = settings.ok ? settings.value.receipt.printer : null;
    if (printer) {
      const result = await api.receipt.print({ id: operation.id });
      setBusy(false);
      if (result.ok) setNotice(t.receiptSent(result.value.printer));
      else {
        link.onError(result.error);
        setProblem(result.error);
      }
      return;
    }
    const result = await api.receipt.get({ id: operation.id });
    setBusy(false);
    if (!result.ok) {
      link.onError(result.error);
      setProblem(result.error);
      return;
    }
    setReceipt(result.value);
    setPrintRequest((count) => count + 1);
  }

  // The print dialog opens once the receipt is on the (print-only) page.
  useEffect(() => {
    if (printRequest > 0) printOnPaper();
  }, [printRequest]);

  useEffect(() => {
    if (operation.status !== 'validated' || !wasUnpaid.current || autoPrinted.current) return;
    autoPrinted.current = true;
    void api.settings.get({}).then((settings) => {
      if (settings.ok && settings.value.receipt.autoPrint) void printReceipt();
    });
    // printReceipt reads the latest state; this runs on the validation only.
  }, [operation.status]);

  if (operation.status !== 'validated') return null;
  return (
    <>
      <button type="button" className="secondary" onClick={() => void printReceipt()} disabled={busy} aria-busy={busy || undefined}>
        {busy ? t.printingReceipt : t.printReceipt}
      </button>
      {problem ? (
        <p className="alert receipt-problem" role="alert">
          {explainError(problem, language)}
        </p>
      ) : null}
      {notice ? (
        <p className="muted" role="status">
          {notice}
        </p>
      ) : null}
      {receipt ? createPortal(<div className="receipt-print">{<ReceiptPaper receipt={receipt} />}</div>, document.body) : null}
    </>
  );
}
