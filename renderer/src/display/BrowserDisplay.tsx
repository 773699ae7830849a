// The customer display in a browser (a tablet, a second computer): with a display token it
// follows the host's display stream; without one, or once the host refuses it, it asks for the
// pairing code. The token lives in sessionStorage, like the cashier's.
import { useCallback, useState } from 'react';
import { forgetAccessToken } from '../bridge/access-token';
import { DISPLAY_TOKEN_KEY, followDisplayOverHttp } from './display-link';
import { LiveDisplay, type Subscribe } from './LiveDisplay';
import { PairingScreen } from './PairingScreen';

export function BrowserDisplay({ initialToken }: { initialToken: string | null }) {
  const [token, setToken] = useState(initialToken);
  const [unpaired, setUnpaired] = useState(false);
  const [online, setOnline] = useState(true);

  const subscribe = useCallback<Subscribe>(
    (listener) => {
      if (!token) return () => undefined;
      return followDisplayOverHttp({
        token,
        onState: (state) => {
          setOnline(true);
          listener(state);
        },
        onConnection: setOnline,
        onRefused: () => {
          forgetAccessToken(window, DISPLAY_TOKEN_KEY);
          setUnpaired(true);
          setToken(null);
        },
      });
    },
    [token],
  );

  if (!token) {
    return (
      <PairingScreen
        unpaired={unpaired}
        onPaired={(paired) => {
          try {
            window.sessionStorage.setItem(DISPLAY_TOKEN_KEY, paired);
          } catch {
            // storage disabled: the pairing lasts until the page is reloaded
          }
          setUnpaired(false);
          setOnline(true);
          setToken(paired);
        }}
      />
    );
  }
  return <LiveDisplay key={token} subscribe={subscribe} online={online} />;
}
