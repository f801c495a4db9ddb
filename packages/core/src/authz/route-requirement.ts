/**
 * Per-route requirements as adapters take them: the options of `createRequirement`, or a check that also
 * receives the framework's request context. Compiled once, when the route is declared.
 */

import { compileRequirementOptions, judgeCheckResult, rethrowTyped, type RequirementOptions } from './authorization.js';
import { isPromiseLike } from '../shared/promise-like.js';
import { markDpopScheme } from '../shared/dpop-scheme.js';
import type { TokenOrPrincipal } from './requirement-inputs.js';
import type { VerifiedToken } from '../shared/types.js';

/**
 * A check on the verified token (or, where an adapter has no token, its principal), such as `createAccessPolicy(...)` or one of the `require*` functions,
 * given the framework's context too (Express `req`, Fastify `request`, a Worker's `env`, …). It passes
 * when it returns nothing or `true`; it denies by throwing (a tokenward error keeps its code) or by
 * returning `false` or a message (403 `forbidden`).
 */
export type RequirementCheck<Context = unknown, T extends TokenOrPrincipal = VerifiedToken> = (
  token: T,
  context: Context,
) => void | boolean | string | PromiseLike<void | boolean | string>;

/** A route's requirement: `createRequirement` options (scopes, roles, groups, appOnly, delegated, check), or a check. */
export type RouteRequirement<Context = unknown, T extends TokenOrPrincipal = VerifiedToken> =
  RequirementOptions<T> | RequirementCheck<Context, T>;

/**
 * Runs a compiled requirement: throws (or rejects) with a tokenward error (403 `insufficient_scope` or
 * `forbidden`, …). Synchronous, returning nothing, unless a check answers with a promise.
 */
export type CompiledRequirement<Context = unknown, T extends TokenOrPrincipal = VerifiedToken> = (
  token: T,
  context: Context,
) => void | Promise<void>;

/**
 * Validates a route requirement once (a `TypeError` for mistakes such as an unknown option name or an
 * empty scope list) and returns the per-request check, or `undefined` for no requirement. Whatever the
 * check throws is normalised into the tokenward error tree, so an adapter can always answer it with
 * `toErrorResponse`. The check answers synchronously unless a check function returns a promise: an
 * adapter awaits only what it gets.
 *
 * @example
 * const orders = compileRequirement({ scopes: 'Orders.Read' });
 * await orders?.(verifiedToken, req); // rejects with InsufficientScopeError
 */
export function compileRequirement<Context = unknown, T extends TokenOrPrincipal = VerifiedToken>(
  requirement: RouteRequirement<Context, T> | null | undefined,
): CompiledRequirement<Context, T> | undefined {
  const check = compileCheck(requirement);
  if (check === undefined) return undefined;
  return (token, context) => (isDpopToken(token) ? runForDpop(check, token, context) : check(token, context));
}

function compileCheck<Context, T extends TokenOrPrincipal>(
  requirement: RouteRequirement<Context, T> | null | undefined,
): CompiledRequirement<Context, T> | undefined {
  if (requirement === null || requirement === undefined) return undefined;
  if (typeof requirement !== 'function') {
    const check = compileRequirementOptions<T>(requirement);
    return (token) => check(token);
  }
  return (token, context) => {
    let result: void | boolean | string | PromiseLike<void | boolean | string>;
    try {
      result = requirement(token, context);
    } catch (error) {
      rethrowTyped(error);
    }
    if (isPromiseLike(result)) return Promise.resolve(result).then(judge, rethrowTyped);
    judge(result);
  };
}

const isDpopToken = (token: unknown): boolean => (token as Partial<VerifiedToken> | null)?.dpop !== undefined;

/** A refusal of a DPoP-authenticated request is answered on the DPoP challenge (RFC 9449 §7.1). */
function runForDpop<Context, T extends TokenOrPrincipal>(
  check: CompiledRequirement<Context, T>,
  token: T,
  context: Context,
): void | Promise<void> {
  let pending: void | Promise<void>;
  try {
    pending = check(token, context);
  } catch (error) {
    throw markDpopScheme(error);
  }
  return pending?.catch((error: unknown) => {
    throw markDpopScheme(error);
  });
}

// Nothing or `true` passes, so a check that answers `false` can never be mistaken for a pass.
const judge = (result: unknown): void => judgeCheckResult(result, true, "the route's requirement");
