import { useT } from '../i18n/i18n';

/** Shown on every screen while the embedded sandbox stands in for the ANCV platform; a landmark of
 *  its own, so a screen reader user finds it among the page's regions. */
export function DemoBanner() {
  const t = useT();
  return (
    <aside className="demo-banner" aria-label={t.demoBanner}>
      <p>{t.demoBanner}</p>
    </aside>
  );
}
