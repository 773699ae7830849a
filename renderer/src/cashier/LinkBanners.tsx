// Outages said aloud and kept in sight: when statuses cannot reach this screen (the platform is
// unreachable: neither its event stream nor the polls get through; or the companion itself does
// not answer this page), a banner says so and counts how long it has lasted. It is announced
// once, not at every tick of the counter.
import type { PlatformLink } from '../../../electron/common/contract';
import { useT } from '../i18n/i18n';
import { formatElapsed, useNow } from './use-now';

export interface LinkBannersProps {
  platform: PlatformLink | null;
  /** Since when the companion has not answered this page (the browser bridge), or null. */
  companionDownSince: number | null;
}

export function LinkBanners({ platform, companionDownSince }: LinkBannersProps) {
  const t = useT();
  // While the companion is unreachable, what it last said about the platform is stale: one banner.
  const platformDownSince = companionDownSince === null && platform?.state === 'unreachable' ? Date.parse(platform.since) : null;
  return (
    <section className="link-banners" aria-label={t.linkStatus}>
      {companionDownSince !== null ? (
        <Banner since={companionDownSince} kind="companion" text={t.companionDown} help={t.companionDownHelp} announcement={t.companionDownAnnouncement} />
      ) : null}
      {platformDownSince !== null ? (
        <Banner since={platformDownSince} kind="platform" text={t.platformDown} help={t.platformDownHelp} announcement={t.platformDownAnnouncement} />
      ) : null}
    </section>
  );
}

function Banner(props: { since: number; kind: string; text: (elapsed: string) => string; help: string; announcement: string }) {
  const now = useNow();
  return (
    <div className={`link-banner link-banner-${props.kind}`}>
      <p className="link-banner-title">
        <span className="link-banner-icon" aria-hidden="true">⚠</span> {props.text(formatElapsed(now - props.since))}
      </p>
      <p className="link-banner-help">{props.help}</p>
      <p className="visually-hidden" role="alert">
        {props.announcement}
      </p>
    </div>
  );
}
