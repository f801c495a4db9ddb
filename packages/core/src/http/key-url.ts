/**
 * Where keys may be fetched from: `https:` anywhere, `http:` only to this machine (127.0.0.0/8,
 * [::1], localhost) for local issuers in development and tests.
 */

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === 'localhost.' || host === '[::1]') return true;
  // The URL parser has already normalised IPv4 shorthands (127.1, 0x7f.1) to dotted quads.
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** True when keys may be fetched from this URL. Credentials in the URL are never allowed. */
export function isAllowedKeyUrl(url: URL): boolean {
  if (url.username !== '' || url.password !== '') return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/** The URL as messages may show it: no credentials, query or fragment (they can carry secrets). */
export function describeUrl(url: string | URL): string {
  try {
    const parsed = typeof url === 'string' ? new URL(url) : url;
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return 'an invalid URL';
  }
}

/**
 * Throws a `TypeError` when a configured key or discovery URL breaks the URL rule. Called by
 * `createVerifier` so mistakes surface at startup.
 *
 * @example
 * assertKeyUrl('https://login.example.com/keys', 'issuer example keySource.uri');
 */
export function assertKeyUrl(url: string, what: string): void {
  if (typeof url !== 'string' || url.length === 0) throw new TypeError(`tokenward: ${what} must be a URL string`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`tokenward: ${what} is not a valid absolute URL`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new TypeError(`tokenward: ${what} must not contain credentials`);
  }
  if (!isAllowedKeyUrl(parsed)) {
    throw new TypeError(
      `tokenward: ${what} must be an https: URL (http: is allowed only for localhost and 127.0.0.0/8), got ${describeUrl(parsed)}`,
    );
  }
}
