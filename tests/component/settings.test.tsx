// "Paramètres": the till's name, the customer display, Caisse-AP and the platform address, saved
// through settings.update; wrong values are refused where they are typed, and nothing is sent.
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeCompanion } from './support/fake-companion';
import { renderApp } from './support/render';

async function openSettings() {
  const fake = createFakeCompanion({ status: 'logged_in' });
  const view = renderApp(fake);
  await view.user.click(await screen.findByRole('button', { name: 'Paramètres' }));
  await screen.findByRole('heading', { name: 'Paramètres' });
  // The heading shows at once; the fields come with the answer to settings.get.
  await screen.findByLabelText('Nom de la caisse');
  return { fake, ...view };
}

describe('Paramètres', () => {
  it('shows the current settings and turns Caisse-AP on for the shop network', async () => {
    const { fake, user } = await openSettings();
    expect(screen.getByLabelText('Nom de la caisse')).toHaveValue('caisse-1');
    expect(screen.getByLabelText('Port')).toHaveValue('8888');
    const caisseAp = screen.getByRole('checkbox', { name: /Caisse-AP sur IP/ });
    expect(caisseAp).not.toBeChecked();

    await user.click(caisseAp);
    await user.clear(screen.getByLabelText('Adresse d’écoute'));
    await user.type(screen.getByLabelText('Adresse d’écoute'), '0.0.0.0');
    await user.type(screen.getByLabelText(/Caisses autorisées/), '192.168.1.20, 192.168.1.21');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));

    expect(await screen.findByText('Paramètres enregistrés.')).toBeInTheDocument();
    expect(fake.callsTo('settings.update').at(-1)).toMatchObject({
      caisseAp: { enabled: true, host: '0.0.0.0', port: 8888, allowList: ['192.168.1.20', '192.168.1.21'] },
      platformUrl: null,
    });
    expect(fake.settings.caisseAp).toEqual({ enabled: true, host: '0.0.0.0', port: 8888, allowList: ['192.168.1.20', '192.168.1.21'], tillTimeoutSeconds: 170 });
  });

  it('sets how long the till waits for its answer, within 10 to 3600 seconds', async () => {
    const { fake, user } = await openSettings();
    const field = screen.getByLabelText('Temps d’attente de la caisse (secondes)');
    expect(field).toHaveValue('170');
    await user.clear(field);
    await user.type(field, '5');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    expect(await screen.findByText('Un nombre entier de 10 à 3600.')).toBeInTheDocument();
    expect(fake.callsTo('settings.update')).toHaveLength(0);
    await user.clear(field);
    await user.type(field, '177');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    expect(await screen.findByText('Paramètres enregistrés.')).toBeInTheDocument();
    expect(fake.settings.caisseAp.tillTimeoutSeconds).toBe(177);
  });

  it('refuses a port out of range where it is typed, and sends nothing', async () => {
    const { fake, user } = await openSettings();
    await user.clear(screen.getByLabelText('Port'));
    await user.type(screen.getByLabelText('Port'), '70000');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    expect(await screen.findByText('Un nombre entier de 1 à 65535.')).toBeInTheDocument();
    expect(screen.getByLabelText('Port')).toHaveAttribute('aria-invalid', 'true');
    expect(fake.callsTo('settings.update')).toHaveLength(0);
  });

  it('refuses a platform address that is not https, naming the field', async () => {
    const { fake, user } = await openSettings();
    await user.type(screen.getByLabelText('Adresse de la plateforme'), 'http://plateforme.example.fr');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await waitFor(() => expect(screen.getByLabelText('Adresse de la plateforme')).toHaveAttribute('aria-invalid', 'true'));
    expect(fake.settings.platformUrl).toBeNull();
  });
});
