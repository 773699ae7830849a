// "Écran client" in the cashier header. In Electron, a button that opens the customer window
// (for a till with one monitor; with two, it opens by itself). With the headless host, a button
// that shows how to pair a tablet: the display URL with its display-only token as a QR code, and
// the short code to type on a display page that has none. The code can change (after too many
// wrong ones), so it is read again while the panel is open. Nothing shows where neither exists.
import { QRCodeSVG } from 'qrcode.react';
import { useEffect, useState } from 'react';
import type { DisplayPairing } from '../../../electron/common/contract';
import { useT } from '../i18n/i18n';
import { useCompanion } from './companion-context';
import { Modal } from './Modal';
import './customer-display-panel.css';

/** What the Electron shell's preload offers (electron/main/shell-contract.ts); absent in a browser. */
interface ShellBridge {
  openCustomerDisplay?: () => Promise<void>;
}

const REREAD_EVERY_MS = 5_000;

export function CustomerDisplayPanel() {
  const api = useCompanion();
  const t = useT().pairingPanel;
  const shell = (window as { companionShell?: ShellBridge }).companionShell;
  const [pairing, setPairing] = useState<DisplayPairing | null>(null);
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (shell?.openCustomerDisplay) return undefined;
    let active = true;
    const read = () =>
      api.display.pairing({}).then(
        (result) => active && result.ok && setPairing(result.value),
        () => undefined, // a host without pairing: the button stays hidden
      );
    void read();
    const timer = open ? setInterval(read, REREAD_EVERY_MS) : null;
    return () => {
      active = false;
      if (timer) clearInterval(timer);
    };
  }, [api, shell, open]);

  if (shell?.openCustomerDisplay) {
    const openWindow = shell.openCustomerDisplay;
    return (
      <>
        <button type="button" className="customer-display-button" onClick={() => openWindow().then(() => setProblem(null), () => setProblem(t.openFailed))}>
          {t.button}
        </button>
        {problem ? (
          <p className="alert header-alert" role="alert">
            {problem}
          </p>
        ) : null}
      </>
    );
  }
  if (!pairing) return null;
  const address = pairing.url.replace(/\?.*$/, '');
  const loopbackOnly = /^http:\/\/(127\.|localhost|\[::1\])/.test(pairing.url);
  return (
    <>
      <button type="button" className="customer-display-button" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        {t.button}
      </button>
      {open ? (
        <Modal title={t.title} onClose={() => setOpen(false)} className="customer-display-pairing">
          <p>{t.scan}</p>
          <div className="qr-frame pairing-qr" role="img" aria-label={t.title}>
            <QRCodeSVG value={pairing.url} level="M" marginSize={4} size={240} bgColor="#ffffff" fgColor="#000000" aria-hidden="true" />
          </div>
          <p>{t.type(address)}</p>
          <output className="pairing-code" aria-label={t.code}>
            {pairing.code.replace(/^(\d{3})(\d{3})$/, '$1 $2')}
          </output>
          {loopbackOnly ? (
            <p className="muted">
              {t.thisComputerOnly} <code>--display-host 0.0.0.0</code>.
            </p>
          ) : null}
          <div className="actions">
            <button type="button" className="primary" onClick={() => setOpen(false)}>
              {t.close}
            </button>
          </div>
        </Modal>
      ) : null}
    </>
  );
}
