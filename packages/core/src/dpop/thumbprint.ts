/** RFC 7638 JWK thumbprints and RFC 9449's `ath`: SHA-256, base64url. */

import { encodeBase64Url } from '../token/base64url.js';
import type { PublicJwk } from '../shared/types.js';

const encoder = new TextEncoder();

/** base64url(SHA-256(text as UTF-8)). */
export async function sha256Base64Url(text: string): Promise<string> {
  return encodeBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))));
}

// RFC 7638 §3.2: only the required members, in lexicographic order, no whitespace.
const REQUIRED_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  RSA: ['e', 'kty', 'n'],
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
};

/** The JSON RFC 7638 hashes for a key, or `undefined` for a key type without a thumbprint rule here. */
export function thumbprintInput(jwk: PublicJwk): string | undefined {
  const members = REQUIRED_MEMBERS[jwk.kty];
  if (members === undefined) return undefined;
  const record = jwk as unknown as Record<string, unknown>;
  const parts: string[] = [];
  for (const member of members) {
    const value = record[member];
    if (typeof value !== 'string') return undefined;
    parts.push(`${JSON.stringify(member)}:${JSON.stringify(value)}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * The key's RFC 7638 SHA-256 thumbprint, as `cnf.jkt` carries it (RFC 9449 §6.1).
 *
 * @example
 * await jwkThumbprint({ kty: 'EC', crv: 'P-256', x: '…', y: '…' }) // '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I'
 */
export async function jwkThumbprint(jwk: PublicJwk): Promise<string> {
  const input = thumbprintInput(jwk);
  if (input === undefined) throw new TypeError('tokenward: jwkThumbprint needs an RSA, EC or OKP public key');
  return sha256Base64Url(input);
}
