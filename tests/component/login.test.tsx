// "Connexion": the convention number checked as typed, attempts left, the lock advice, the demo
// credentials, and where the focus goes after logging in.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeCompanion, DEMO } from './support/fake-companion';
import { renderApp } from './support/render';

async function openLogin(options: Parameters<typeof createFakeCompanion>[0] = {}) {
  const fake = createFakeCompanion(options);
  const view = renderApp(fake);
  await screen.findByRole('heading', { name: 'Connexion' });
  return { fake, ...view };
}

describe('Connexion', () => {
  it('uses the guide’s words and shows the demo banner and credentials on the sandbox', async () => {
    const { user } = await openLogin();
    expect(screen.getByText('Mode démonstration — plateforme simulée')).toBeInTheDocument();
    expect(screen.getByLabelText('Numéro de convention')).toHaveFocus();
    expect(screen.getByLabelText('Mot de passe')).toHaveAttribute('type', 'password');
    expect(screen.getByText(`Numéro de convention : ${DEMO.conventionNumber} — Mot de passe : ${DEMO.password}`)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Remplir les identifiants de démonstration' }));
    expect(screen.getByLabelText('Numéro de convention')).toHaveValue(DEMO.conventionNumber);
    expect(screen.getByLabelText('Mot de passe')).toHaveValue(DEMO.password);
  });

  it('shows neither banner nor demo credentials against the real platform', async () => {
    await openLogin({ mode: 'platform' });
    expect(screen.queryByText('Mode démonstration — plateforme simulée')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Remplir les identifiants de démonstration' })).not.toBeInTheDocument();
  });

  it('checks the 12-digit convention number as it is typed', async () => {
    const { user } = await openLogin();
    const field = screen.getByLabelText('Numéro de convention');

    await user.type(field, '64373600100');
    expect(screen.getByText(/11\/12 chiffres/)).toBeInTheDocument();
    expect(field).not.toHaveAttribute('aria-invalid'); // still typing: no error yet

    await user.type(field, 'a');
    expect(screen.getByText('Le numéro de convention ne contient que des chiffres.')).toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'true');

    await user.clear(field);
    await user.type(field, '6437360010012');
    expect(screen.getByText('Le numéro de convention compte 12 chiffres, pas plus.')).toBeInTheDocument();

    await user.clear(field);
    await user.type(field, '64373');
    await user.tab();
    const error = screen.getByText('Le numéro de convention compte 12 chiffres : il en manque 7.');
    expect(field.getAttribute('aria-describedby')).toContain(error.id);
  });

  it('sends nothing while the convention number or the password is missing', async () => {
    const { fake, user } = await openLogin();
    await user.type(screen.getByLabelText('Numéro de convention'), '64373600100');
    await user.type(screen.getByLabelText('Mot de passe'), 'secret{Enter}');
    expect(await screen.findByText('Le numéro de convention compte 12 chiffres : il en manque 1.')).toBeInTheDocument();

    await user.type(screen.getByLabelText('Numéro de convention'), '1');
    await user.clear(screen.getByLabelText('Mot de passe'));
    await user.click(screen.getByRole('button', { name: 'Se connecter' }));
    expect(screen.getByText('Indiquez votre mot de passe.')).toBeInTheDocument();
    expect(screen.getByLabelText('Mot de passe')).toHaveFocus();
    expect(fake.callsTo('session.login')).toHaveLength(0);
  });

  it('says how many attempts are left; once locked, clears the password, turns the login off and says how to unlock, in the right tense', async () => {
    const { fake, user } = await openLogin();
    const convention = screen.getByLabelText('Numéro de convention');
    const password = screen.getByLabelText('Mot de passe');
    await user.type(convention, DEMO.conventionNumber);

    await user.type(password, 'wrong-1{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Mot de passe incorrect. Il vous reste 2 essais avant le blocage de votre compte.',
    );
    expect(password).toHaveValue('');
    expect(password).toHaveFocus();

    await user.type(password, 'wrong-2{Enter}');
    expect(await screen.findByText(/Il vous reste 1 essai avant/)).toBeInTheDocument();

    await user.type(password, 'wrong-3{Enter}');
    const locked = await screen.findByRole('alert');
    expect(locked).toHaveTextContent('Votre compte est bloqué.');
    // Past tense under "est bloqué": the warning's "sera bloqué" belongs before the lock.
    expect(locked).toHaveTextContent(
      'L’accès à votre compte a été bloqué après 3 mots de passe erronés. Pour le débloquer, rendez-vous sur espace-ptl.ancv.fr : sur la page de connexion, cliquez sur « mot de passe oublié », muni de votre numéro de convention Point d’accueil.',
    );
    expect(locked).not.toHaveTextContent('sera bloqué');
    expect(password).toHaveValue('');
    const submit = screen.getByRole('button', { name: 'Se connecter' });
    expect(submit).toBeDisabled();
    expect(locked).toHaveTextContent('La connexion reste désactivée tant que votre compte est bloqué.');
    const link = within(locked).getByRole('link', { name: 'Débloquer mon compte sur espace-ptl.ancv.fr' });
    expect(link).toHaveAttribute('href', 'https://espace-ptl.ancv.fr');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link.getAttribute('rel')).toContain('noopener');

    // Three presses, three logins: never one more by itself (the 3rd wrong password locks).
    await user.type(password, 'vacances{Enter}');
    expect(fake.callsTo('session.login')).toHaveLength(3);

    // Unlocked on espace-ptl.ancv.fr: the cashier says so, and may log in again.
    await user.click(within(locked).getByRole('button', { name: 'J’ai débloqué mon compte' }));
    expect(screen.queryByText('Votre compte est bloqué.')).not.toBeInTheDocument();
    expect(submit).toBeEnabled();
    expect(password).toHaveFocus();
  });

  it('accepts the convention number with spaces, as ANCV’s letters print it, and sends the 12 digits', async () => {
    const { fake, user } = await openLogin();
    const convention = screen.getByLabelText('Numéro de convention');
    await user.type(convention, '6437 3600 1001');
    expect(screen.getByText(/12\/12 chiffres/)).toBeInTheDocument();
    await user.type(screen.getByLabelText('Mot de passe'), `${DEMO.password}{Enter}`);
    expect(await screen.findByRole('heading', { name: 'Demande de paiement' })).toBeInTheDocument();
    expect(fake.callsTo('session.login')).toEqual([{ conventionNumber: '643736001001', password: DEMO.password }]);
  });

  it('offers « Mot de passe oublié ? » on the login screen, to the merchant space', async () => {
    await openLogin();
    const link = screen.getByRole('link', { name: 'Mot de passe oublié ?' });
    expect(link).toHaveAttribute('href', 'https://espace-ptl.ancv.fr');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
  });

  it('opens a short help with "Comment se connecter ?"', async () => {
    const { user } = await openLogin();
    const help = screen.getByRole('button', { name: 'Comment se connecter ?' });
    expect(help).toHaveAttribute('aria-expanded', 'false');
    await user.click(help);
    expect(help).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText(/Saisissez votre numéro de convention Point d’accueil \(12 chiffres\)/)).toBeInTheDocument();
  });

  it('shows the button busy during the login, then puts the focus in the amount', async () => {
    const { fake, user } = await openLogin();
    await user.type(screen.getByLabelText('Numéro de convention'), DEMO.conventionNumber);
    const release = fake.hold('session.login');
    await user.type(screen.getByLabelText('Mot de passe'), `${DEMO.password}{Enter}`);
    expect(await screen.findByRole('button', { name: 'Connexion en cours…' })).toBeDisabled();
    release();

    expect(await screen.findByRole('heading', { name: 'Demande de paiement' })).toBeInTheDocument();
    expect(screen.getByLabelText('Montant demandé')).toHaveFocus();
    expect(screen.getByText('Camping des Pins')).toBeInTheDocument();
    expect(screen.getByText('Mode démonstration — plateforme simulée')).toBeInTheDocument();
    expect(fake.callsTo('session.login')).toEqual([{ conventionNumber: DEMO.conventionNumber, password: DEMO.password }]);
  });

  it('switches to English and back, saving the choice', async () => {
    const { fake, user } = await openLogin();
    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeInTheDocument();
    expect(screen.getByLabelText('Convention number')).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
    await user.click(screen.getByRole('button', { name: 'Français' }));
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Connexion' })).toBeInTheDocument());
    expect(fake.callsTo('settings.update')).toEqual([{ language: 'en' }, { language: 'fr' }]);
  });

  it('"Se déconnecter" goes back to the login with an empty form next time', async () => {
    const fake = createFakeCompanion({ status: 'logged_in' });
    const { user } = renderApp(fake);
    await screen.findByRole('heading', { name: 'Demande de paiement' });
    await user.type(screen.getByLabelText('Montant demandé'), '20');
    await user.click(screen.getByRole('button', { name: 'Se déconnecter' }));
    expect(await screen.findByRole('heading', { name: 'Connexion' })).toBeInTheDocument();
    expect(fake.callsTo('session.logout')).toEqual([{}]);

    await user.click(screen.getByRole('button', { name: 'Remplir les identifiants de démonstration' }));
    await user.click(screen.getByRole('button', { name: 'Se connecter' }));
    expect(await screen.findByLabelText('Montant demandé')).toHaveValue('');
  });
});
