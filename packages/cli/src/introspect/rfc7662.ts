/**
 * The members of an RFC 7662 §2.2 answer that gateways read, derived from provider-shaped claims
 * (Entra `scp`/`azp`/`appid`, Okta `cid`/`scp` arrays, Keycloak `preferred_username` …). The claims
 * themselves are copied verbatim; a derived member never replaces a claim of the same name.
 */

function spaceList(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(' ');
  return undefined;
}

function firstString(claims: Readonly<Record<string, unknown>>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = claims[name];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return undefined;
}

/** `{ ...claims, scope?, client_id?, username?, token_type, active: true }`: `active` last, so no claim overrules it. */
export function activeAnswer(claims: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const derived: Record<string, unknown> = {
    scope: spaceList(claims.scp) ?? spaceList(claims.scope),
    client_id: firstString(claims, ['azp', 'appid', 'client_id', 'cid']),
    username: firstString(claims, ['preferred_username', 'upn', 'username', 'cognito:username']),
    token_type: 'Bearer',
  };
  const answer: Record<string, unknown> = { ...claims };
  for (const [name, value] of Object.entries(derived)) {
    if (value !== undefined && !Object.hasOwn(claims, name)) answer[name] = value;
  }
  delete answer.active;
  answer.active = true;
  return answer;
}
