/**
 * Reads the token from wherever the verifier is told to look: the Authorization header always, and on
 * request a cookie or RFC 6750 §2.3's query parameter. One token in one place, or a typed error.
 */

import { MultipleTokensError, TokenMissingError } from '../shared/errors.js';
import type { HeadersInput, HeadersLike } from '../shared/types.js';
import { extractBearerToken, headersOf, headerValues, trimOptionalWhitespace } from './bearer.js';
import type { CompiledTokenLocation } from './token-location-option.js';

/** Where a token was found. */
export type FoundIn = 'header' | 'cookie' | 'query';

/**
 * The non-empty values of the cookies named `name` (RFC 6265 §5.4 pairs, `;`-separated; a cookie
 * value holds no comma, so a `, ` that joined two headers separates pairs too). Surrounding double
 * quotes are removed; an empty value (a cleared cookie) counts as absent.
 */
function cookieValues(headers: HeadersLike, name: string): string[] {
  const found: string[] = [];
  for (const header of headerValues(headers, 'cookie')) {
    for (const pair of header.split(/[;,]/)) {
      const equals = pair.indexOf('=');
      if (equals === -1 || trimOptionalWhitespace(pair.slice(0, equals)) !== name) continue;
      let value = trimOptionalWhitespace(pair.slice(equals + 1));
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
      if (value !== '') found.push(value);
    }
  }
  return found;
}

/** The non-empty values of the query parameter `name` in a URL or a path with a query. */
function queryValues(input: HeadersInput, name: string): string[] {
  const url = (input as { url?: unknown }).url;
  if (typeof url !== 'string') return [];
  const start = url.indexOf('?');
  if (start === -1) return [];
  const hash = url.indexOf('#', start);
  const query = url.slice(start + 1, hash === -1 ? undefined : hash);
  return new URLSearchParams(query).getAll(name).filter((value) => value !== '');
}

function oneOf(values: string[], place: string): string | undefined {
  if (values.length > 1) {
    throw new MultipleTokensError(`expected one ${place}, found ${values.length}`, { expected: `one ${place}`, found: `${values.length}` });
  }
  return values[0];
}

function placeName(found: FoundIn, location: CompiledTokenLocation): string {
  if (found === 'header') return 'the Authorization header';
  return found === 'cookie' ? `the ${location.cookie ?? ''} cookie` : `the ${location.query ?? ''} query parameter`;
}

/**
 * The request's one token and where it was, reading the Authorization header (as `extractBearerToken`)
 * and the places `location` names. A header with another scheme (Basic, say) is no token, so a cookie
 * beside it is read; a malformed Bearer header is refused even then. Cookie and query values go to
 * verification as they are, which bounds their length and refuses what is not a JWT.
 */
export function extractRequestToken(
  input: HeadersInput,
  location: CompiledTokenLocation,
  maxTokenLength?: number,
): { readonly token: string; readonly foundIn: FoundIn } {
  let missing: TokenMissingError | undefined;
  const found: Array<{ token: string; foundIn: FoundIn }> = [];
  try {
    found.push({ token: extractBearerToken(input, maxTokenLength), foundIn: 'header' });
  } catch (error) {
    if (!(error instanceof TokenMissingError)) throw error;
    missing = error;
  }
  if (location.cookie !== undefined) {
    const token = oneOf(cookieValues(headersOf(input), location.cookie), `cookie named ${location.cookie}`);
    if (token !== undefined) found.push({ token, foundIn: 'cookie' });
  }
  if (location.query !== undefined) {
    const token = oneOf(queryValues(input, location.query), `${location.query} query parameter`);
    if (token !== undefined) found.push({ token, foundIn: 'query' });
  }
  const [first, second] = found;
  if (first !== undefined && second === undefined) return first;
  if (first !== undefined) {
    const places = found.map((each) => placeName(each.foundIn, location)).join(' and ');
    throw new MultipleTokensError(`expected the token in one place (RFC 6750 §2), found it in ${places}`, {
      expected: 'the token in one place',
      found: places,
    });
  }
  const places = [
    'a Bearer token in the Authorization header',
    ...(location.cookie === undefined ? [] : [placeName('cookie', location)]),
    ...(location.query === undefined ? [] : [placeName('query', location)]),
  ];
  const last = places.pop() as string;
  const expected = places.length === 0 ? last : `${places.join(', ')} or ${last}`;
  const foundText = missing?.found === undefined ? 'none' : String(missing.found);
  throw new TokenMissingError(`expected ${expected}, found ${foundText}`, { expected, found: foundText });
}
