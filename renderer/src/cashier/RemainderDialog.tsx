// « Reste encaissé autrement »: the guide's way for what a partial payment leaves. The cashier
// takes the rest with another means of payment and says which; the companion records it on the
// operation (once), and the basket then reads as settled.
import { useId, useState, type FormEvent } from 'react';
import { REMAINDER_MEANS, type ContractError, type Operation, type RemainderMeans } from '../../../electron/common/contract';
import { formatCents } from '../../../electron/common/money';
import { useLanguage, useT } from '../i18n/i18n';
import { useCompanion, useLink } from './companion-context';
import { explainError } from './explain-error';
import { Modal } from './Modal';

interface RemainderDialogProps {
  operation: Operation;
  onRecorded(operation: Operation): void;
  onClose(): void;
}

export function RemainderDialog({ operation, onRecorded, onClose }: RemainderDialogProps) {
  const api = useCompanion();
  const link = useLink();
  const t = useT();
  const language = useLanguage();
  const name = useId();
  const [means, setMeans] = useState<RemainderMeans | null>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ContractError | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (!means) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    const result = await api.payments.collectRemainder({ id: operation.id, means });
    setBusy(false);
    if (result.ok) {
      onRecorded(result.value);
      return;
    }
    link.onError(result.error);
    setError(result.error);
  }

  return (
    <Modal title={t.collectRemainderTitle(formatCents(operation.remainder, language))} onClose={onClose} className="remainder-dialog">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <fieldset className="means" aria-describedby={missing ? `${name}-missing` : undefined}>
          <legend>{t.collectRemainderQuestion}</legend>
          {REMAINDER_MEANS.map((option) => (
            <label key={option} className="means-option">
              <input
                type="radio"
                name={name}
                value={option}
                checked={means === option}
                onChange={() => {
                  setMeans(option);
                  setMissing(false);
                }}
              />
              {t.remainderMeans[option]}
            </label>
          ))}
        </fieldset>
        {missing ? (
          <p id={`${name}-missing`} className="field-error" role="alert">
            {t.chooseMeans}
          </p>
        ) : null}
        {error ? (
          <p className="alert" role="alert">
            {explainError(error, language)}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy} aria-busy={busy || undefined}>
            {busy ? t.recordingRemainder : t.recordRemainder}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {t.goBack}
          </button>
        </div>
      </form>
    </Modal>
  );
}
