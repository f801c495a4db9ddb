/**
 * An inbound access policy: nothing passes until it is listed, like the client-application and identity
 * requirements of Azure App Service Authentication.
 */

import { requireOptionsObject } from '../shared/options.js';
import { ForbiddenError } from '../shared/errors.js';
import {
  formatList,
  GROUPS_OVERAGE_HINT,
  principalOf,
  rejectUnknownOptions,
  requirementList,
  type TokenOrPrincipal,
} from './requirement-inputs.js';

export interface AccessPolicyOptions {
  /** Client ids (`azp`, `appid`, `client_id`) allowed to call, or `'any'`. Required. */
  readonly clientApplications: readonly string[] | 'any';
  /** Subjects (Entra object ids) allowed to call, or `'any'`. With `groups`, membership of one also allows. */
  readonly identities?: readonly string[] | 'any';
  /** Members of any of these groups are allowed (in addition to `identities`). */
  readonly groups?: readonly string[];
  /** Tenants allowed to call (Entra `tid`), or `'any'`. Omitted: the tenant is not checked here. */
  readonly tenants?: readonly string[] | 'any';
}

type AllowList = ReadonlySet<string> | 'any';

const POLICY_OPTIONS = ['clientApplications', 'identities', 'groups', 'tenants'] as const;
const CALLER = 'createAccessPolicy';

function allowList(value: unknown, what: string, ifEmpty: string): AllowList {
  if (value === 'any') return 'any';
  if (Array.isArray(value) && value.length === 0) throw new TypeError(`tokenward: ${CALLER}: ${ifEmpty}`);
  if (!Array.isArray(value)) throw new TypeError(`tokenward: ${CALLER}: ${what} must be an array of strings or 'any'`);
  return new Set(requirementList(value, what, CALLER));
}

function allows(list: AllowList, value: string | undefined): boolean {
  return list === 'any' || (value !== undefined && list.has(value));
}

function oneOf(list: ReadonlySet<string>): string {
  return `one of ${formatList([...list])}`;
}

/**
 * Creates the policy once (`TypeError` for any misconfiguration) and returns a check that throws
 * `ForbiddenError` (403) naming the requirement that failed. A token passes when its client application
 * is listed, its tenant is allowed (when `tenants` is given), and its subject is listed in `identities`
 * or it is a member of one of `groups` (or `identities` is `'any'`).
 *
 * @example
 * const policy = createAccessPolicy({
 *   clientApplications: ['6e74172b-be56-4843-9ff4-e66a39bb12e3'],
 *   identities: 'any',
 *   tenants: ['72f988bf-86f1-41af-91ab-2d7cd011db47'],
 * });
 * policy(verifiedToken);
 */
export function createAccessPolicy(options: AccessPolicyOptions): (token: TokenOrPrincipal) => void {
  requireOptionsObject(options, `tokenward: ${CALLER} needs an options object`);
  rejectUnknownOptions(options, POLICY_OPTIONS, CALLER);
  const clients = allowList(options.clientApplications, 'clientApplications', "list at least one client application or pass 'any'");
  const tenants = options.tenants === undefined ? 'any' : allowList(options.tenants, 'tenants', "list at least one tenant or pass 'any'");
  if (options.identities === undefined && options.groups === undefined) {
    throw new TypeError(
      `tokenward: ${CALLER}: list the allowed identities or groups, or pass identities: 'any' to allow every caller of the listed client applications`,
    );
  }
  const identities =
    options.identities === undefined
      ? new Set<string>()
      : allowList(options.identities, 'identities', "list at least one identity or pass 'any'");
  const groups = options.groups === undefined ? new Set<string>() : new Set(requirementList(options.groups, 'group', CALLER));
  if (identities === 'any' && groups.size > 0) {
    throw new TypeError(
      `tokenward: ${CALLER}: identities: 'any' already allows every caller, so groups would not restrict anything; remove one`,
    );
  }

  return (token) => {
    const principal = principalOf(token, 'an access policy');
    if (clients !== 'any' && !allows(clients, principal.clientId)) {
      throw new ForbiddenError(
        `client application not allowed: expected ${oneOf(clients)}, found ${principal.clientId ?? 'no client id'}`,
        {
          expected: [...clients],
          found: principal.clientId ?? 'no client id',
        },
      );
    }
    if (tenants !== 'any' && !allows(tenants, principal.tenantId)) {
      throw new ForbiddenError(`tenant not allowed: expected ${oneOf(tenants)}, found ${principal.tenantId ?? 'no tenant id'}`, {
        expected: [...tenants],
        found: principal.tenantId ?? 'no tenant id',
      });
    }
    if (allows(identities, principal.subject) || principal.groups.some((group) => groups.has(group))) return;
    const expected = [
      identities !== 'any' && identities.size > 0 ? `subject ${oneOf(identities)}` : undefined,
      groups.size > 0 ? `a member of ${oneOf(groups)}` : undefined,
    ]
      .filter((part) => part !== undefined)
      .join(' or ');
    const found = `subject ${principal.subject ?? '(none)'}${groups.size > 0 ? ` in groups ${formatList(principal.groups)}` : ''}`;
    const hint = groups.size > 0 && principal.groupsOverage ? `; ${GROUPS_OVERAGE_HINT}` : '';
    throw new ForbiddenError(`identity not allowed: expected ${expected}, found ${found}${hint}`, { expected, found });
  };
}
