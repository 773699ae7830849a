// The platform part of Paramètres and of the first-start setup: which platform (the demo sandbox,
// a server of the API v1, Worldline Direct), its address or environment and keys, and « Tester la
// connexion », which asks the companion whether that platform answers (and takes the keys) without
// saving or changing anything. A password is never tested: the 3rd wrong one locks the account.
import { useId, useState } from 'react';
import type { ContractError, PlatformKind, PlatformTestResult } from '../../../electron/common/contract';
import { useLanguage, useT } from '../i18n/i18n';
import { useCompanion, useLink } from './companion-context';
import { explainError } from './explain-error';
import { testInputOf, testKeyOf, typedKeys, type PlatformDraft } from './platform-draft';
import { TextField } from './TextField';

const KINDS: readonly PlatformKind[] = ['sandbox', 'api-v1', 'worldline-direct'];

interface PlatformFieldsProps {
  /** The platforms offered (all three by default). */
  kinds?: readonly PlatformKind[];
  draft: PlatformDraft;
  onChange(draft: PlatformDraft): void;
  /** The server's refusal of a field (bad_request, validation), to show where it belongs. */
  fieldError?: (field: 'platformUrl' | 'merchantId' | 'apiKeyId' | 'secretApiKey') => string | null;
  /** Keys are already saved for this platform: empty fields keep them. */
  keysSaved?: boolean;
  /** Told each time a test ends (the values that passed, or null). */
  onTested?(passedFor: string | null): void;
}

export function PlatformFields({ kinds = KINDS, draft, onChange, fieldError, keysSaved = false, onTested }: PlatformFieldsProps) {
  const t = useT();
  const language = useLanguage();
  const api = useCompanion();
  const { onError } = useLink();
  const name = useId();
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<{ key: string; value: PlatformTestResult } | { key: string; error: ContractError } | null>(null);
  const [incomplete, setIncomplete] = useState(false);
  const currentKey = testKeyOf(draft);
  const shown = result && result.key === currentKey ? result : null;

  const change = (next: PlatformDraft) => {
    setIncomplete(false);
    onChange(next);
  };

  async function test() {
    if (draft.platform === 'worldline-direct' && typedKeys(draft) === 'incomplete') {
      setIncomplete(true);
      return;
    }
    setTesting(true);
    const key = currentKey;
    const answer = await api.platform.test(testInputOf(draft));
    setTesting(false);
    if (answer.ok) {
      setResult({ key, value: answer.value });
      onTested?.(key);
    } else {
      onError(answer.error);
      setResult({ key, error: answer.error });
      onTested?.(null);
    }
  }

  function said(outcome: { value: PlatformTestResult } | { error: ContractError }): string {
    if ('error' in outcome) {
      return outcome.error.code === 'invalid_credentials' && draft.platform === 'worldline-direct'
        ? t.apiKeysRefused
        : explainError(outcome.error, language);
    }
    const where = outcome.value.platform === 'sandbox' ? t.connectionEmbedded : outcome.value.url;
    return outcome.value.merchantId ? t.connectionOkKeys(outcome.value.merchantId, where) : t.connectionOk(where);
  }

  const urlError = fieldError?.('platformUrl') ?? (shown && 'error' in shown && shown.error.details?.field === 'platformUrl' ? said(shown) : null);
  return (
    <div className="platform-fields">
      <fieldset className="platform-choice">
        <legend>{t.platformChoice}</legend>
        {kinds.map((kind) => (
          <div key={kind} className="platform-option">
            <label className="radio">
              <input type="radio" name={name} value={kind} checked={draft.platform === kind} onChange={() => change({ ...draft, platform: kind })} />
              {t.platformKindLabel[kind]}
            </label>
            {kind === 'api-v1' ? (
              <TextField
                label={t.platformUrl}
                hint={t.platformUrlHint}
                value={draft.platformUrl}
                onChange={(value) => change({ ...draft, platformUrl: value, platform: 'api-v1' })}
                error={urlError}
                inputMode="text"
              />
            ) : null}
            {kind === 'worldline-direct' && draft.platform === 'worldline-direct' ? (
              <div className="platform-keys">
                {draft.testServerUrl ? (
                  <p className="muted">{t.worldlineTestServer(draft.testServerUrl)}</p>
                ) : (
                  <fieldset className="platform-environment">
                    <legend>{t.worldlineEnvironment}</legend>
                    {(['preproduction', 'production'] as const).map((environment) => (
                      <label key={environment} className="radio">
                        <input
                          type="radio"
                          name={`${name}-environment`}
                          value={environment}
                          checked={draft.environment === environment}
                          onChange={() => change({ ...draft, environment })}
                        />
                        {environment === 'production' ? t.worldlineProduction : t.worldlinePreproduction}
                      </label>
                    ))}
                  </fieldset>
                )}
                <TextField label={t.merchantId} value={draft.merchantId} onChange={(value) => change({ ...draft, merchantId: value })} error={fieldError?.('merchantId') ?? null} />
                <TextField label={t.apiKeyId} value={draft.apiKeyId} onChange={(value) => change({ ...draft, apiKeyId: value })} error={fieldError?.('apiKeyId') ?? null} />
                <TextField
                  label={t.secretApiKey}
                  type="password"
                  value={draft.secretApiKey}
                  onChange={(value) => change({ ...draft, secretApiKey: value })}
                  error={fieldError?.('secretApiKey') ?? null}
                  hint={keysSaved ? `${t.apiKeysHint} ${t.apiKeysKeptHint}` : t.apiKeysHint}
                  autoComplete="off"
                />
              </div>
            ) : null}
          </div>
        ))}
      </fieldset>
      <div className="platform-test">
        <button type="button" className="secondary" onClick={() => void test()} disabled={testing} aria-busy={testing || undefined}>
          {testing ? t.testingConnection : t.testConnection}
        </button>
        <p role="status" className={shown && 'value' in shown ? 'test-passed' : 'muted'}>
          {shown && 'value' in shown ? said(shown) : ''}
        </p>
      </div>
      {incomplete ? (
        <p className="alert" role="alert">
          {t.apiKeysIncomplete}
        </p>
      ) : shown && 'error' in shown && shown.error.details?.field !== 'platformUrl' ? (
        <p className="alert" role="alert">
          {said(shown)}
        </p>
      ) : null}
    </div>
  );
}
