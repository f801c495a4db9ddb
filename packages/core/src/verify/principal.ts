import type { JwtClaims, Principal, PrincipalFields } from '../shared/types.js';

function strings(value: unknown): string[] {
  if (typeof value === 'string') {
    const words = value.split(' ');
    // Issuers separate with single spaces: filtering is only needed for the odd claim that does not.
    return words.includes('') ? words.filter((s) => s.length > 0) : words;
  }
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v.length > 0);
  return [];
}

function hasDuplicates(values: readonly string[]): boolean {
  for (let i = 1; i < values.length; i++) if (values.indexOf(values[i] as string) < i) return true;
  return false;
}

/** Without repeats; a short list is searched in place rather than copied through a Set. */
function unique(values: string[]): string[] {
  if (values.length < 2 || (values.length <= 16 && !hasDuplicates(values))) return values;
  return [...new Set(values)];
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Union of every claim providers use for delegated permissions: Entra `scp`, OAuth `scope`, Auth0 `permissions`. */
export function scopesOf(claims: JwtClaims): string[] {
  const { scp, scope, permissions } = claims;
  // Most tokens carry one of the three: its words, without the merge.
  if (scope === undefined && permissions === undefined) return unique(strings(scp));
  return unique([...strings(scp), ...strings(scope), ...strings(permissions)]);
}

/** True when Entra moved the groups out of the token (overage): `_claim_names.groups` or `hasgroups`. */
export function hasGroupsOverage(claims: JwtClaims): boolean {
  const names = claims._claim_names;
  return claims.hasgroups === true || (typeof names === 'object' && names !== null && 'groups' in names);
}

/**
 * The provider-neutral principal of a set of claims: standard claims first, then a preset's mapping
 * (`issuerConfig.principal`) on top. The verifier builds it for every token; adapters that receive
 * claims another way (App Service Authentication's `x-ms-client-principal`) build it with this.
 */
export function buildPrincipal(claims: JwtClaims, issuer: string, mapper?: (claims: JwtClaims) => PrincipalFields): Principal {
  const clientId =
    optionalString(claims.azp) ?? optionalString(claims.appid) ?? optionalString(claims.client_id) ?? optionalString(claims.cid);
  const subject = optionalString(claims.sub);
  const base: Principal = {
    subject,
    issuer,
    tenantId: optionalString(claims.tid),
    clientId,
    scopes: scopesOf(claims),
    roles: strings(claims.roles),
    groups: strings(claims.groups),
    groupsOverage: hasGroupsOverage(claims),
    appOnly: claims.idtyp === 'app' || claims.gty === 'client-credentials' || (subject !== undefined && subject === clientId),
  };
  if (!mapper) return Object.freeze(base);
  return Object.freeze({ ...base, ...mapper(claims), issuer });
}
