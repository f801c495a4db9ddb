import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, entra, jwks, keys, requireRoles, requireScopes, type IssuerConfig, type Verifier } from '../src/index.js';
import { rejection } from './support/rejection.js';

const AUDIENCE = '6e74172b-be56-4843-9ff4-e66a39bb12e3';

let issuer: TestIssuer;
let attacker: TestIssuer;
let verifier: Verifier;

function entraConfig(target: TestIssuer, overrides: Partial<Parameters<typeof entra>[0]> = {}): IssuerConfig[] {
  return entra({
    tenantId: target.tenantId as string,
    audience: AUDIENCE,
    authority: target.url,
    v1Authority: `${target.url}/sts`,
    ...overrides,
  });
}

beforeAll(async () => {
  issuer = await createTestIssuer({ provider: 'entra', audience: AUDIENCE, algorithms: ['RS256', 'ES256'] });
  attacker = await createTestIssuer({ provider: 'generic' });
  verifier = createVerifier({ issuers: [entraConfig(issuer)] });
});

afterAll(async () => {
  await issuer.close();
  await attacker.close();
});

describe('verify: accepted tokens', () => {
  it('returns claims, header, matched issuer, principal and key of a valid v2 user token', async () => {
    const token = await issuer.mint({ scp: 'Orders.Read' });
    const result = await verifier.verify(token);
    expect(result.claims.iss).toBe(issuer.issuer);
    expect(result.header.alg).toBe('RS256');
    expect(result.issuer.name).toBe('entra');
    expect(result.principal).toMatchObject({ tenantId: issuer.tenantId, scopes: ['Orders.Read'], appOnly: false });
    expect(result.principal.subject).toBe(result.claims.oid);
    expect(result.key.alg).toBe('RS256');
    expect(result.key.kid).toBe(result.header.kid);
  });

  it('accepts an ES256 token when the JWKS holds a P-256 key and the issuer lists ES256', async () => {
    const token = await issuer.mint({}, { alg: 'ES256' });
    const withEs256 = createVerifier({ issuers: entraConfig(issuer, { algorithms: ['RS256', 'ES256'] }) });
    await expect(withEs256.verify(token)).resolves.toMatchObject({ key: { alg: 'ES256' } });
  });

  it('marks an app-only token as such and exposes its roles', async () => {
    const token = await issuer.mint({ roles: ['Orders.Admin'] }, { profile: 'app' });
    const { principal } = await verifier.verify(token);
    expect(principal.appOnly).toBe(true);
    expect(principal.roles).toEqual(['Orders.Admin']);
  });

  it('surfaces the Entra groups overage indicator instead of an empty group list', async () => {
    const token = await issuer.mint({ _claim_names: { groups: 'src1' }, _claim_sources: { src1: { endpoint: 'https://graph' } } });
    const { principal } = await verifier.verify(token);
    expect(principal.groups).toEqual([]);
    expect(principal.groupsOverage).toBe(true);
  });

  it('authenticates a request with a Bearer Authorization header', async () => {
    const token = await issuer.mint();
    const request = new Request('http://127.0.0.1/orders', { headers: { Authorization: `Bearer ${token}` } });
    await expect(verifier.authenticate(request)).resolves.toMatchObject({ issuer: { name: 'entra' } });
  });

  it('accepts a per-call audience narrowing that matches', async () => {
    const token = await issuer.mint();
    await expect(verifier.verify(token, { audience: AUDIENCE })).resolves.toBeDefined();
  });

  it('runs per-call async checks after the issuer checks', async () => {
    const token = await issuer.mint({ scp: 'Orders.Read' });
    const seen: string[] = [];
    await verifier.verify(token, { checks: [async (claims) => void seen.push(String(claims.scp))] });
    expect(seen).toEqual(['Orders.Read']);
  });
});

describe('authenticateIfPresent: optional authentication', () => {
  it('resolves undefined when the request has no Authorization header', async () => {
    await expect(verifier.authenticateIfPresent({})).resolves.toBeUndefined();
  });

  it('resolves undefined for another scheme, which is not a Bearer credential', async () => {
    await expect(verifier.authenticateIfPresent({ authorization: 'Basic dXNlcjpwYXNz' })).resolves.toBeUndefined();
  });

  it('verifies a Bearer token that is present', async () => {
    await expect(verifier.authenticateIfPresent({ authorization: `Bearer ${await issuer.mint()}` })).resolves.toMatchObject({
      issuer: { name: 'entra' },
    });
  });

  it('still rejects a Bearer token that is present but invalid', async () => {
    const token = await issuer.mint({}, { expiresInSec: -3600 });
    expect(await rejection(verifier.authenticateIfPresent({ authorization: `Bearer ${token}` }))).toMatchObject({ code: 'token_expired' });
  });

  it('still rejects a malformed Authorization header', async () => {
    expect(await rejection(verifier.authenticateIfPresent({ authorization: 'Bearer' }))).toMatchObject({ code: 'authorization_malformed' });
  });
});

describe('maxTokenBytes', () => {
  it('bounds the Authorization header by the configured token size', async () => {
    const small = createVerifier({ issuers: [entraConfig(issuer)], maxTokenBytes: 100 });
    const token = await issuer.mint();
    expect(await rejection(small.authenticate({ authorization: `Bearer ${token}` }))).toMatchObject({ code: 'authorization_malformed' });
  });

  it('lets a larger configured size through the header check', async () => {
    const large = createVerifier({ issuers: [entraConfig(issuer)], maxTokenBytes: 64_000 });
    const token = await issuer.mint({ padding: 'x'.repeat(20_000) });
    await expect(large.authenticate({ authorization: `Bearer ${token}` })).resolves.toBeDefined();
  });
});

describe('verify: one typed error per failure', () => {
  it('token_missing: no Authorization header (401)', async () => {
    const error = await rejection(verifier.authenticate({}));
    expect(error).toMatchObject({ code: 'token_missing', status: 401 });
  });

  it('authorization_malformed: two Authorization headers (400)', async () => {
    const token = await issuer.mint();
    const error = await rejection(verifier.authenticate({ authorization: [`Bearer ${token}`, `Bearer ${token}`] }));
    expect(error).toMatchObject({ code: 'authorization_malformed', status: 400 });
  });

  it('token_malformed: not a JWS (401)', async () => {
    expect(await rejection(verifier.verify('not-a-token'))).toMatchObject({ code: 'token_malformed', status: 401 });
  });

  it('token_expired: past exp beyond the clock tolerance', async () => {
    const token = await issuer.mint({}, { expiresInSec: -120 });
    expect(await rejection(verifier.verify(token))).toMatchObject({ code: 'token_expired', claim: 'exp' });
  });

  it('token_not_yet_valid: nbf in the future', async () => {
    const token = await issuer.mint({}, { notBeforeSec: 600 });
    expect(await rejection(verifier.verify(token))).toMatchObject({ code: 'token_not_yet_valid', claim: 'nbf' });
  });

  it('signature_invalid: signed by a key that is not the published one', async () => {
    const token = await issuer.mint({}, { signWith: 'foreign' });
    expect(await rejection(verifier.verify(token))).toMatchObject({ code: 'signature_invalid' });
  });

  it('signature_invalid: payload changed after signing', async () => {
    const [h, , s] = (await issuer.mint({ scp: 'Orders.Read' })).split('.');
    const forged = Buffer.from(JSON.stringify({ ...(await verifier.verify(await issuer.mint())).claims, scp: 'Orders.Admin' })).toString(
      'base64url',
    );
    expect(await rejection(verifier.verify(`${h}.${forged}.${s}`))).toMatchObject({ code: 'signature_invalid' });
  });

  it('algorithm_not_allowed: alg none', async () => {
    const claims = (await verifier.verify(await issuer.mint())).claims;
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'x' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.AA`;
    expect(await rejection(verifier.verify(none))).toMatchObject({ code: 'algorithm_not_allowed', found: 'none' });
  });

  it("algorithm_not_allowed: HS256 signed with the issuer's public key as the HMAC secret", async () => {
    const published = issuer.publicJwks().keys[0] as { kid: string; n: string };
    const claims = (await verifier.verify(await issuer.mint())).claims;
    const forged = await new SignJWT({ ...claims } as JWTPayload)
      .setProtectedHeader({ alg: 'HS256', kid: published.kid })
      .sign(new TextEncoder().encode(JSON.stringify(published)));
    expect(await rejection(verifier.verify(forged))).toMatchObject({ code: 'algorithm_not_allowed', found: 'HS256' });
  });

  it('algorithm_not_allowed: an RS256 header naming the P-256 key', async () => {
    const ecKid = issuer.keys.find((k) => k.alg === 'ES256')?.kid as string;
    const token = await issuer.mint({}, { alg: 'RS256', header: { kid: ecKid } });
    expect(await rejection(verifier.verify(token))).toMatchObject({ code: 'algorithm_not_allowed' });
  });

  it('issuer_not_allowed: unknown iss, rejected without any network request', async () => {
    const stranger = await createTestIssuer({ provider: 'generic' });
    try {
      const fresh = createVerifier({ issuers: [jwks({ issuer: stranger.issuer, jwksUri: stranger.jwksUri, audience: AUDIENCE })] });
      const token = await attacker.mint();
      const error = await rejection(fresh.verify(token));
      expect(error).toMatchObject({ code: 'issuer_not_allowed', found: attacker.issuer });
      expect(stranger.requests.total + attacker.requests.total).toBe(0);
    } finally {
      await stranger.close();
    }
  });

  it('audience_mismatch: token for another API names expected and found', async () => {
    const token = await issuer.mint({ aud: 'api://billing' });
    const error = await rejection(verifier.verify(token));
    expect(error).toMatchObject({ code: 'audience_mismatch', expected: [AUDIENCE], found: ['api://billing'] });
  });

  it('audience_mismatch: a per-call audience narrowing that does not match', async () => {
    const token = await issuer.mint();
    expect(await rejection(verifier.verify(token, { audience: 'api://other' }))).toMatchObject({ code: 'audience_mismatch' });
  });

  it('audience_mismatch: a Microsoft Graph token says it is meant for Graph', async () => {
    const token = await issuer.mint({ aud: '00000003-0000-0000-c000-000000000000' });
    const error = await rejection(verifier.verify(token));
    expect(error.code).toBe('audience_mismatch');
    expect(error.message).toMatch(/Microsoft Graph/);
  });

  it('tenant_not_allowed: a v2 token whose tid is another tenant', async () => {
    const token = await issuer.mint({ tid: '0e3d2c1b-aaaa-4bbb-8ccc-ddddeeeeffff' });
    expect(await rejection(verifier.verify(token))).toMatchObject({ code: 'tenant_not_allowed', expected: issuer.tenantId });
  });

  it('claim_invalid: a required typ that the token lacks', async () => {
    const strict = createVerifier({ issuers: [entraConfig(issuer, { typ: 'at+jwt' })] });
    expect(await rejection(strict.verify(await issuer.mint()))).toMatchObject({ code: 'claim_invalid', claim: 'typ' });
  });

  it('claim_invalid: a token without exp', async () => {
    const token = await issuer.mint({}, { omit: ['exp'] });
    expect(await rejection(verifier.verify(token))).toMatchObject({ code: 'claim_invalid', claim: 'exp' });
  });

  it('key_not_found: a kid the issuer does not publish', async () => {
    const token = await issuer.mint({}, { header: { kid: 'unpublished-kid' } });
    expect(await rejection(verifier.verify(token))).toMatchObject({ code: 'key_not_found', status: 401 });
  });

  it('jwks_unavailable: keys cannot be fetched and none are cached (503)', async () => {
    const down = await createTestIssuer({ provider: 'entra', audience: AUDIENCE });
    try {
      down.setFault({ kind: 'status', status: 500 });
      const cold = createVerifier({ issuers: [entraConfig(down)] });
      expect(await rejection(cold.verify(await down.mint()))).toMatchObject({ code: 'jwks_unavailable', status: 503 });
    } finally {
      await down.close();
    }
  });

  it('insufficient_scope: a valid token without the required scope (403)', async () => {
    const token = await verifier.verify(await issuer.mint({ scp: 'Profile.Read' }));
    let error: unknown;
    try {
      requireScopes(token, 'Orders.Read');
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'insufficient_scope', status: 403, requiredScopes: ['Orders.Read'] });
  });

  it('forbidden: a valid app token without the required role (403)', async () => {
    const token = await verifier.verify(await issuer.mint({ roles: ['Orders.Read'] }, { profile: 'app' }));
    expect(() => requireRoles(token, 'Orders.Admin')).toThrow(expect.objectContaining({ code: 'forbidden', status: 403 }));
  });

  it('verification_failed: anything unexpected is normalised, with the original as cause', async () => {
    const failure = new Error('boom');
    const broken = createVerifier({
      issuers: [
        entraConfig(issuer).map((c) => ({
          ...c,
          precheck: () => {
            throw failure;
          },
        })),
      ],
    });
    const error = await rejection(broken.verify(await issuer.mint()));
    expect(error).toMatchObject({ code: 'verification_failed', status: 401 });
    expect(error.cause).toBe(failure);
    expect(error.message).not.toMatch(/boom/);
  });
});

// Tokens carrying their own keys (jku, x5u, jwk, x5c) and the other hostile tokens: test/attacks/.
describe('verify: exactly one key is chosen', () => {
  it('never tries every key: a token without kid fails when several keys could match', async () => {
    const rotating = await createTestIssuer({ provider: 'entra', audience: AUDIENCE });
    try {
      await rotating.rotate();
      const token = await rotating.mint({}, { header: { kid: undefined } });
      const error = await rejection(createVerifier({ issuers: [entraConfig(rotating)] }).verify(token));
      expect(error.code).toBe('key_not_found');
    } finally {
      await rotating.close();
    }
  });

  it('uses the only matching key for a token without kid', async () => {
    const single = await createTestIssuer({ provider: 'entra', audience: AUDIENCE });
    try {
      const token = await single.mint({}, { header: { kid: undefined } });
      await expect(createVerifier({ issuers: [entraConfig(single)] }).verify(token)).resolves.toBeDefined();
    } finally {
      await single.close();
    }
  });
});

describe('verify: time and clock', () => {
  it('uses the injected clock', async () => {
    const issuedAt = Math.floor(Date.now() / 1000);
    const token = await issuer.mint({}, { now: issuedAt, expiresInSec: 600 });
    const later = createVerifier({ issuers: [entraConfig(issuer)], now: () => (issuedAt + 3600) * 1000 });
    expect(await rejection(later.verify(token))).toMatchObject({ code: 'token_expired' });
  });

  it('honours a per-issuer clock tolerance over the verifier default', async () => {
    const token = await issuer.mint({}, { expiresInSec: -30 });
    const strict = createVerifier({ issuers: [entraConfig(issuer, { clockToleranceSec: 0 })] });
    expect(await rejection(strict.verify(token))).toMatchObject({ code: 'token_expired' });
    await expect(verifier.verify(token)).resolves.toBeDefined();
  });

  it('rejects tokens older than maxTokenAgeSec', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await issuer.mint({}, { now: now - 7200, expiresInSec: 86_400 });
    const fresh = createVerifier({ issuers: [entraConfig(issuer, { maxTokenAgeSec: 3600 })] });
    expect(await rejection(fresh.verify(token))).toMatchObject({ code: 'token_expired', claim: 'iat' });
  });
});

describe('verify: static and JWKS issuers', () => {
  it('verifies against static keys without any request', async () => {
    const fixed = createVerifier({
      issuers: [keys({ issuer: issuer.issuer, keys: issuer.publicJwks().keys as never, audience: AUDIENCE })],
    });
    issuer.resetCounters();
    await expect(fixed.verify(await issuer.mint())).resolves.toBeDefined();
    expect(issuer.requests.total).toBe(0);
  });

  it('verifies against a JWKS URL', async () => {
    const direct = createVerifier({ issuers: [jwks({ issuer: issuer.issuer, jwksUri: issuer.jwksUri, audience: AUDIENCE })] });
    await expect(direct.verify(await issuer.mint())).resolves.toBeDefined();
  });
});

describe('createVerifier: configuration mistakes throw at startup', () => {
  it('rejects a missing issuers list', () => {
    expect(() => createVerifier({} as never)).toThrow(TypeError);
  });

  it('rejects an issuer without audience', () => {
    expect(() => createVerifier({ issuers: [{ ...entraConfig(issuer)[0], audience: undefined } as never] })).toThrow(/audience/);
  });

  it('rejects a negative clock tolerance', () => {
    expect(() => createVerifier({ issuers: entraConfig(issuer), clockToleranceSec: -1 })).toThrow(/clockToleranceSec/);
  });

  it('rejects a non-HTTPS JWKS URL outside loopback', () => {
    expect(() => createVerifier({ issuers: [jwks({ issuer: 'https://i', jwksUri: 'http://example.com/keys', audience: 'a' })] })).toThrow(
      TypeError,
    );
  });

  it('rejects invalid JWKS cache options', () => {
    expect(() => createVerifier({ issuers: entraConfig(issuer), jwks: { cooldownMs: -5 } })).toThrow(TypeError);
  });

  it('rejects a misspelt option name rather than ignoring it', () => {
    expect(() => createVerifier({ issuers: entraConfig(issuer), clockTolerance: 30 } as never)).toThrow(/unknown option 'clockTolerance'/);
  });

  it('rejects a misspelt JWKS option name rather than ignoring it', () => {
    expect(() => createVerifier({ issuers: entraConfig(issuer), jwks: { cacheMaxAge: 60_000 } as never })).toThrow(
      /jwks: unknown option 'cacheMaxAge'/,
    );
  });
});

describe('errors never carry the token', () => {
  it('keeps the token out of message and JSON of every rejection', async () => {
    const token = await issuer.mint({ aud: 'api://billing' });
    const error = await rejection(verifier.verify(token));
    const text = `${error.message} ${JSON.stringify(error.toJSON())}`;
    for (const segment of token.split('.')) expect(text).not.toContain(segment);
  });
});
