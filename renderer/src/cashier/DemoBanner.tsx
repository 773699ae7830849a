import { useT } from '../i18n/i18n';

/** Shown on every screen while the embedded sandbox stands in for the ANCV platform. */
export function DemoBanner() {
  const t = useT();
  return (
    <div className="demo-banner" role="note">
      {t.demoBanner}
    </div>
  );
}
