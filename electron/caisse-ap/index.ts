// Caisse-AP over IP: the till drives the companion as it would drive a payment terminal.
// Hosts use `createCaisseApController` (follows settings.caisseAp, or a fixed address given on
// the command line); tests and tools can start one server with `startCaisseApServer`.
export {
  createCaisseApController,
  startCaisseApServer,
  type CaisseApConfig,
  type CaisseApController,
  type CaisseApControllerOptions,
  type CaisseApServerOptions,
  type RunningCaisseApServer,
} from './controller';
export type { CaisseApCore } from './core';
export { TILL_NOTICE_CODES, type TillNoticeCode } from './notices';
export {
  DEFAULT_CAISSE_AP_PORT,
  DEFAULT_CAISSE_AP_TIMING,
  parseAllowList,
  parseListenAddress,
  type CaisseApListen,
  type CaisseApTiming,
} from './options';
