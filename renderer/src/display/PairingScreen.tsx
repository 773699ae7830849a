// A display page opened without a valid token: it asks for the short code shown on the cashier
// screen ("Code d'appairage") and shows nothing else, no amount, no QR code, no merchant.
import { useId, useState, type FormEvent } from 'react';
import { DISPLAY_PAIRING_CODE_PATTERN } from '../../../electron/common/contract';
import { pairDisplay, type PairOutcome } from './display-link';
import { pairingMessages } from './messages';

interface PairingScreenProps {
  /** The host refused the token this page had: say why pairing is asked again. */
  unpaired: boolean;
  onPaired(token: string): void;
}

const m = pairingMessages.fr;

function problemOf(outcome: Exclude<PairOutcome, { ok: true }>): string {
  switch (outcome.problem) {
    case 'wrong_code':
      return m.wrongCode(outcome.attemptsLeft);
    case 'too_many':
      return m.tooMany;
    case 'bad_code':
      return m.codeFormat;
    case 'unreachable':
      return m.unreachable;
    default: {
      const unreachable: never = outcome;
      return unreachable;
    }
  }
}

export function PairingScreen({ unpaired, onPaired }: PairingScreenProps) {
  const fieldId = useId();
  const helpId = useId();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(unpaired ? m.unpaired : null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const digits = code.replace(/[\s\u00a0]/g, '');
    if (!DISPLAY_PAIRING_CODE_PATTERN.test(digits)) {
      setProblem(m.codeFormat);
      return;
    }
    setBusy(true);
    const outcome = await pairDisplay(digits);
    setBusy(false);
    if (outcome.ok) onPaired(outcome.token);
    else {
      setProblem(problemOf(outcome));
      setCode('');
    }
  }

  return (
    <main className="screen pairing">
      <form className="pairing-card" onSubmit={(event) => void submit(event)} noValidate>
        <h1>{m.title}</h1>
        <label htmlFor={fieldId}>{m.codeLabel}</label>
        <input
          id={fieldId}
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          autoFocus
          value={code}
          aria-describedby={helpId}
          aria-invalid={problem ? true : undefined}
          onChange={(event) => setCode(event.target.value)}
        />
        <div id={helpId}>
          <p>{m.help}</p>
          <p lang="en" className="muted">
            {pairingMessages.en.help}
          </p>
        </div>
        {problem ? (
          <p className="alert" role="alert">
            {problem}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? m.submitting : m.submit}
        </button>
      </form>
    </main>
  );
}
