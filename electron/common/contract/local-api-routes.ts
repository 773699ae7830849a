// The headless host's local API as HTTP paths: where the host registers each route and where the
// browser bridge, the display page, the OpenAPI description and the tests' clients point. A path
// is written here and nowhere else.
export const LOCAL_API_ROUTES = {
  /** `GET`, no token: whether the companion answers, and its version. */
  health: '/api/health',
  /** `GET`, no token: the OpenAPI description of this API. */
  openApi: '/api/openapi.json',
  /** `GET`, the cashier's token: every contract event (server-sent events). */
  events: '/api/events',
  /** `GET` on the local API with the cashier's bearer token: the accountant's CSV of a period
   *  (query `from`, `to`: Paris days), streamed as `text/csv`. */
  reportCsv: '/api/report.csv',
  /** `GET`, the display token (or the cashier's): the customer display's events. */
  displayEvents: '/api/display/events',
  /** `POST`, no token: a display page trades the pairing code for the display token. */
  displayPair: '/api/display/pair',
  /** `POST`: a channel of the contract (`channelRoute`), its JSON input as body. */
  channel: '/api/:channel',
  /** The screens: the cashier page and the customer display page. */
  cashierPage: '/',
  displayPage: '/display',
} as const;

/** `POST /api/<channel>`: where a channel of the contract is called (any name: the host answers
 *  an unknown one `404 not_found`). */
export function channelRoute(channel: string): string {
  return LOCAL_API_ROUTES.channel.replace(':channel', channel);
}
