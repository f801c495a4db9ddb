/** The `tokenLocation` option, checked once: which cookie and which query parameter to read, if any. */

import type { TokenLocation } from '../shared/types.js';

/** A `TokenLocation` checked once: the names to read, or `undefined` for places left off. */
export interface CompiledTokenLocation {
  readonly cookie: string | undefined;
  readonly query: string | undefined;
}

const RFC6750_QUERY_PARAMETER = 'access_token';
// RFC 6265 §4.1.1: cookie-name is an RFC 9110 token.
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,256}$/;
const MAX_QUERY_NAME_LENGTH = 256;
const compiled = new WeakMap<object, CompiledTokenLocation>();

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'another string';
  return typeof value === 'object' ? 'an object' : String(value);
}

/**
 * Checks a `tokenLocation` option, once per object (later calls with the same object are a lookup).
 * Mistakes are `TypeError`s naming the setting, thrown where the option is given (`where`).
 */
export function compileTokenLocation(value: unknown, where: string): CompiledTokenLocation | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`tokenward: ${where}: tokenLocation must be { cookie?, query? }, found ${describe(value)}`);
  }
  const known = compiled.get(value);
  if (known !== undefined) return known;
  const { cookie, query, ...rest } = value as TokenLocation & Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) {
    throw new TypeError(`tokenward: ${where}: tokenLocation takes cookie and query, found ${unknown.join(', ')}`);
  }
  if (cookie !== undefined && (typeof cookie !== 'string' || !COOKIE_NAME.test(cookie))) {
    throw new TypeError(`tokenward: ${where}: tokenLocation.cookie must be a cookie name (RFC 6265 token), found ${describe(cookie)}`);
  }
  const validQuery = typeof query === 'boolean' || (typeof query === 'string' && query !== '' && query.length <= MAX_QUERY_NAME_LENGTH);
  if (query !== undefined && !validQuery) {
    throw new TypeError(`tokenward: ${where}: tokenLocation.query must be true, false or a parameter name, found ${describe(query)}`);
  }
  const result: CompiledTokenLocation = Object.freeze({
    cookie,
    query: query === true ? RFC6750_QUERY_PARAMETER : typeof query === 'string' ? query : undefined,
  });
  compiled.set(value, result);
  return result;
}
