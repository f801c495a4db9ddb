/**
 * Authorization checks on an already verified token: scopes (403 `insufficient_scope`), app roles,
 * groups and token kind (403 `forbidden`). Plain functions; adapters wrap `createRequirement()`.
 */

import { requireOptionsObject } from '../shared/options.js';
import { ForbiddenError, InsufficientScopeError, toTokenwardError } from '../shared/errors.js';
import {
  formatList,
  GROUPS_OVERAGE_HINT,
  matchMode,
  satisfies,
  principalOf,
  rejectUnknownOptions,
  requirementList,
  type TokenOrPrincipal,
} from './requirement-inputs.js';
import type { Principal, VerifiedToken } from '../shared/types.js';
import { isPromiseLike } from '../shared/promise-like.js';
import { isScopeToken } from '../rfc6750/www-authenticate.js';
import { authContextCheck, authContextList } from './auth-context.js';

/** `all`: every listed value is required (the default). `any`: one of them is enough. */
export type MatchMode = 'all' | 'any';

export interface MatchOptions {
  readonly match?: MatchMode;
}

export interface RequirementOptions<T extends TokenOrPrincipal = VerifiedToken> {
  readonly scopes?: string | readonly string[];
  readonly roles?: string | readonly string[];
  readonly groups?: string | readonly string[];
  /** How `scopes`, `roles` and `groups` are matched. Default `all`. */
  readonly match?: MatchMode;
  /** Only application (client credentials) tokens pass. */
  readonly appOnly?: boolean;
  /** Only delegated (signed-in user) tokens pass. */
  readonly delegated?: boolean;
  /**
   * Entra Conditional Access authentication context ids (`c1` … `c99`) the token's `acrs` claim must list,
   * matched by `match`. Checked after the other lists; a token without them is answered 401
   * `insufficient_claims` with the claims challenge that makes MSAL sign the user in again.
   */
  readonly authContext?: string | readonly string[];
  /**
   * Runs after the other requirements. Only `true` passes; `false` or a message string is answered with
   * `forbidden` (the string becomes the message). Thrown errors are normalised into the tokenward tree.
   */
  readonly check?: (token: T) => boolean | string | PromiseLike<boolean | string>;
}

type PrincipalCheck = (principal: Principal) => void;

const REQUIREMENT_OPTIONS = ['scopes', 'roles', 'groups', 'match', 'appOnly', 'delegated', 'authContext', 'check'] as const;

type ListField = 'scopes' | 'roles' | 'groups';

const NOUNS: Readonly<Record<ListField, string>> = { scopes: 'scope', roles: 'role', groups: 'group' };

function requiredList(field: ListField, value: unknown, caller: string): readonly string[] {
  const list = requirementList(value, NOUNS[field], caller);
  // A scope with a space, quote or backslash could never be granted, nor be named in the `scope` challenge attribute.
  const invalid = field === 'scopes' ? list.find((scope) => !isScopeToken(scope)) : undefined;
  if (invalid !== undefined) {
    throw new TypeError(`tokenward: ${caller}: '${invalid}' is not a scope (RFC 6749 §3.3: no spaces, quotes or backslashes)`);
  }
  return list;
}

/** Scopes fail with `insufficient_scope` (RFC 6750's `scope` attribute names them); roles and groups with `forbidden`. */
function listCheck(field: ListField, required: readonly string[], match: MatchMode): PrincipalCheck {
  const expected = `${match} of ${formatList(required)}`;
  return (principal) => {
    const found = principal[field];
    if (satisfies(found, required, match)) return;
    const hint = field === 'groups' && principal.groupsOverage ? `; ${GROUPS_OVERAGE_HINT}` : '';
    const message = `missing required ${NOUNS[field]}: expected ${expected}, found ${formatList(found)}${hint}`;
    if (field === 'scopes') throw new InsufficientScopeError(message, { expected, found, requiredScopes: required });
    throw new ForbiddenError(message, { expected, found });
  };
}

function requireList(field: ListField, caller: string, token: TokenOrPrincipal, values: unknown, options: MatchOptions | undefined): void {
  const check = listCheck(field, requiredList(field, values, caller), matchMode(options?.match, caller));
  check(principalOf(token, caller));
}

function hasList(field: ListField, caller: string, token: TokenOrPrincipal, values: unknown, options: MatchOptions | undefined): boolean {
  const required = requiredList(field, values, caller);
  return satisfies(principalOf(token, caller)[field], required, matchMode(options?.match, caller));
}

const appOnlyCheck: PrincipalCheck = (principal) => {
  if (principal.appOnly) return;
  throw new ForbiddenError('expected an application token, found a delegated (user) token', {
    expected: 'an application token',
    found: 'a delegated (user) token',
  });
};

const delegatedCheck: PrincipalCheck = (principal) => {
  if (!principal.appOnly) return;
  throw new ForbiddenError('expected a delegated (user) token, found an application token', {
    expected: 'a delegated (user) token',
    found: 'an application token',
  });
};

/**
 * Throws `InsufficientScopeError` (403, with `requiredScopes` for the `scope` challenge attribute) unless
 * the token grants the scopes. Scopes are the principal's: Entra `scp`, OAuth `scope`, Auth0 `permissions`.
 *
 * @example
 * requireScopes(token, 'Orders.Read');
 * requireScopes(token, ['Orders.Read', 'Orders.ReadAll'], { match: 'any' });
 */
export function requireScopes(token: TokenOrPrincipal, scopes: string | readonly string[], options?: MatchOptions): void {
  requireList('scopes', 'requireScopes', token, scopes, options);
}

/**
 * Throws `ForbiddenError` (403) unless the token carries the app roles (`roles`).
 *
 * @example
 * requireRoles(token, 'Orders.Admin');
 */
export function requireRoles(token: TokenOrPrincipal, roles: string | readonly string[], options?: MatchOptions): void {
  requireList('roles', 'requireRoles', token, roles, options);
}

/**
 * Throws `ForbiddenError` (403) unless the token lists the groups. When Entra left the groups out of the
 * token (overage) the message says so: read them from Microsoft Graph or use app roles instead.
 *
 * @example
 * requireGroups(token, ['3f0c7a9e-…'], { match: 'any' });
 */
export function requireGroups(token: TokenOrPrincipal, groups: string | readonly string[], options?: MatchOptions): void {
  requireList('groups', 'requireGroups', token, groups, options);
}

/**
 * Throws `ForbiddenError` (403) unless the token is an application (client credentials) token.
 *
 * @example
 * requireAppOnly(token); // a daemon-only endpoint
 */
export function requireAppOnly(token: TokenOrPrincipal): void {
  appOnlyCheck(principalOf(token, 'requireAppOnly'));
}

/**
 * Throws `ForbiddenError` (403) unless the token was issued to a signed-in user.
 *
 * @example
 * requireDelegated(token); // "me" endpoints make no sense for a daemon
 */
export function requireDelegated(token: TokenOrPrincipal): void {
  delegatedCheck(principalOf(token, 'requireDelegated'));
}

/**
 * `true` when the token grants the scopes.
 *
 * @example
 * const canWrite = hasScopes(token, 'Orders.Write');
 */
export function hasScopes(token: TokenOrPrincipal, scopes: string | readonly string[], options?: MatchOptions): boolean {
  return hasList('scopes', 'hasScopes', token, scopes, options);
}

/**
 * `true` when the token carries the app roles.
 *
 * @example
 * if (hasRoles(token, 'Orders.Admin')) showEveryonesOrders();
 */
export function hasRoles(token: TokenOrPrincipal, roles: string | readonly string[], options?: MatchOptions): boolean {
  return hasList('roles', 'hasRoles', token, roles, options);
}

/**
 * `true` when the token lists the groups (always `false` for groups left out by an Entra overage).
 *
 * @example
 * const isAuditor = hasGroups(token, AUDITORS_GROUP_ID);
 */
export function hasGroups(token: TokenOrPrincipal, groups: string | readonly string[], options?: MatchOptions): boolean {
  return hasList('groups', 'hasGroups', token, groups, options);
}

function optionalBoolean(value: unknown, name: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new TypeError(`tokenward: createRequirement: ${name} must be a boolean`);
  return value;
}

/**
 * Judges what a check answered: `true` passes (and nothing, where `nothingPasses`); a message is a 403
 * `forbidden` with that message; anything else a 403 naming what was found. `source` names the check.
 */
export function judgeCheckResult(result: unknown, nothingPasses: boolean, source: string): void {
  if (result === true || (nothingPasses && result === undefined)) return;
  if (typeof result === 'string' && result !== '') throw new ForbiddenError(result);
  throw new ForbiddenError(`rejected by ${source}: expected true, found ${String(result)}`, {
    expected: 'true',
    found: String(result),
  });
}

/** Rethrows what a check threw as a tokenward error. */
export function rethrowTyped(error: unknown): never {
  throw toTokenwardError(error);
}

const judgeCheck = (result: unknown): void => judgeCheckResult(result, false, "the requirement's check");

/** Runs `check`: synchronously when it answers synchronously, so a requirement costs no promise then. */
function runCheck<T>(check: (token: T) => boolean | string | PromiseLike<boolean | string>, token: T): void | Promise<void> {
  let result: boolean | string | PromiseLike<boolean | string>;
  try {
    result = check(token);
  } catch (error) {
    rethrowTyped(error);
  }
  if (isPromiseLike(result)) return Promise.resolve(result).then(judgeCheck, rethrowTyped);
  judgeCheck(result);
}

/**
 * Validates a per-route requirement once, at startup (`TypeError` for empty lists, unknown options,
 * contradictions), and returns the check to run per request. Token kind is checked first, then scopes,
 * roles, groups, the authentication context, and finally `check`.
 *
 * @example
 * const canManageOrders = createRequirement({ scopes: 'Orders.Write', roles: 'Orders.Admin' });
 * await canManageOrders(verifiedToken); // rejects with InsufficientScopeError or ForbiddenError
 */
export function createRequirement<T extends TokenOrPrincipal = VerifiedToken>(options: RequirementOptions<T>): (token: T) => Promise<void> {
  const check = compileRequirementOptions(options);
  return async (token) => check(token);
}

/** `createRequirement`'s check, synchronous unless its `check` option answers with a promise. */
export function compileRequirementOptions<T extends TokenOrPrincipal = VerifiedToken>(
  options: RequirementOptions<T>,
): (token: T) => void | Promise<void> {
  const caller = 'createRequirement';
  requireOptionsObject(options, `tokenward: ${caller} needs an options object`);
  rejectUnknownOptions(options, REQUIREMENT_OPTIONS, caller);
  const match = matchMode(options.match, caller);
  const appOnly = optionalBoolean(options.appOnly, 'appOnly');
  const delegated = optionalBoolean(options.delegated, 'delegated');
  if (appOnly && delegated) throw new TypeError(`tokenward: ${caller}: appOnly and delegated exclude each other`);
  const { check } = options;
  if (check !== undefined && typeof check !== 'function') throw new TypeError(`tokenward: ${caller}: check must be a function`);

  const checks: PrincipalCheck[] = [];
  if (appOnly) checks.push(appOnlyCheck);
  if (delegated) checks.push(delegatedCheck);
  for (const field of ['scopes', 'roles', 'groups'] as const) {
    if (options[field] !== undefined) checks.push(listCheck(field, requiredList(field, options[field], caller), match));
  }
  const authContext = options.authContext === undefined ? undefined : authContextCheck(authContextList(options.authContext, caller), match);
  if (checks.length === 0 && authContext === undefined && check === undefined) {
    throw new TypeError(`tokenward: ${caller} needs at least one of scopes, roles, groups, appOnly, delegated, authContext or check`);
  }

  return (token) => {
    const principal = principalOf(token, 'a requirement');
    for (const run of checks) run(principal);
    // Only a verified token carries `acrs`; a principal given here is a wiring mistake the check names.
    authContext?.(token as VerifiedToken, 'a requirement with authContext');
    return check === undefined ? undefined : runCheck(check, token);
  };
}
