// What went wrong in a page that a user would not see at once: uncaught errors, console errors,
// requests that failed or were refused. Tests assert the list is empty at the end.
import type { Page } from 'playwright-core';

export interface PageWatch {
  problems: string[];
  /** Requests the page sent to the local API (`/api/…`), in order. */
  apiCalls: string[];
}

export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { problems: [], apiCalls: [] };
  page.on('pageerror', (error) => watch.problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // Chromium's "Failed to load resource" names the URL only in the location.
    if (message.type() === 'error') watch.problems.push(`console error: ${message.text()} (${message.location().url})`);
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) watch.apiCalls.push(url.pathname);
  });
  page.on('requestfailed', (request) => {
    // The event stream is aborted when the page closes or navigates: not a failure of the app.
    const reason = request.failure()?.errorText ?? '';
    if (reason === 'net::ERR_ABORTED' && new URL(request.url()).pathname.endsWith('/events')) return;
    watch.problems.push(`request failed: ${request.url()} (${reason})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) watch.problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return watch;
}
