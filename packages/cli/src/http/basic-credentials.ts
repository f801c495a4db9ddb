/**
 * HTTP Basic client credentials as RFC 6749 §2.3.1 has clients send them: the id and the secret are each
 * form-encoded, joined by a colon, then base64-encoded.
 */

export interface BasicCredentials {
  readonly id: string;
  readonly secret: string;
}

function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** `undefined` when the header is not Basic at all; `'malformed'` when it is Basic but cannot be read. */
export function parseBasicCredentials(header: string | undefined): BasicCredentials | 'malformed' | undefined {
  const trimmed = (header ?? '').trim();
  if (!/^basic\s/i.test(trimmed)) return undefined;
  const match = /^basic\s+([A-Za-z0-9+/]+={0,2})$/i.exec(trimmed);
  if (!match) return 'malformed';
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  const id = formDecode(decoded.slice(0, colon));
  const secret = formDecode(decoded.slice(colon + 1));
  return id === undefined || secret === undefined ? 'malformed' : { id, secret };
}
