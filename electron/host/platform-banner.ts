// What `npm run serve` prints about the platform in use, for the person starting it.
import type { Runtime } from '../runtime/runtime';

const NAMES = { 'api-v1': 'API v1', 'worldline-direct': 'Worldline Direct' } as const;

export function platformBannerLines(platform: ReturnType<Runtime['platform']>): string[] {
  if (platform.kind === 'sandbox') {
    return [
      `  Plateforme    : ${platform.url} (sandbox)`,
      ...(platform.walletPageUrl ? [`  Client simulé : ${platform.walletPageUrl}`] : []),
      ...(platform.demo ? [`  Identifiants de démonstration : ${platform.demo.conventionNumber} / ${platform.demo.password}`] : []),
    ];
  }
  return [`  Plateforme    : ${platform.url} (${NAMES[platform.kind]})`];
}
