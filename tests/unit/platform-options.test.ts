// `npm run serve`'s platform options: what each combination means, and a French sentence for any
// that does not fit together (nothing starts then).
import { describe, expect, it } from 'vitest';
import { platformFromCommandLine } from '../../electron/host/platform-options';

const DEFAULT_WORLDLINE = { environment: 'preproduction', testServerUrl: null };

describe('the platform on the command line', () => {
  it('names none by default: the settings decide', () => {
    expect(platformFromCommandLine({})).toEqual({ ok: true, choice: null });
  });

  it('keeps the older options meaning what they meant', () => {
    expect(platformFromCommandLine({ sandbox: true })).toEqual({ ok: true, choice: { platform: 'sandbox', platformUrl: null, worldline: DEFAULT_WORLDLINE } });
    expect(platformFromCommandLine({ 'platform-url': 'https://api.plateforme.example' })).toEqual({
      ok: true,
      choice: { platform: 'api-v1', platformUrl: 'https://api.plateforme.example', worldline: DEFAULT_WORLDLINE },
    });
  });

  it('takes each platform with its own options', () => {
    expect(platformFromCommandLine({ platform: 'sandbox', 'expiry-seconds': '30' })).toMatchObject({ ok: true, choice: { platform: 'sandbox' } });
    expect(platformFromCommandLine({ platform: 'api-v1', 'platform-url': 'http://127.0.0.1:4010' })).toMatchObject({
      ok: true,
      choice: { platform: 'api-v1', platformUrl: 'http://127.0.0.1:4010' },
    });
    expect(platformFromCommandLine({ platform: 'worldline-direct' })).toMatchObject({ ok: true, choice: { platform: 'worldline-direct', worldline: DEFAULT_WORLDLINE } });
    expect(platformFromCommandLine({ platform: 'worldline-direct', 'worldline-environment': 'production' })).toMatchObject({
      ok: true,
      choice: { worldline: { environment: 'production', testServerUrl: null } },
    });
    expect(platformFromCommandLine({ platform: 'worldline-direct', 'worldline-test-server': 'http://127.0.0.1:4321' })).toMatchObject({
      ok: true,
      choice: { worldline: { environment: 'preproduction', testServerUrl: 'http://127.0.0.1:4321' } },
    });
  });

  it('refuses what does not fit together, in a sentence naming the options', () => {
    const refused = (values: Parameters<typeof platformFromCommandLine>[0]) => {
      const answer = platformFromCommandLine(values);
      if (answer.ok) throw new Error(`accepted ${JSON.stringify(values)}`);
      return answer.message;
    };
    expect(refused({ platform: 'ancv' })).toMatch(/--platform attend sandbox, api-v1, worldline-direct/);
    expect(refused({ sandbox: true, 'platform-url': 'https://api.plateforme.example' })).toMatch(/--platform-url et --sandbox sont incompatibles/);
    expect(refused({ sandbox: true, platform: 'worldline-direct' })).toMatch(/incompatibles/);
    expect(refused({ platform: 'api-v1' })).toMatch(/--platform api-v1 attend --platform-url/);
    expect(refused({ 'platform-url': 'http://plateforme.example' })).toMatch(/--platform-url refusée : the platform URL must use https/);
    expect(refused({ platform: 'worldline-direct', 'platform-url': 'https://x.example' })).toMatch(/--platform-url s’utilise avec --platform api-v1/);
    expect(refused({ platform: 'worldline-direct', 'worldline-environment': 'recette' })).toMatch(/--worldline-environment refusée/);
    expect(refused({ platform: 'worldline-direct', 'worldline-test-server': 'http://worldline.example' })).toMatch(/--worldline-test-server refusée/);
    expect(refused({ 'worldline-environment': 'production' })).toMatch(/s’utilisent avec --platform worldline-direct/);
    expect(refused({ platform: 'worldline-direct', 'demo-password': 'x' })).toMatch(/options de la plateforme de démonstration/);
  });
});
