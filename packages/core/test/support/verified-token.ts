/** Verified tokens built by hand, for the authorization checks: they judge a principal and claims, not a signature. */
import type { JwtClaims, Principal, VerifiedToken } from '../../src/shared/types.js';

export const TEST_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const ISSUER = `https://login.microsoftonline.com/${TEST_TENANT}/v2.0`;

/** An Entra-like delegated principal with no scopes, roles or groups; `fields` override. */
export function testPrincipal(fields: Partial<Principal> = {}): Principal {
  return {
    subject: 'user-1',
    issuer: ISSUER,
    tenantId: TEST_TENANT,
    clientId: 'client-1',
    scopes: [],
    roles: [],
    groups: [],
    groupsOverage: false,
    appOnly: false,
    ...fields,
  };
}

/** A verified token around `testPrincipal(fields)`, whose claims are `{ iss, tid, sub }` plus `claims`. */
export function testVerifiedToken(fields: Partial<Principal> = {}, claims: JwtClaims = {}): VerifiedToken {
  return {
    claims: { iss: ISSUER, tid: TEST_TENANT, sub: 'user-1', ...claims },
    header: { alg: 'RS256' },
    issuer: { name: 'entra', issuer: ISSUER, audience: null, keySource: { kind: 'static', keys: [] } },
    principal: testPrincipal(fields),
    key: { kid: 'k1', alg: 'RS256' },
    token: 'header.payload.signature',
  };
}

/** What `run` throws; fails the test when it returns. */
export function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
