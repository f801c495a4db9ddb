/** Input handling shared by the authorization checks and the access policy: validation and message formatting. */

import type { Principal, VerifiedToken } from '../shared/types.js';
import type { MatchMode } from './authorization.js';

export type TokenOrPrincipal = VerifiedToken | Principal;

export const GROUPS_OVERAGE_HINT = 'groups were left out of the token (overage); read them from Microsoft Graph or use app roles';

export { formatList } from '../shared/format.js';

/** The principal of a verified token, or the principal itself. */
export function principalOf(token: TokenOrPrincipal, caller: string): Principal {
  if (typeof token !== 'object' || token === null) {
    throw new TypeError(`tokenward: ${caller} needs a verified token or its principal (is authentication in front of this route?)`);
  }
  return 'principal' in token ? token.principal : token;
}

/** A requirement list given as one string or several: non-empty strings only, at least one. */
export function requirementList(value: unknown, what: string, caller: string): readonly string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0) {
    throw new TypeError(`tokenward: ${caller} needs at least one ${what} (a string or a non-empty array of strings)`);
  }
  for (const item of list) {
    if (typeof item !== 'string' || item === '') throw new TypeError(`tokenward: ${caller}: every ${what} must be a non-empty string`);
  }
  return [...new Set(list as string[])];
}

export { rejectUnknownOptions } from '../shared/options.js';

/** The `match` option: `'all'` unless given, else `'all'` or `'any'` only. */
export function matchMode(value: unknown, caller: string): MatchMode {
  if (value === undefined) return 'all';
  if (value === 'all' || value === 'any') return value;
  throw new TypeError(`tokenward: ${caller}: match must be 'all' or 'any'`);
}

/** Whether `have` holds the `required` values as `match` asks. */
export function satisfies(have: readonly string[], required: readonly string[], match: MatchMode): boolean {
  return match === 'all' ? required.every((value) => have.includes(value)) : required.some((value) => have.includes(value));
}
