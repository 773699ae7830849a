// "Connexion": convention number (12 digits, checked as typed; typed with spaces as ANCV's
// letters print it, "6437 3600 1001", is fine) and password. The 3rd wrong password locks the
// merchant's account, so a login is sent only when the cashier presses "Se connecter", and never
// again by itself; once locked, the password is cleared and "Se connecter" stays off until the
// cashier says the account was unlocked on espace-ptl.ancv.fr.
import { useRef, useState, type FormEvent } from 'react';
import type { AppAbout, ContractError, SessionState } from '../../../electron/common/contract';
import { MERCHANT_SPACE_URL } from '../../../electron/common/platform-api';
import { useLanguage, useT } from '../i18n/i18n';
import { useLoginCall } from './login-call';
import { explainError } from './explain-error';
import { TextField } from './TextField';

type ConventionProblem = 'required' | 'digits_only' | 'too_short' | 'too_long';

/** Spaces (as printed on ANCV's letters, or pasted) are not part of the number. */
function withoutSpaces(value: string): string {
  return value.replace(/[\s\u00a0\u202f]/g, '');
}

function conventionProblem(value: string): ConventionProblem | null {
  if (value === '') return 'required';
  if (!/^\d*$/.test(value)) return 'digits_only';
  if (value.length < 12) return 'too_short';
  if (value.length > 12) return 'too_long';
  return null;
}

/** Problems a cashier sees while typing; "missing digits" waits until they leave the field. */
const SHOWN_WHILE_TYPING: readonly ConventionProblem[] = ['digits_only', 'too_long'];

interface LoginFormProps {
  /** The demo credentials, in demo mode only (`app.about`: the session never carries a password). */
  demo: AppAbout['demo'];
  initialConventionNumber?: string;
  /** Shown under « Comment se connecter ? », as the guide's app shows « V0.0.10 ». */
  version?: string | null;
  onLoggedIn(session: SessionState): void;
}

export function LoginForm({ demo, initialConventionNumber, version = null, onLoggedIn }: LoginFormProps) {
  const t = useT();
  const [conventionNumber, setConventionNumber] = useState(initialConventionNumber ?? '');
  const [password, setPassword] = useState('');
  const [conventionTouched, setConventionTouched] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [locked, setLocked] = useState(false);
  const conventionRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const login = useLoginCall(onLoggedIn);
  const { busy, error } = login;

  const digits = withoutSpaces(conventionNumber);
  const problem = conventionProblem(digits);
  const showConvention =
    problem !== null && (submitted || conventionTouched || SHOWN_WHILE_TYPING.includes(problem));
  const conventionError = showConvention && problem ? conventionText(problem) : null;
  const passwordError = submitted && password === '' ? t.passwordRequired : null;

  function conventionText(p: ConventionProblem): string {
    switch (p) {
      case 'required':
        return t.conventionRequired;
      case 'digits_only':
        return t.conventionDigitsOnly;
      case 'too_short':
        return t.conventionTooShort(12 - digits.length);
      case 'too_long':
        return t.conventionTooLong;
      default: {
        const unreachable: never = p;
        return unreachable;
      }
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (locked) return;
    if (problem) return conventionRef.current?.focus();
    if (password === '') return passwordRef.current?.focus();
    setConventionNumber(digits);
    await login.send({ conventionNumber: digits, password }, (refusal) => {
      if (refusal.code === 'invalid_credentials' || refusal.code === 'account_locked') {
        setPassword('');
        setSubmitted(false);
      }
      if (refusal.code === 'account_locked') setLocked(true);
      else if (refusal.code === 'invalid_credentials') passwordRef.current?.focus();
    });
  }

  function accountUnlocked() {
    setLocked(false);
    login.clearError();
    passwordRef.current?.focus();
  }

  function fillDemo() {
    if (!demo) return;
    setConventionNumber(demo.conventionNumber);
    setPassword(demo.password);
    login.clearError();
  }

  return (
    <form className="login-form" onSubmit={submit} noValidate>
      <TextField
        label={t.conventionNumber}
        value={conventionNumber}
        onChange={(value) => {
          setConventionNumber(value);
          login.clearError();
          // Another account is not the locked one.
          setLocked(false);
        }}
        onBlur={() => {
          setConventionTouched(conventionNumber !== '');
          if (!conventionProblem(digits)) setConventionNumber(digits);
        }}
        error={conventionError}
        hint={`${t.conventionNumberHint} — ${t.conventionDigitsTyped(digits.replace(/\D/g, '').length)}`}
        required
        inputMode="numeric"
        autoComplete="username"
        autoFocus={!initialConventionNumber}
        inputRef={conventionRef}
      />
      <TextField
        label={t.password}
        type="password"
        value={password}
        onChange={setPassword}
        error={passwordError}
        required
        autoComplete="current-password"
        autoFocus={Boolean(initialConventionNumber)}
        inputRef={passwordRef}
      />
      <p className="forgot-password">
        <a href={MERCHANT_SPACE_URL} target="_blank" rel="noopener noreferrer">
          {t.forgotPassword}
        </a>
      </p>
      {error ? <LoginError error={error} onUnlocked={locked ? accountUnlocked : null} /> : null}
      <button type="submit" className="primary big" disabled={busy || locked} aria-busy={busy || undefined}>
        {busy ? t.loggingIn : t.loginSubmit}
      </button>

      <button
        type="button"
        className="link-button"
        aria-expanded={helpOpen}
        aria-controls="login-help"
        onClick={() => setHelpOpen((open) => !open)}
      >
        {t.howToLogIn}
      </button>
      {helpOpen ? (
        <div id="login-help" className="note">
          <p>{t.howToLogInText}</p>
          <p className="note-title">{t.didYouKnow}</p>
          <p>{t.lockAdvice}</p>
        </div>
      ) : null}
      {version ? <p className="app-version">{t.appVersion(version)}</p> : null}

      {demo ? (
        <div className="note demo-credentials">
          <p className="note-title">{t.demoCredentialsTitle}</p>
          <p>{t.demoCredentials(demo.conventionNumber, demo.password)}</p>
          <button type="button" className="secondary" onClick={fillDemo}>
            {t.fillDemoCredentials}
          </button>
        </div>
      ) : null}
    </form>
  );
}

function LoginError({ error, onUnlocked }: { error: ContractError; onUnlocked: (() => void) | null }) {
  const t = useT();
  const language = useLanguage();
  if (error.code === 'account_locked') {
    return (
      <div className="alert alert-locked" role="alert">
        <p className="alert-title">{t.accountLockedTitle}</p>
        <p>{t.accountLockedText}</p>
        <p>
          <a href={unlockUrl(error)} target="_blank" rel="noopener noreferrer">
            {t.unlockLink}
          </a>
        </p>
        {onUnlocked ? (
          <>
            <p>{t.loginDisabledWhileLocked}</p>
            <button type="button" className="secondary" onClick={onUnlocked}>
              {t.accountUnlocked}
            </button>
          </>
        ) : null}
      </div>
    );
  }
  return (
    <p className="alert" role="alert">
      {explainError(error, language)}
    </p>
  );
}

/** The platform's unlock page, if it is a plain https address; the merchant space otherwise. */
function unlockUrl(error: ContractError): string {
  const url = error.details?.unlockUrl;
  return url && /^https:\/\//.test(url) ? url : MERCHANT_SPACE_URL;
}
