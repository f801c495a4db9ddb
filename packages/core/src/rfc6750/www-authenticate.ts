/** `WWW-Authenticate` challenges (RFC 6750 §3, RFC 9449 §7.1) whose attribute values cannot break the header. */

export interface WwwAuthenticateParams {
  /** The challenge's scheme. Default `'Bearer'`. */
  readonly scheme?: 'Bearer' | 'DPoP';
  readonly realm?: string;
  /** `invalid_request`, `invalid_token` or `insufficient_scope`; omit it when the request carried no credentials. */
  readonly error?: string;
  readonly errorDescription?: string;
  /** Scopes the resource requires, sent as the space-separated `scope` attribute. */
  readonly scope?: readonly string[];
  /**
   * Where the client obtains a new token (`authorization_uri`, as Entra's challenges name it). Sent
   * before `error`, in the order Microsoft.Identity.Web writes them.
   */
  readonly authorizationUri?: string;
  /**
   * A claims request (JSON text, OpenID Connect §5.5) the next token must satisfy, sent as
   * `claims="<base64>"`: standard base64 with padding, which is what MSAL clients decode (`atob`).
   */
  readonly claims?: string;
  /** RFC 9449 §7.1's `algs`: the DPoP proof algorithms accepted, space-separated (DPoP challenges). */
  readonly algs?: readonly string[];
}

const MAX_ATTRIBUTE_LENGTH = 200;
const MAX_URI_LENGTH = 2_048;

// Looking at more than this is wasted work once the value is capped at MAX_ATTRIBUTE_LENGTH.
const MAX_INPUT_LENGTH = 4 * MAX_ATTRIBUTE_LENGTH;
const COMBINING_MARKS = /\p{M}/gu;
const CONTROL_CHARACTERS = /\p{Cc}+/gu;
// RFC 6750 §3: realm, error and error_description values are limited to %x20-21 / %x23-5B / %x5D-7E.
const OUTSIDE_ATTRIBUTE_CHARACTERS = /[^\x20\x21\x23-\x5b\x5d-\x7e]/g;
// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
const OUTSIDE_SCOPE_TOKEN_CHARACTERS = /[^\x21\x23-\x5b\x5d-\x7e]/g;

/** True for an RFC 6749 §3.3 scope-token: no spaces, quotes, backslashes or characters outside printable ASCII. */
export function isScopeToken(value: string): boolean {
  return SCOPE_TOKEN.test(value);
}

/**
 * Rewrites `value` into RFC 6750's attribute character set so it can sit inside a quoted-string:
 * accents are stripped (`é` → `e`, `…` → `...`), `"` becomes `'`, `\` becomes `/`, control characters
 * (CR, LF) become spaces, anything else outside printable ASCII becomes `?`; the result is capped.
 *
 * @example
 * toAttributeValue('token "expired"\r\nX-Evil: 1') // "token 'expired' X-Evil: 1"
 */
export function toAttributeValue(value: string, maxLength: number = MAX_ATTRIBUTE_LENGTH): string {
  const ascii = value
    .slice(0, MAX_INPUT_LENGTH)
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(CONTROL_CHARACTERS, ' ')
    .replaceAll('"', "'")
    .replaceAll('\\', '/')
    .replace(OUTSIDE_ATTRIBUTE_CHARACTERS, '?')
    .replace(/ {2,}/g, ' ')
    .trim();
  return ascii.length > maxLength ? `${ascii.slice(0, maxLength - 3).trimEnd()}...` : ascii;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 of the text's UTF-8 bytes, padded: inside a quoted-string it needs no escaping. */
function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const sextet = (n: number) => BASE64.charAt(n & 63);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const rest = bytes.length - i;
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += sextet(n >> 18) + sextet(n >> 12) + (rest > 1 ? sextet(n >> 6) : '=') + (rest > 2 ? sextet(n) : '=');
  }
  return out;
}

/** Drops characters a scope-token may not contain, so a scope cannot close the quoted `scope` attribute. */
function toScopeTokens(scopes: readonly string[]): string[] {
  return scopes.map((scope) => scope.replace(OUTSIDE_SCOPE_TOKEN_CHARACTERS, '')).filter((scope) => scope !== '');
}

/**
 * Builds a Bearer (or DPoP) challenge. Every value is rewritten into the characters RFC 6750 allows and empty
 * attributes are left out, so the result is always one well-formed header line.
 *
 * @example
 * buildWwwAuthenticate({ realm: 'orders', error: 'insufficient_scope', scope: ['Orders.Read'] })
 * // 'Bearer realm="orders", error="insufficient_scope", scope="Orders.Read"'
 * buildWwwAuthenticate({ error: 'insufficient_claims', claims: '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}' })
 * // 'Bearer error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiYzEifX19"'
 */
export function buildWwwAuthenticate(params: WwwAuthenticateParams): string {
  const attributes: string[] = [];
  const add = (name: string, value: string) => {
    if (value !== '') attributes.push(`${name}="${value}"`);
  };
  if (typeof params.realm === 'string') add('realm', toAttributeValue(params.realm));
  if (typeof params.authorizationUri === 'string') add('authorization_uri', toAttributeValue(params.authorizationUri, MAX_URI_LENGTH));
  if (typeof params.error === 'string') add('error', toAttributeValue(params.error));
  if (typeof params.errorDescription === 'string') add('error_description', toAttributeValue(params.errorDescription));
  if (params.scope !== undefined) add('scope', toScopeTokens(params.scope).join(' '));
  if (typeof params.claims === 'string' && params.claims !== '') add('claims', base64Utf8(params.claims));
  if (params.algs !== undefined) add('algs', toScopeTokens(params.algs).join(' '));
  const scheme = params.scheme === 'DPoP' ? 'DPoP' : 'Bearer';
  return attributes.length === 0 ? scheme : `${scheme} ${attributes.join(', ')}`;
}
