// The pieces of the log's redaction that need no file: what a QR payload or a URL keeps, what the
// last net takes out of free text, and which parts of a stored secret are secrets.
import { describe, expect, it } from 'vitest';
import { CENSORED, maskLink, redactionPaths, SecretScrubber, secretStrings } from '../../electron/host/log-redaction';

describe('maskLink', () => {
  it('keeps the sandbox wallet link without its QR token', () => {
    expect(maskLink('http://127.0.0.1:4010/wallet?qr=Xk3v9QpL2mN8rT5wY7zA1bC4dE6fG0hJ')).toBe(`http://127.0.0.1:4010/wallet?qr=${CENSORED}`);
  });

  it('keeps a payment link without its token segment', () => {
    expect(maskLink('https://payment.preprod.direct.worldline-solutions.com/hostedcheckout/pay/9f2c1e0a7b5d4c3e8f6a')).toBe(
      `https://payment.preprod.direct.worldline-solutions.com/hostedcheckout/pay/${CENSORED}`,
    );
  });

  it('keeps a platform address whole, a page of the app whole, and replaces what is not a URL', () => {
    expect(maskLink('http://127.0.0.1:4010')).toBe('http://127.0.0.1:4010/');
    expect(maskLink('file:///opt/app/dist/renderer/index.html')).toBe('file:///opt/app/dist/renderer/index.html');
    expect(maskLink('https://user:pass@example.com/')).toBe(CENSORED);
    expect(maskLink('not a link SeCrEtVaLuE')).toBe(CENSORED);
    expect(maskLink(42)).toBe(CENSORED);
  });
});

describe('SecretScrubber', () => {
  it('takes bearer tokens, token and qr parameters and signed headers out of free text', () => {
    const scrubber = new SecretScrubber();
    const line = JSON.stringify({
      error: 'GET http://127.0.0.1:8787/?token=abcDEF123456789 failed; Authorization: Bearer abcDEF123456789; GCS v1HMAC:keyid:c2lnbmF0dXJl',
      link: 'see http://127.0.0.1:4010/wallet?qr=QRTOKEN1234567890 now',
    });
    const out = scrubber.scrub(line);
    expect(out).not.toContain('abcDEF123456789');
    expect(out).not.toContain('QRTOKEN1234567890');
    expect(out).not.toContain('c2lnbmF0dXJl');
    expect(JSON.parse(out)).toEqual({
      error: `GET http://127.0.0.1:8787/?token=${CENSORED} failed; Authorization: Bearer ${CENSORED}; GCS v1HMAC:${CENSORED}`,
      link: `see http://127.0.0.1:4010/wallet?qr=${CENSORED} now`,
    });
  });

  it('takes out the exact values it was told about, and leaves short ones alone', () => {
    const scrubber = new SecretScrubber();
    scrubber.hide('s3cr3t-value-"quoted"');
    scrubber.hide('abc');
    const out = scrubber.scrub(JSON.stringify({ message: 'failed with s3cr3t-value-"quoted" at abc' }));
    expect(JSON.parse(out)).toEqual({ message: `failed with ${CENSORED} at abc` });
  });
});

describe('secretStrings', () => {
  it('finds the fields of a stored session or API credentials named like secrets, not the merchant', () => {
    const session = JSON.stringify({ accessToken: 'tok-123456789', merchant: { conventionNumber: '643736001001', name: 'Camping des Pins' } });
    expect(secretStrings(session)).toEqual(['tok-123456789']);
    const credentials = JSON.stringify({ worldline: 1, merchantId: 'CampingPins', apiKeyId: 'KEYID123456', secretApiKey: 'SECRETKEY987654' });
    expect(secretStrings(credentials).sort()).toEqual(['KEYID123456', 'SECRETKEY987654']);
    expect(secretStrings('an-opaque-token-value')).toEqual(['an-opaque-token-value']);
  });
});

describe('redactionPaths', () => {
  it('names every secret field from the top level down to three objects deep', () => {
    const paths = redactionPaths();
    for (const path of ['password', '*.password', '*.*.password', '*.*.*.password', 'secretApiKey', '*.*.qrPayload']) expect(paths).toContain(path);
  });
});
