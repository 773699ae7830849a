// What both login forms do with « Se connecter »: one login in flight at a time, the button busy
// meanwhile, a refusal said on the form and to the link (an unreachable companion shows its banner),
// the session handed on when it is accepted.
import { useRef, useState } from 'react';
import type { ChannelInput, ContractError, SessionState } from '../../../electron/common/contract';
import { useCompanion, useLink } from './companion-context';

export interface LoginCall {
  busy: boolean;
  /** The last refusal, until the next attempt or `clearError`. */
  error: ContractError | null;
  clearError(): void;
  /** Sends the login unless one is on its way; `onRefused` follows up on the form (clear a field…). */
  send(credentials: ChannelInput<'session.login'>, onRefused?: (error: ContractError) => void): Promise<void>;
}

export function useLoginCall(onLoggedIn: (session: SessionState) => void): LoginCall {
  const api = useCompanion();
  const link = useLink();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ContractError | null>(null);
  const sending = useRef(false);

  async function send(credentials: ChannelInput<'session.login'>, onRefused?: (error: ContractError) => void): Promise<void> {
    if (sending.current) return;
    sending.current = true;
    setBusy(true);
    setError(null);
    const result = await api.session.login(credentials);
    sending.current = false;
    setBusy(false);
    if (result.ok) {
      onLoggedIn(result.value);
      return;
    }
    link.onError(result.error);
    setError(result.error);
    onRefused?.(result.error);
  }

  return { busy, error, clearError: () => setError(null), send };
}
