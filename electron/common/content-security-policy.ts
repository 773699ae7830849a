// The one Content-Security-Policy of our pages: sent as a header by both hosts (Electron for
// anything not file://, the headless host for every page), and written as a meta tag in
// renderer/*.html for file:// — a test checks the tags say the same, minus what a meta tag
// cannot carry (frame-ancestors).
export const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
] as const;

export const CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.join('; ');
