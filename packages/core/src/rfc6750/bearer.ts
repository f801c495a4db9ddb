/** Reads exactly one Bearer token from a request's Authorization header (RFC 6750 §2.1). */

import { AuthorizationMalformedError, TokenMissingError } from '../shared/errors.js';
import type { HeadersInput, HeadersLike } from '../shared/types.js';

/** `Bearer ` plus the verifier's default 16 KiB token limit; longer headers are rejected unread. */
export const MAX_AUTHORIZATION_LENGTH = 16_384 + 'Bearer '.length;
const SCHEME_AND_SPACE = 'Bearer '.length;

const EXPECTED = 'Authorization: Bearer <token>';
const EXPECTED_MESSAGE = 'expected an Authorization header with a Bearer token';
// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
// RFC 9110 §5.6.2 token, followed by at least one space and something: one "scheme credentials" item.
// "Something" is anything but HTTP whitespace (SP, HTAB): JavaScript's \S would also skip U+00A0, which
// Node decodes from a 0xA0 byte while workerd decodes the same byte as U+FFFD, and the count would differ.
const CREDENTIALS_ITEM = /^[ \t]*[!#$%&'*+\-.^_`|~0-9A-Za-z]+ +[^ \t]/;

// Only registered (IANA) or widespread scheme names are echoed back: an unknown "scheme" may be a credential.
const KNOWN_SCHEMES = new Map(
  [
    'Basic',
    'Digest',
    'Negotiate',
    'NTLM',
    'DPoP',
    'GNAP',
    'HOBA',
    'Mutual',
    'OAuth',
    'PrivateToken',
    'Concealed',
    'SCRAM-SHA-1',
    'SCRAM-SHA-256',
    'vapid',
    'AWS4-HMAC-SHA256',
    'Hawk',
    'MAC',
    'Token',
    'JWT',
    'ApiKey',
  ].map((scheme) => [scheme.toLowerCase(), scheme]),
);

/** RFC 9110 §5.5: whitespace around a field value is not part of it. A loop, as a regex would backtrack on long runs. */
export function trimOptionalWhitespace(value: string): string {
  const isWhitespace = (index: number) => value[index] === ' ' || value[index] === '\t';
  let start = 0;
  let end = value.length;
  while (start < end && isWhitespace(start)) start++;
  while (end > start && isWhitespace(end - 1)) end--;
  return value.slice(start, end);
}

type WebHeaders = { get(name: string): string | null };

function isWebHeaders(headers: HeadersLike): headers is WebHeaders {
  return typeof (headers as Partial<WebHeaders>).get === 'function';
}

/** The headers of a request (`.headers`), or the input itself when it is the headers. */
export function headersOf(input: HeadersInput): HeadersLike {
  if (typeof input !== 'object' || input === null) {
    throw new TypeError('tokenward: expected a request, a Headers object or a header record');
  }
  const nested = (input as { headers?: unknown }).headers;
  return typeof nested === 'object' && nested !== null && !Array.isArray(nested) ? (nested as HeadersLike) : (input as HeadersLike);
}

/**
 * Every value of the header `name` (lowercase) present: Web `Headers` give one joined value, Node records
 * may spell the key in any case and hold arrays.
 */
export function headerValues(headers: HeadersLike, name: string): string[] {
  if (isWebHeaders(headers)) {
    const value = headers.get(name);
    return typeof value === 'string' ? [value] : [];
  }
  const values: string[] = [];
  for (const key of Object.keys(headers)) {
    if (key.length !== name.length || key.toLowerCase() !== name) continue;
    const value = headers[key];
    if (typeof value === 'string') values.push(value);
    else if (Array.isArray(value)) values.push(...value.filter((item): item is string => typeof item === 'string'));
  }
  return values;
}

/** Web `Headers` joins repeated fields with ", "; b64token has no comma, so several "scheme x" items mean several headers. */
function combinedCount(value: string): number {
  if (!value.includes(',')) return 1;
  const items = value.split(',');
  return items.every((item) => CREDENTIALS_ITEM.test(item)) ? items.length : 1;
}

function duplicated(count: number): AuthorizationMalformedError {
  return new AuthorizationMalformedError(`expected one Authorization header, found ${count} Authorization headers`, {
    expected: 'one Authorization header',
    found: `${count} Authorization headers`,
  });
}

function malformed(expected: string, found: string): AuthorizationMalformedError {
  return new AuthorizationMalformedError(`expected ${expected}, found ${found}`, { expected, found });
}

function describeOtherScheme(scheme: string, hasCredentials: boolean): string {
  const known = KNOWN_SCHEMES.get(scheme.toLowerCase());
  if (known !== undefined) return `the ${known} scheme`;
  return hasCredentials ? 'an unrecognised scheme' : 'a value with no scheme (a token without "Bearer "?)';
}

/** Splits `Bearer <b64token>` per RFC 6750 §2.1; `value` is already trimmed and non-empty. */
function parseCredentials(value: string): string {
  const space = value.indexOf(' ');
  const scheme = space === -1 ? value : value.slice(0, space);
  if (scheme.toLowerCase() !== 'bearer') {
    if (/^bearer/i.test(scheme)) throw malformed('a space between Bearer and the token', 'none');
    const found = describeOtherScheme(scheme, space !== -1);
    throw new TokenMissingError(`${EXPECTED_MESSAGE}, found ${found}`, { expected: EXPECTED, found });
  }
  const token = space === -1 ? '' : value.slice(space + 1).replace(/^ +/, '');
  if (token === '') throw malformed('a token after Bearer', 'none');
  if (!B64TOKEN.test(token)) {
    throw malformed('a token of letters, digits and -._~+/ (with trailing =) after Bearer', 'other characters');
  }
  return token;
}

/**
 * Returns the token of the request's single `Authorization: Bearer <token>` header. Accepts a Web
 * `Request` or anything with `.headers`, a Web `Headers`, or a Node header record (keys in any case;
 * pass `req.headersDistinct` so duplicated headers are seen: Node's `req.headers` keeps only the first).
 *
 * Tokens in the query string or the body (RFC 6750 §2.2, §2.3) are deliberately not read: URLs end up
 * in logs and caches, and one source means no ambiguity.
 *
 * Throws `TokenMissingError` (401) when there is no Bearer credential (no header, an empty one, another
 * scheme) and `AuthorizationMalformedError` (400) for duplicated headers, an overlong header or a token
 * that is not an RFC 6750 b64token. Messages never contain the credentials. `maxTokenLength` (default
 * 16 384, the verifier passes its `maxTokenBytes`) bounds the header before anything else is read.
 *
 * @example
 * const token = extractBearerToken(request);          // Web Request
 * const token = extractBearerToken(req.headersDistinct); // Node
 */
export function extractBearerToken(input: HeadersInput, maxTokenLength = MAX_AUTHORIZATION_LENGTH - SCHEME_AND_SPACE): string {
  const values = headerValues(headersOf(input), 'authorization');
  if (values.length > 1) throw duplicated(values.length);
  const raw = values[0] ?? '';
  const maxLength = maxTokenLength + SCHEME_AND_SPACE;
  if (raw.length > maxLength) {
    throw malformed(`an Authorization header of at most ${maxLength} characters`, `${raw.length} characters`);
  }
  const value = trimOptionalWhitespace(raw);
  if (value === '') {
    const found = values.length === 0 ? 'no Authorization header' : 'an empty Authorization header';
    throw new TokenMissingError(`${EXPECTED_MESSAGE}, found ${found}`, { expected: EXPECTED, found });
  }
  const count = combinedCount(value);
  if (count > 1) throw duplicated(count);
  return parseCredentials(value);
}

const DPOP_SCHEME = /^dpop(?: |$)/i;

/**
 * The token of a single `Authorization: DPoP <token>` header (RFC 9449 §7.1), or `undefined` when the
 * request has no such header (another scheme, none, or several headers: `extractBearerToken` answers
 * those). A DPoP credential that is not a b64token is `AuthorizationMalformedError`.
 */
export function extractDpopToken(input: HeadersInput, maxTokenLength = MAX_AUTHORIZATION_LENGTH - SCHEME_AND_SPACE): string | undefined {
  const values = headerValues(headersOf(input), 'authorization');
  if (values.length !== 1) return undefined;
  const raw = values[0] as string;
  if (raw.length > maxTokenLength + 'DPoP '.length) return undefined;
  const value = trimOptionalWhitespace(raw);
  if (!DPOP_SCHEME.test(value) || combinedCount(value) > 1) return undefined;
  const token = value.slice('DPoP'.length).replace(/^ +/, '');
  if (token === '') throw malformed('a token after DPoP', 'none');
  if (!B64TOKEN.test(token)) throw malformed('a token of letters, digits and -._~+/ (with trailing =) after DPoP', 'other characters');
  return token;
}

const AUTHORIZATION = 'authorization';
const ASCII_CASE_BIT = 0x20;

/**
 * `name.toLowerCase() === 'authorization'`, without a new string for every header of every request.
 * Setting the case bit turns only a letter's capital into that letter, so only ASCII case differences
 * match; lowercasing agrees (İ, the one other character it lowers to one of these letters, becomes two).
 */
function isAuthorizationName(name: string): boolean {
  if (name.length !== AUTHORIZATION.length) return false;
  for (let index = 0; index < AUTHORIZATION.length; index++) {
    if ((name.charCodeAt(index) | ASCII_CASE_BIT) !== AUTHORIZATION.charCodeAt(index)) return false;
  }
  return true;
}

/**
 * The `Authorization` lines of a Node request, from `req.rawHeaders` (`[name, value, name, value, …]`),
 * in a form `authenticate` accepts. Node's `req.headers.authorization` keeps only the first of several
 * lines, so a duplicate would pass unseen; `req.headersDistinct` sees them all but builds an object for
 * every header on each access. This reads only what it needs.
 */
export function authorizationFromRawHeaders(rawHeaders: readonly string[]): { readonly authorization: string | string[] | undefined } {
  let first: string | undefined;
  let all: string[] | undefined;
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    if (!isAuthorizationName(rawHeaders[index] as string)) continue;
    const value = rawHeaders[index + 1] as string;
    if (first === undefined) first = value;
    else (all ??= [first]).push(value);
  }
  return { authorization: all ?? first };
}
