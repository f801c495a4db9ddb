/** A requirement an adapter's `authorize(requirement)` cannot do without. */

import { compileRequirement, type CompiledRequirement, type RouteRequirement } from '../authz/route-requirement.js';
import type { TokenOrPrincipal } from '../authz/requirement-inputs.js';
import type { VerifiedToken } from '../shared/types.js';

/**
 * `compileRequirement`, with a `TypeError` naming `where` for no requirement at all.
 *
 * @example
 * const check = compileNeededRequirement(requirement, 'koa: authorize(requirement)');
 */
export function compileNeededRequirement<Context = unknown, T extends TokenOrPrincipal = VerifiedToken>(
  requirement: RouteRequirement<Context, T>,
  where: string,
): CompiledRequirement<Context, T> {
  const compiled = compileRequirement(requirement);
  if (compiled === undefined) throw new TypeError(`tokenward: ${where} needs a requirement`);
  return compiled;
}
