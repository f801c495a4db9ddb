/**
 * App Service Authentication ("Easy Auth"): reads the `x-ms-client-principal` header the platform sets
 * after it has authenticated the caller. Trusted only when the app opts in (see `trustAppServiceAuth`):
 * without App Service Authentication in front, anyone can send this header.
 */

import { entra, TokenMalformedError, type JwtClaims, type Principal } from '@tokenward/core';
import { buildPrincipal } from '@tokenward/core/adapter';

export const CLIENT_PRINCIPAL_HEADER = 'x-ms-client-principal';
/** Longest header accepted, in characters: about 24 KiB of JSON, room for an Entra session with ~200 groups. */
export const MAX_CLIENT_PRINCIPAL_LENGTH = 32_768;

/** The caller as App Service Authentication describes it. */
export interface AppServiceIdentity {
  readonly source: 'app-service';
  /** The identity provider App Service used (`auth_typ`): `aad`, `google`, `github`, … */
  readonly authType: string;
  /** The header's claims under their short names (`oid`, `tid`, `scp`, `roles`, …); values are strings or string arrays. */
  readonly claims: JwtClaims;
  readonly principal: Principal;
}

// App Service passes claims through .NET's default inbound claim mapping: long URIs for some short names.
// A Map, not an object literal: a claim named `constructor` or `__proto__` must not find Object.prototype's members.
const SHORT_NAMES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    'http://schemas.microsoft.com/identity/claims/objectidentifier': 'oid',
    'http://schemas.microsoft.com/identity/claims/tenantid': 'tid',
    'http://schemas.microsoft.com/identity/claims/scope': 'scp',
    'http://schemas.microsoft.com/identity/claims/identityprovider': 'idp',
    'http://schemas.microsoft.com/ws/2008/06/identity/claims/role': 'roles',
    'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups': 'groups',
    'http://schemas.microsoft.com/claims/authnmethodsreferences': 'amr',
    'http://schemas.microsoft.com/claims/authnclassreference': 'acr',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier': 'sub',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name': 'unique_name',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': 'upn',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress': 'email',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname': 'given_name',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname': 'family_name',
  }),
);
/** Claims that are lists even with one value, as in a token. */
const LISTS = new Set(['roles', 'groups', 'amr']);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

// Entra principals are identified by `oid`, as for Bearer tokens: the entra() preset's own mapping. Its
// tenant and audience do not matter here; only its principal mapper is used.
const entraPrincipal = entra({ tenantId: 'organizations', audience: 'app-service' })[0]?.principal;

function malformed(found: string): TokenMalformedError {
  return new TokenMalformedError(`the ${CLIENT_PRINCIPAL_HEADER} header is not App Service's client principal: found ${found}`, {
    expected: 'base64 JSON { auth_typ, claims: [{ typ, val }] }',
    found,
  });
}

function decode(header: string): unknown {
  if (header.length > MAX_CLIENT_PRINCIPAL_LENGTH) throw malformed(`${header.length} characters, more than ${MAX_CLIENT_PRINCIPAL_LENGTH}`);
  if (header === '' || !BASE64.test(header)) throw malformed('no base64');
  try {
    const bytes = Uint8Array.from(atob(header), (char) => char.charCodeAt(0));
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw malformed('no UTF-8 JSON');
  }
}

const isString = (value: unknown): value is string => typeof value === 'string';

/** Decodes the header strictly; any deviation is a `token_malformed` error (401), never another throw. */
export function readClientPrincipal(header: string): AppServiceIdentity {
  const data = decode(header) as { auth_typ?: unknown; role_typ?: unknown; name_typ?: unknown; claims?: unknown } | null;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw malformed('no JSON object');
  const { auth_typ: authType, role_typ: roleType, name_typ: nameType, claims } = data;
  if (!isString(authType) || authType === '') throw malformed('no auth_typ');
  if ((roleType !== undefined && !isString(roleType)) || (nameType !== undefined && !isString(nameType)))
    throw malformed('a role_typ or name_typ that is no string');
  if (!Array.isArray(claims)) throw malformed('no claims array');

  const values = new Map<string, string[]>();
  for (const claim of claims as unknown[]) {
    const { typ, val } = (typeof claim === 'object' && claim !== null ? claim : {}) as { typ?: unknown; val?: unknown };
    if (!isString(typ) || typ === '' || !isString(val)) throw malformed('a claim without string typ and val');
    const name = typ === roleType ? 'roles' : (SHORT_NAMES.get(typ) ?? typ);
    const list = values.get(name);
    if (list === undefined) values.set(name, [val]);
    else list.push(val);
  }
  // Object.fromEntries defines own properties, so a claim named __proto__ cannot reach the prototype.
  const mapped = Object.fromEntries(
    [...values].map(([name, list]): [string, unknown] => {
      if (name === 'scp') return [name, list.join(' ')];
      if (name === 'hasgroups') return [name, list[0] === 'true'];
      if (name === '_claim_names') return [name, parseObject(list[0])];
      return [name, LISTS.has(name) || list.length > 1 ? list : list[0]];
    }),
  ) as JwtClaims;
  const issuer = isString(mapped.iss) ? mapped.iss : `app-service:${authType}`;
  const principal = buildPrincipal(mapped, issuer, authType === 'aad' ? entraPrincipal : undefined);
  return Object.freeze({ source: 'app-service', authType, claims: Object.freeze(mapped), principal });
}

/** Entra's groups overage marker `_claim_names` arrives as a JSON string. */
function parseObject(value: string | undefined): unknown {
  try {
    return JSON.parse(value ?? '') as unknown;
  } catch {
    return value;
  }
}
