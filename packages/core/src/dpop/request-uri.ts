/** The request URI a DPoP proof's `htu` is compared with (RFC 9449 §4.3: no query, no fragment, normalised). */

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/**
 * RFC 3986 §6.2.2 and §6.2.3 normalisation, on top of what the WHATWG URL parser does (lowercase
 * scheme and host, default port dropped, dot segments resolved, an empty path as `/`): percent-encoded
 * unreserved characters decoded, other escapes in uppercase.
 */
function normalisePath(path: string): string {
  if (!path.includes('%')) return path;
  return path.replace(/%[0-9A-Fa-f]{2}/g, (escape) => {
    const character = String.fromCharCode(Number.parseInt(escape.slice(1), 16));
    return UNRESERVED.test(character) ? character : escape.toUpperCase();
  });
}

/** `scheme://host[:port]/path` of an absolute http(s) URL, or `undefined` when it is not one. */
export function htuOf(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  return `${parsed.origin}${normalisePath(parsed.pathname)}`;
}

/**
 * The target URI of the request: its URL when absolute, on `origin` when one is configured (the public
 * origin behind a proxy replaces the one the server sees); `undefined` when neither gives an absolute one.
 */
export function requestHtu(url: unknown, origin: string | undefined): string | undefined {
  if (typeof url !== 'string' || url === '') return undefined;
  if (origin === undefined) return htuOf(url);
  if (url.startsWith('/')) return htuOf(`${origin}${url.startsWith('//') ? `/${url.replace(/^\/+/, '')}` : url}`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  return htuOf(`${origin}${parsed.pathname}`);
}
