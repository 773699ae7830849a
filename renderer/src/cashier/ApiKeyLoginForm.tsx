// "Connexion" on a platform whose credentials are API keys (Worldline Direct: the merchant id,
// an API key id and its secret, made in Worldline's Merchant Portal). The platform checks them with
// its test call; the companion keeps them only in the computer's keychain (SecretStore). Keys do
// not lock an account, but a login is still sent only when the cashier asks.
import { useState, type FormEvent } from 'react';
import type { SessionState } from '../../../electron/common/contract';
import { useLanguage, useT } from '../i18n/i18n';
import { explainError } from './explain-error';
import { useLoginCall } from './login-call';
import { TextField } from './TextField';

export function ApiKeyLoginForm({ onLoggedIn, initialMerchantId }: { onLoggedIn(session: SessionState): void; initialMerchantId?: string }) {
  const t = useT();
  const language = useLanguage();
  const [merchantId, setMerchantId] = useState(initialMerchantId ?? '');
  const [apiKeyId, setApiKeyId] = useState('');
  const [secretApiKey, setSecretApiKey] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const login = useLoginCall(onLoggedIn);
  const { busy, error } = login;
  const missing = (value: string) => (submitted && value.trim() === '' ? t.apiKeysIncomplete : null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if ([merchantId, apiKeyId, secretApiKey].some((value) => value.trim() === '')) return;
    await login.send({ merchantId: merchantId.trim(), apiKeyId: apiKeyId.trim(), secretApiKey: secretApiKey.trim() }, (refusal) => {
      if (refusal.code === 'invalid_credentials') {
        setSecretApiKey('');
        setSubmitted(false);
      }
    });
  }

  return (
    <form className="login-form" onSubmit={submit} noValidate>
      <TextField label={t.merchantId} value={merchantId} onChange={setMerchantId} error={missing(merchantId)} required autoFocus={!initialMerchantId} />
      <TextField label={t.apiKeyId} value={apiKeyId} onChange={setApiKeyId} error={missing(apiKeyId)} required autoFocus={Boolean(initialMerchantId)} />
      <TextField
        label={t.secretApiKey}
        type="password"
        value={secretApiKey}
        onChange={setSecretApiKey}
        error={missing(secretApiKey)}
        hint={t.apiKeysHint}
        required
      />
      {error ? (
        <p className="alert" role="alert">
          {error.code === 'invalid_credentials' ? t.apiKeysRefused : explainError(error, language)}
        </p>
      ) : null}
      <button type="submit" className="primary big" disabled={busy} aria-busy={busy || undefined}>
        {busy ? t.loggingIn : t.loginSubmit}
      </button>
    </form>
  );
}
