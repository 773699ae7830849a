// Choosing the payment platform: the first start (« Mode démonstration » or « Ma plateforme »,
// saved only after « Tester la connexion » passed with exactly those values), the login by API
// keys on Worldline Direct, and a switch in Paramètres. Keys go to `session.login` only, never
// into the settings.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeCompanion, DEMO } from './support/fake-companion';
import { renderApp } from './support/render';

const KEYS = { merchantId: 'CVCONNECTTEST', apiKeyId: '3B7C1F0A9D2E4B6C', secretApiKey: 'c2VjcmV0LWZvci10ZXN0cw==' };

async function firstStart() {
  const fake = createFakeCompanion({ platform: { kind: 'sandbox', credentials: 'convention', source: 'default' } });
  const view = renderApp(fake);
  await screen.findByRole('heading', { name: 'Bienvenue' });
  return { fake, ...view };
}

describe('the first start', () => {
  it('offers the demo and « Ma plateforme », and the demo leads to its login with the demo credentials', async () => {
    const { fake, user } = await firstStart();
    expect(screen.getByRole('heading', { name: 'Mode démonstration' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Ma plateforme' })).toBeInTheDocument();
    // Nothing to log in to before a platform is chosen.
    expect(screen.queryByLabelText('Numéro de convention')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Commencer en mode démonstration' }));
    await screen.findByRole('heading', { name: 'Connexion' });
    expect(fake.callsTo('settings.update')).toEqual([{ platform: 'sandbox' }]);
    expect(screen.getByText(`Numéro de convention : ${DEMO.conventionNumber} — Mot de passe : ${DEMO.password}`)).toBeInTheDocument();
  });

  it('saves Worldline Direct only once the connection test passed with these keys, then logs in with them', async () => {
    const { fake, user } = await firstStart();
    const own = screen.getByRole('heading', { name: 'Ma plateforme' }).closest('section')!;
    await user.click(within(own).getByRole('radio', { name: /Worldline Direct/ }));
    expect(within(own).getByRole('radio', { name: /Pré-production/ })).toBeChecked();
    await user.type(within(own).getByLabelText('Identifiant marchand (PSPID)'), KEYS.merchantId);
    await user.type(within(own).getByLabelText('Identifiant de la clé API'), KEYS.apiKeyId);
    await user.type(within(own).getByLabelText('Clé API secrète'), KEYS.secretApiKey);
    expect(within(own).getByLabelText('Clé API secrète')).toHaveAttribute('type', 'password');

    // Not tested yet: nothing is saved.
    await user.click(within(own).getByRole('button', { name: 'Enregistrer et continuer' }));
    expect(await within(own).findByText('Testez la connexion avec ces valeurs avant d’enregistrer.')).toBeInTheDocument();
    expect(fake.callsTo('settings.update')).toHaveLength(0);

    await user.click(within(own).getByRole('button', { name: 'Tester la connexion' }));
    expect(await within(own).findByText(/Connexion réussie : clés acceptées pour CVCONNECTTEST/)).toBeInTheDocument();
    expect(fake.callsTo('platform.test')).toEqual([
      { platform: 'worldline-direct', worldline: { environment: 'preproduction', testServerUrl: null }, credentials: KEYS },
    ]);

    await user.click(within(own).getByRole('button', { name: 'Enregistrer et continuer' }));
    await screen.findByRole('heading', { name: 'Demande de paiement' });
    const saved = fake.callsTo('settings.update');
    expect(saved).toEqual([{ platformUrl: null, platform: 'worldline-direct', worldline: { environment: 'preproduction', testServerUrl: null } }]);
    expect(JSON.stringify(saved)).not.toContain(KEYS.secretApiKey);
    expect(JSON.stringify(fake.settings)).not.toContain(KEYS.secretApiKey);
    expect(fake.callsTo('session.login')).toEqual([KEYS]);
  });

  it('asks for a new test when a value changes after one, and says when the keys are refused', async () => {
    const { fake, user } = await firstStart();
    const own = screen.getByRole('heading', { name: 'Ma plateforme' }).closest('section')!;
    await user.type(within(own).getByLabelText('Adresse de la plateforme'), 'https://api.plateforme.example');
    await user.click(within(own).getByRole('button', { name: 'Tester la connexion' }));
    expect(await within(own).findByText('Connexion réussie : https://api.plateforme.example.')).toBeInTheDocument();
    await user.type(within(own).getByLabelText('Adresse de la plateforme'), '/v2');
    expect(within(own).queryByText(/Connexion réussie/)).not.toBeInTheDocument();
    await user.click(within(own).getByRole('button', { name: 'Enregistrer et continuer' }));
    expect(await within(own).findByText('Testez la connexion avec ces valeurs avant d’enregistrer.')).toBeInTheDocument();
    expect(fake.callsTo('settings.update')).toHaveLength(0);

    await user.click(within(own).getByRole('radio', { name: /Worldline Direct/ }));
    await user.type(within(own).getByLabelText('Identifiant marchand (PSPID)'), KEYS.merchantId);
    await user.type(within(own).getByLabelText('Identifiant de la clé API'), KEYS.apiKeyId);
    await user.type(within(own).getByLabelText('Clé API secrète'), 'wrong');
    await user.click(within(own).getByRole('button', { name: 'Tester la connexion' }));
    expect(await within(own).findByRole('alert')).toHaveTextContent('Clés refusées par Worldline');
  });

  it('never shows the demo’s credentials on the login of the platform chosen, not even before the page has read what the companion is now', async () => {
    const { fake, user } = await firstStart();
    const own = screen.getByRole('heading', { name: 'Ma plateforme' }).closest('section')!;
    await user.type(within(own).getByLabelText('Adresse de la plateforme'), 'https://api.plateforme.example');
    await user.click(within(own).getByRole('button', { name: 'Tester la connexion' }));
    await within(own).findByText('Connexion réussie : https://api.plateforme.example.');
    // What the companion says it is now (no demo any more) is still on its way.
    const release = fake.hold('app.about');
    await user.click(within(own).getByRole('button', { name: 'Enregistrer et continuer' }));
    await screen.findByRole('heading', { name: 'Connexion' });
    expect(screen.queryByText('Mode démonstration — plateforme simulée')).not.toBeInTheDocument();
    expect(screen.queryByText('Identifiants de démonstration')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Remplir les identifiants de démonstration' })).not.toBeInTheDocument();
    release();
  });
});

describe('a platform whose credentials are API keys', () => {
  it('asks for the merchant id and the key pair at login, not a convention number', async () => {
    const fake = createFakeCompanion({ mode: 'platform', platform: { kind: 'worldline-direct', credentials: 'api-key', source: 'settings' } });
    const { user } = renderApp(fake);
    await screen.findByRole('heading', { name: 'Connexion' });
    expect(screen.queryByLabelText('Numéro de convention')).not.toBeInTheDocument();
    await user.type(screen.getByLabelText('Identifiant marchand (PSPID)'), KEYS.merchantId);
    await user.type(screen.getByLabelText('Identifiant de la clé API'), KEYS.apiKeyId);
    await user.type(screen.getByLabelText('Clé API secrète'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Se connecter' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Clés refusées par Worldline');
    expect(screen.getByLabelText('Clé API secrète')).toHaveValue('');
    await user.type(screen.getByLabelText('Clé API secrète'), KEYS.secretApiKey);
    await user.click(screen.getByRole('button', { name: 'Se connecter' }));
    await screen.findByRole('heading', { name: 'Demande de paiement' });
  });
});

describe('Paramètres: switching the platform', () => {
  it('switches to Worldline Direct with its keys: the settings get the environment, the keys go to the login', async () => {
    const fake = createFakeCompanion({ status: 'logged_in', platform: { kind: 'sandbox', credentials: 'convention', source: 'settings' } });
    const { user } = renderApp(fake);
    await user.click(await screen.findByRole('button', { name: 'Paramètres' }));
    await screen.findByRole('heading', { name: 'Paramètres' });
    // Drawn with the settings, which arrive after the heading.
    expect(await screen.findByText(/En service : Démonstration/)).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: /Worldline Direct/ }));
    await user.click(screen.getByRole('radio', { name: 'Production' }));
    await user.type(screen.getByLabelText('Identifiant marchand (PSPID)'), KEYS.merchantId);
    await user.type(screen.getByLabelText('Identifiant de la clé API'), KEYS.apiKeyId);
    await user.type(screen.getByLabelText('Clé API secrète'), KEYS.secretApiKey);
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));

    await waitFor(() => expect(fake.callsTo('session.login')).toEqual([KEYS]));
    expect(fake.callsTo('settings.update').at(-1)).toMatchObject({ platform: 'worldline-direct', worldline: { environment: 'production' } });
    expect(JSON.stringify(fake.callsTo('settings.update'))).not.toContain(KEYS.secretApiKey);
    expect(fake.session).toMatchObject({ status: 'logged_in', platform: { kind: 'worldline-direct' }, merchant: { conventionNumber: KEYS.merchantId } });
  });

  it('refuses incomplete keys where they are typed, and sends nothing', async () => {
    const fake = createFakeCompanion({ status: 'logged_in', platform: { kind: 'sandbox', credentials: 'convention', source: 'settings' } });
    const { user } = renderApp(fake);
    await user.click(await screen.findByRole('button', { name: 'Paramètres' }));
    await user.click(await screen.findByRole('radio', { name: /Worldline Direct/ }));
    await user.type(screen.getByLabelText('Identifiant marchand (PSPID)'), KEYS.merchantId);
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    expect(await screen.findByText('Indiquez les trois : identifiant marchand, identifiant de la clé et clé secrète.')).toBeInTheDocument();
    expect(fake.callsTo('settings.update')).toHaveLength(0);
    expect(fake.callsTo('session.login')).toHaveLength(0);
  });
});
