import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authContextClaimsRequest, handlesClaimsChallenges, hasAuthContext, requireAuthContext } from '../src/authz/auth-context.js';
import { createRequirement } from '../src/authz/authorization.js';
import { compileRequirement } from '../src/authz/route-requirement.js';
import { toErrorResponse } from '../src/rfc6750/error-response.js';
import { ForbiddenError, InsufficientClaimsError, InvalidTokenError, isTokenwardError } from '../src/shared/errors.js';
import type { JwtClaims, Principal, VerifiedToken } from '../src/shared/types.js';
import { TEST_TENANT, testPrincipal, testVerifiedToken, thrown } from './support/verified-token.js';
import { createVerifier, entra } from '../src/index.js';

const TENANT = TEST_TENANT;

const principal = testPrincipal;
const verified = (claims: JwtClaims, fields: Partial<Principal> = {}): VerifiedToken => testVerifiedToken(fields, claims);

const decodeClaims = (header: string | undefined): unknown => {
  const value = /claims="([^"]*)"/.exec(header ?? '')?.[1];
  return value === undefined ? undefined : JSON.parse(atob(value));
};

describe('requireAuthContext', () => {
  it('passes when acrs lists the context', () => {
    expect(() => requireAuthContext(verified({ acrs: ['c1', 'c2'] }), 'c1')).not.toThrow();
  });

  it('throws InsufficientClaimsError, a 401 invalid-token error, when acrs lacks the context', () => {
    const error = thrown(() => requireAuthContext(verified({ acrs: ['c2'] }), 'c1'));
    expect(error).toBeInstanceOf(InsufficientClaimsError);
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error).toMatchObject({ code: 'insufficient_claims', status: 401, claim: 'acrs', expected: 'all of [c1]', found: ['c2'] });
  });

  it('treats a token without acrs as satisfying no context', () => {
    expect(thrown(() => requireAuthContext(verified({}), 'c1'))).toMatchObject({ code: 'insufficient_claims', found: [] });
  });

  it('treats an acrs that is not an array of strings as satisfying no context', () => {
    expect(thrown(() => requireAuthContext(verified({ acrs: 'c1' }), 'c1'))).toBeInstanceOf(InsufficientClaimsError);
    expect(thrown(() => requireAuthContext(verified({ acrs: [1, { c1: true }] }), 'c1'))).toBeInstanceOf(InsufficientClaimsError);
  });

  it('requests the one missing context, as the claims request Entra documents', () => {
    const error = thrown(() => requireAuthContext(verified({ acrs: [] }), 'c1')) as InsufficientClaimsError;
    expect(JSON.parse(error.claimsRequest)).toEqual({ access_token: { acrs: { essential: true, value: 'c1' } } });
  });

  it("with match 'all', requests the first context still missing (the client steps up once per context)", () => {
    const error = thrown(() => requireAuthContext(verified({ acrs: ['c1'] }), ['c1', 'c2', 'c3'])) as InsufficientClaimsError;
    expect(JSON.parse(error.claimsRequest)).toEqual({ access_token: { acrs: { essential: true, value: 'c2' } } });
  });

  it("with match 'any', passes on one of the contexts and otherwise requests the choice of them", () => {
    expect(() => requireAuthContext(verified({ acrs: ['c3'] }), ['c2', 'c3'], { match: 'any' })).not.toThrow();
    const error = thrown(() => requireAuthContext(verified({ acrs: [] }), ['c2', 'c3'], { match: 'any' })) as InsufficientClaimsError;
    expect(JSON.parse(error.claimsRequest)).toEqual({ access_token: { acrs: { essential: true, values: ['c2', 'c3'] } } });
  });

  it("names the token's own tenant's v2.0 authorization endpoint", () => {
    const error = thrown(() => requireAuthContext(verified({}), 'c1')) as InsufficientClaimsError;
    expect(error.authorizationUri).toBe(`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize`);
  });

  it('sends a v1 token (issuer sts.windows.net) to the public cloud authorization endpoint', () => {
    const error = thrown(() =>
      requireAuthContext(verified({ iss: `https://sts.windows.net/${TENANT}/` }), 'c1'),
    ) as InsufficientClaimsError;
    expect(error.authorizationUri).toBe(`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize`);
  });

  it('names no authorization endpoint for an issuer that is not Entra-shaped', () => {
    const error = thrown(() => requireAuthContext(verified({ iss: 'https://idp.example.com/' }), 'c1')) as InsufficientClaimsError;
    expect(error.authorizationUri).toBeUndefined();
  });

  it('refuses a principal alone with a TypeError naming the acrs claim (a wiring mistake)', () => {
    expect(() => requireAuthContext(principal() as unknown as VerifiedToken, 'c1')).toThrow(/acrs/);
  });

  it('refuses an empty context list or an empty id with a TypeError', () => {
    expect(() => requireAuthContext(verified({}), [])).toThrow(TypeError);
    expect(() => requireAuthContext(verified({}), '')).toThrow(TypeError);
  });

  it('keeps a token-supplied value out of the error unescaped and clipped', () => {
    const error = thrown(() => requireAuthContext(verified({ acrs: ['x'.repeat(500)] }), 'c1')) as InsufficientClaimsError;
    expect(error.message.length).toBeLessThan(400);
  });
});

describe('hasAuthContext', () => {
  it('answers whether acrs lists the contexts', () => {
    expect(hasAuthContext(verified({ acrs: ['c1'] }), 'c1')).toBe(true);
    expect(hasAuthContext(verified({ acrs: ['c1'] }), ['c1', 'c2'])).toBe(false);
    expect(hasAuthContext(verified({ acrs: ['c1'] }), ['c1', 'c2'], { match: 'any' })).toBe(true);
  });
});

describe('handlesClaimsChallenges', () => {
  it('is true when xms_cc lists cp1 (MSAL clientCapabilities: [CP1])', () => {
    expect(handlesClaimsChallenges(verified({ xms_cc: ['cp1'] }))).toBe(true);
  });

  it('is false without xms_cc', () => {
    expect(handlesClaimsChallenges(verified({}))).toBe(false);
  });
});

describe('the authContext requirement option', () => {
  it('runs after the principal checks: a missing scope is answered first', async () => {
    const requirement = createRequirement({ scopes: 'Payments.Write', authContext: 'c1' });
    await expect(requirement(verified({ acrs: [] }, { scopes: [] }))).rejects.toMatchObject({ code: 'insufficient_scope' });
    await expect(requirement(verified({ acrs: [] }, { scopes: ['Payments.Write'] }))).rejects.toMatchObject({
      code: 'insufficient_claims',
    });
    await expect(requirement(verified({ acrs: ['c1'] }, { scopes: ['Payments.Write'] }))).resolves.toBeUndefined();
  });

  it('runs before check', async () => {
    let ran = false;
    const requirement = createRequirement({
      authContext: 'c1',
      check: () => {
        ran = true;
        return true;
      },
    });
    await expect(requirement(verified({}))).rejects.toBeInstanceOf(InsufficientClaimsError);
    expect(ran).toBe(false);
  });

  it('is enough on its own for a route requirement', () => {
    const requirement = compileRequirement({ authContext: 'c1' });
    expect(thrown(() => requirement?.(verified({}), undefined))).toBeInstanceOf(InsufficientClaimsError);
  });

  it('is validated when the route is declared', () => {
    expect(() => createRequirement({ authContext: [] })).toThrow(TypeError);
    expect(() => createRequirement({ authContext: [''] })).toThrow(TypeError);
  });

  it('is matched by the requirement-wide match option', async () => {
    const requirement = createRequirement({ authContext: ['c1', 'c2'], match: 'any' });
    await expect(requirement(verified({ acrs: ['c2'] }))).resolves.toBeUndefined();
  });

  it('does not turn a 403 from roles into a step-up', async () => {
    const requirement = createRequirement({ roles: 'Payments.Admin', authContext: 'c1' });
    await expect(requirement(verified({ acrs: [] }))).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('authContextClaimsRequest', () => {
  it('writes the claims request MSAL passes on as its claims parameter', () => {
    expect(authContextClaimsRequest(['c1'])).toBe('{"access_token":{"acrs":{"essential":true,"value":"c1"}}}');
  });
});

describe('the step-up answer, from a real Entra-shaped token', () => {
  let issuer: TestIssuer;

  beforeAll(async () => {
    issuer = await createTestIssuer({ provider: 'entra', tenantId: TENANT });
  });

  afterAll(async () => {
    await issuer?.close();
  });

  const verifierFor = (testIssuer: TestIssuer) =>
    createVerifier({ issuers: [entra({ tenantId: TENANT, audience: testIssuer.audience, authority: testIssuer.url })] });

  it('is 401 with error="insufficient_claims", the base64 claims request and the tenant authorization_uri', async () => {
    const token = await verifierFor(issuer).verify(await issuer.mint({ acrs: ['c2'] }));
    const error = thrown(() => requireAuthContext(token, 'c1'));
    expect(isTokenwardError(error)).toBe(true);
    const response = toErrorResponse(error, { realm: 'payments', includeDescription: false });
    expect(response.status).toBe(401);
    expect(response.headers['WWW-Authenticate']).toBe(
      `Bearer realm="payments", authorization_uri="${issuer.url}/${TENANT}/oauth2/v2.0/authorize", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiYzEifX19"`,
    );
    expect(decodeClaims(response.headers['WWW-Authenticate'])).toEqual({ access_token: { acrs: { essential: true, value: 'c1' } } });
    expect(response.body.error).toBe('insufficient_claims');
  });

  it('lets the same token through once it carries the context', async () => {
    const token = await verifierFor(issuer).verify(await issuer.mint({ acrs: ['c1'] }));
    expect(() => requireAuthContext(token, 'c1')).not.toThrow();
  });
});
