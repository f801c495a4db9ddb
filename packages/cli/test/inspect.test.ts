import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entra as coreEntra, toTokenwardError, TokenRevokedError, type TokenwardErrorUnion } from '@tokenward/core';
import { diagnose } from '../src/inspect/diagnose.js';
import { inspectToken, parseConfig, type CheckId, type InspectReport } from '../src/index.js';
import { entraConfig, GRAPH_APP_ID, OTHER_TENANT, hmacToken } from './helpers.js';

let entra: TestIssuer;
let entraV1: TestIssuer;

beforeAll(async () => {
  entra = await createTestIssuer({ provider: 'entra' });
  entraV1 = await createTestIssuer({ provider: 'entra-v1' });
});
afterAll(async () => {
  await entra.close();
  await entraV1.close();
});

const status = (report: InspectReport, id: CheckId) => report.checks.find((c) => c.id === id)?.status;

describe('inspect: a valid token', () => {
  it('exits 0 with every check passed and the diagnosis "valid"', async () => {
    const report = await inspectToken(await entra.mint({ scp: 'Orders.Read' }), { config: entraConfig(entra), scopes: ['Orders.Read'] });
    expect(report.exitCode).toBe(0);
    expect(report.diagnosis.code).toBe('valid');
    expect(report.checks.filter((c) => c.status === 'failed')).toEqual([]);
  });

  it('names the key that verified the signature and the time left', async () => {
    const report = await inspectToken(await entra.mint({}, { expiresInSec: 1800 }), { config: entraConfig(entra) });
    expect(report.key).toEqual({ kid: entra.keys[0]?.kid, alg: 'RS256', verified: true });
    expect(report.expiresInSec).toBeGreaterThan(1700);
    expect(report.expiresInSec).toBeLessThanOrEqual(1800);
  });

  it("finds the issuer by discovery from the token when told to trust the token's iss", async () => {
    const report = await inspectToken(await entra.mint(), { audience: [entra.audience], trustTokenIssuer: true });
    expect(report.exitCode).toBe(0);
    expect(report.issuer).toMatchObject({ source: 'discovery', preset: 'entra', discoveryUrl: entra.discoveryUrl });
  });

  it('contacts only discovery and key URLs', async () => {
    const report = await inspectToken(await entra.mint(), { trustTokenIssuer: true });
    expect(report.contacted).toEqual([entra.discoveryUrl, entra.jwksUri]);
  });

  it('notes that the audience was not checked when none was given', async () => {
    const report = await inspectToken(await entra.mint(), { trustTokenIssuer: true });
    expect(status(report, 'audience')).toBe('skipped');
    expect(report.notes.join(' ')).toMatch(/--audience/);
  });
});

describe('inspect: one diagnosis per failure', () => {
  it('malformed: a token that is not a JWT', async () => {
    const report = await inspectToken('not-a-token', { config: entraConfig(entra) });
    expect([report.exitCode, report.diagnosis.code, report.checks[0]?.code]).toEqual([1, 'malformed', 'token_malformed']);
  });

  it('malformed: a payload whose last base64url character has stray bits is refused before any issuer is looked for', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let parts = (await entra.mint()).split('.');
    // Only a payload whose length is not a multiple of 4 has unused bits in its last character.
    for (let pad = 'x'; (parts[1] ?? '').length % 4 === 0; pad += 'x') parts = (await entra.mint({ pad })).split('.');
    const [header, payload, signature] = parts as [string, string, string];
    const last = alphabet.indexOf(payload.slice(-1));
    const stray = `${payload.slice(0, -1)}${alphabet[last | 1] ?? ''}`;
    expect(Buffer.from(stray, 'base64url').toString('utf8')).toBe(Buffer.from(payload, 'base64url').toString('utf8'));
    const report = await inspectToken(`${header}.${stray}.${signature}`, {});
    expect(report.claims).toBeUndefined();
    expect([report.exitCode, report.diagnosis.code, report.checks[0]?.code]).toEqual([1, 'malformed', 'token_malformed']);
    expect(report.checks[0]?.detail).toMatch(/payload is not canonical base64url/);
  });

  it('encrypted token: a five-part JWE', async () => {
    const report = await inspectToken('eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y2lwaGVy.dGFn', {});
    expect([report.exitCode, report.diagnosis.code]).toEqual([1, 'encrypted_token']);
    expect(report.diagnosis.fix).toMatch(/audience/);
  });

  it('expired: says how long ago', async () => {
    const now = Math.floor(Date.now() / 1000);
    const report = await inspectToken(await entra.mint({}, { now: now - 3 * 3600, expiresInSec: 3600 }), { config: entraConfig(entra) });
    expect([report.exitCode, report.diagnosis.code]).toEqual([1, 'expired']);
    expect(report.diagnosis.summary).toMatch(/expired 2 h ago/);
    expect(report.expiresInSec).toBeLessThan(0);
  });

  it('expired: still checks what comes after the lifetime', async () => {
    const now = Math.floor(Date.now() / 1000);
    const report = await inspectToken(await entra.mint({ aud: 'api://billing' }, { now: now - 7200, expiresInSec: 3600 }), {
      config: entraConfig(entra),
    });
    expect([status(report, 'expiry'), status(report, 'not-before'), status(report, 'audience')]).toEqual(['failed', 'passed', 'failed']);
    expect(report.diagnosis.code).toBe('wrong_audience');
  });

  it('not yet valid: a token from the future', async () => {
    const report = await inspectToken(await entra.mint({}, { notBeforeSec: 600 }), { config: entraConfig(entra) });
    expect([report.exitCode, report.diagnosis.code]).toEqual([1, 'not_yet_valid']);
    expect(report.diagnosis.summary).toMatch(/starts in 10 min/);
  });

  it('wrong audience: names both audiences', async () => {
    const report = await inspectToken(await entra.mint({ aud: 'api://billing' }), { config: entraConfig(entra) });
    expect([report.exitCode, report.diagnosis.code]).toEqual([1, 'wrong_audience']);
    expect(report.diagnosis.summary).toContain('api://billing');
    expect(report.checks.find((c) => c.id === 'audience')).toMatchObject({ code: 'audience_mismatch', found: ['api://billing'] });
  });

  it('wrong audience: the other Entra name of the same API (App ID URI vs client id)', async () => {
    const report = await inspectToken(await entra.mint({ aud: `api://${entra.audience}` }), { config: entraConfig(entra) });
    expect(report.diagnosis.code).toBe('wrong_audience');
    expect(report.diagnosis.fix).toContain(`'api://${entra.audience}'`);
  });

  it('Microsoft Graph token: explained as such, with the scope to request instead', async () => {
    const report = await inspectToken(await entra.mint({ aud: GRAPH_APP_ID, scp: 'User.Read' }), { config: entraConfig(entra) });
    expect([report.exitCode, report.diagnosis.code]).toEqual([1, 'graph_token']);
    expect(report.diagnosis.fix).toMatch(/api:\/\/<your API client id>/);
  });

  it('Entra v1 token where only v2 is accepted: says to set accessTokenAcceptedVersion', async () => {
    const config = entraConfig(entraV1, { tokenVersions: [2] });
    const report = await inspectToken(await entraV1.mint(), { config });
    expect([report.exitCode, report.diagnosis.code]).toEqual([1, 'entra_v1_token']);
    expect(report.diagnosis.fix).toMatch(/accessTokenAcceptedVersion/);
  });

  it('Entra v2 token where only v1 is accepted', async () => {
    const report = await inspectToken(await entra.mint(), { config: entraConfig(entra, { tokenVersions: [1] }) });
    expect([report.exitCode, report.diagnosis.code]).toEqual([1, 'entra_v2_token']);
  });

  it('wrong tenant: a token issued by another tenant', async () => {
    const other = await createTestIssuer({ provider: 'entra', tenantId: OTHER_TENANT });
    try {
      const config = entraConfig(other, { tenantId: entra.tenantId });
      const report = await inspectToken(await other.mint(), { config });
      expect([report.exitCode, report.diagnosis.code]).toEqual([1, 'wrong_tenant']);
      expect(report.diagnosis.summary).toContain(OTHER_TENANT);
    } finally {
      await other.close();
    }
  });

  it('wrong tenant: a tid that does not match the trusted tenant', async () => {
    const report = await inspectToken(await entra.mint({ tid: OTHER_TENANT }), { config: entraConfig(entra) });
    expect([report.exitCode, report.diagnosis.code]).toEqual([1, 'wrong_tenant']);
    expect(status(report, 'tenant')).toBe('failed');
  });

  it('wrong tenant: --tenant pins the tenant when discovering', async () => {
    const report = await inspectToken(await entra.mint(), { tenantId: OTHER_TENANT, trustTokenIssuer: true });
    expect(report.diagnosis.code).toBe('wrong_tenant');
  });

  it('untrusted issuer: lists the trusted ones', async () => {
    const auth0 = await createTestIssuer({ provider: 'auth0' });
    try {
      const report = await inspectToken(await auth0.mint(), { config: entraConfig(entra) });
      expect([report.exitCode, report.diagnosis.code]).toEqual([1, 'untrusted_issuer']);
      expect(report.diagnosis.summary).toContain(entra.issuer);
      expect(status(report, 'signature')).toBe('skipped');
    } finally {
      await auth0.close();
    }
  });

  it("untrusted issuer: --issuer pins the expected issuer, and the token's own is never contacted", async () => {
    const auth0 = await createTestIssuer({ provider: 'auth0' });
    try {
      const report = await inspectToken(await auth0.mint(), { issuer: entra.issuer });
      expect(report.diagnosis.code).toBe('untrusted_issuer');
      expect(report.contacted.every((url) => url.startsWith(entra.url))).toBe(true);
      expect(auth0.requests.total).toBe(0);
    } finally {
      await auth0.close();
    }
  });

  it('missing scope: names the scope and what the token has', async () => {
    const report = await inspectToken(await entra.mint({ scp: 'Profile.Read' }), { config: entraConfig(entra), scopes: ['Orders.Read'] });
    expect([report.exitCode, report.diagnosis.code]).toEqual([1, 'missing_scope']);
    expect(report.checks.find((c) => c.id === 'scope')).toMatchObject({ code: 'insufficient_scope', found: ['Profile.Read'] });
  });

  it('missing scope on an app-only token: explains that apps get roles', async () => {
    const report = await inspectToken(await entra.mint({ roles: ['Orders.Admin'] }, { profile: 'app' }), {
      config: entraConfig(entra),
      scopes: ['Orders.Read'],
    });
    expect(report.diagnosis.code).toBe('missing_scope');
    expect(report.diagnosis.fix).toMatch(/app-only token/);
  });

  it('missing app role', async () => {
    const report = await inspectToken(await entra.mint({ roles: ['Orders.Read'] }, { profile: 'app' }), {
      config: entraConfig(entra),
      roles: ['Orders.Admin'],
    });
    expect([report.exitCode, report.diagnosis.code]).toEqual([1, 'missing_role']);
    expect(report.checks.find((c) => c.id === 'role')?.code).toBe('forbidden');
  });

  it('unknown kid', async () => {
    const report = await inspectToken(await entra.mint({}, { header: { kid: 'retired-2019' } }), { config: entraConfig(entra) });
    expect([report.exitCode, report.diagnosis.code]).toEqual([1, 'unknown_key']);
    expect(report.diagnosis.summary).toContain('retired-2019');
    expect(status(report, 'expiry')).toBe('skipped');
  });

  it('bad signature: a forgery under the published kid', async () => {
    const report = await inspectToken(await entra.mint({}, { signWith: 'foreign' }), { config: entraConfig(entra) });
    expect([report.exitCode, report.diagnosis.code]).toEqual([1, 'bad_signature']);
    expect(report.key.verified).toBe(false);
  });

  it('algorithm not allowed: the issuer is narrowed to another algorithm', async () => {
    const report = await inspectToken(await entra.mint(), { config: entraConfig(entra, { algorithms: ['ES256'] }) });
    expect([report.exitCode, report.diagnosis.code]).toEqual([1, 'algorithm_not_allowed']);
  });

  it('algorithm not allowed: a PS256 token under a key that names no algorithm still has its later checks run', async () => {
    const ps = await createTestIssuer({ provider: 'entra', algorithms: ['PS256'] });
    try {
      const report = await inspectToken(await ps.mint({ aud: 'api://billing' }), { config: entraConfig(ps) });
      expect([report.exitCode, report.diagnosis.code]).toEqual([1, 'algorithm_not_allowed']);
      expect(report.key.verified).toBe(true);
      expect(status(report, 'audience')).toBe('failed');
    } finally {
      await ps.close();
    }
  });

  it('algorithm not allowed: a shared-secret token (HS256) is never accepted', async () => {
    const report = await inspectToken(hmacToken({ iss: entra.issuer, aud: entra.audience, tid: entra.tenantId, exp: 4_000_000_000 }), {
      config: entraConfig(entra),
    });
    expect(report.diagnosis.code).toBe('algorithm_not_allowed');
    expect(report.diagnosis.fix).toMatch(/never accepted/);
  });

  it('wrong token type: a Cognito ID token where access tokens are expected', async () => {
    const cognito = await createTestIssuer({ provider: 'cognito' });
    try {
      const config = parseConfig({
        issuers: [
          { preset: 'cognito', userPoolId: 'us-east-1_Example', tokenUse: 'access', clientId: cognito.clientId, authority: cognito.url },
        ],
      });
      const report = await inspectToken(await cognito.mint({ token_use: 'id' }), { config });
      expect([report.exitCode, report.diagnosis.code]).toEqual([1, 'wrong_token_type']);
      expect(report.diagnosis.fix).toMatch(/access token/);
    } finally {
      await cognito.close();
    }
  });
});

describe('inspect: could not check', () => {
  it("exits 2 when the issuer's keys cannot be fetched", async () => {
    const issuer = await createTestIssuer({ provider: 'entra' });
    try {
      issuer.setFault({ kind: 'status', status: 500, target: 'keys' });
      const report = await inspectToken(await issuer.mint(), { config: entraConfig(issuer) });
      expect([report.exitCode, report.diagnosis.code]).toEqual([2, 'keys_unavailable']);
      expect(status(report, 'key')).toBe('failed');
    } finally {
      await issuer.close();
    }
  });

  it('exits 2 when discovery cannot be reached', async () => {
    const issuer = await createTestIssuer({ provider: 'generic' });
    const token = await issuer.mint();
    await issuer.close();
    const report = await inspectToken(token, { timeoutMs: 2000, trustTokenIssuer: true });
    expect([report.exitCode, report.diagnosis.code]).toEqual([2, 'could_not_check']);
  });

  it('exits 2 and contacts nothing for a token without an issuer', async () => {
    const report = await inspectToken(await entra.mint({ iss: undefined }), { trustTokenIssuer: true });
    expect([report.exitCode, report.contacted]).toEqual([2, []]);
  });

  it('refuses to contact an http issuer that is not on this machine', async () => {
    const report = await inspectToken(await entra.mint({ iss: 'http://issuer.example.com' }), { trustTokenIssuer: true });
    expect(report.exitCode).toBe(2);
    expect(report.diagnosis.summary).toMatch(/https/);
  });
});

describe('inspect: the remaining diagnoses', () => {
  it("too old: a token older than the preset's maxTokenAgeSec, though not expired", async () => {
    const issuedAt = Math.floor(Date.now() / 1000) - 7_200;
    const token = await entra.mint({}, { now: issuedAt, expiresInSec: 4 * 3_600 });
    const report = await inspectToken(token, { config: entraConfig(entra, { maxTokenAgeSec: 3_600 }) });
    expect([report.exitCode, report.diagnosis.code]).toEqual([1, 'too_old']);
    expect(report.diagnosis.fix).toMatch(/maxTokenAgeSec/);
  });

  it('claim invalid: a claim the issuer requires is missing', async () => {
    const report = await inspectToken(await entra.mint(), { config: entraConfig(entra, { requiredClaims: ['acct'] }) });
    expect([report.exitCode, report.diagnosis.code]).toEqual([1, 'claim_invalid']);
    expect(report.diagnosis.summary).toContain('acct');
  });

  it('key of another issuer: an Entra signing key whose own issuer is another tenant', () => {
    const [config] = coreEntra({ tenantId: entra.tenantId as string, audience: entra.audience, tokenVersions: [2] });
    const claims = { iss: `https://login.microsoftonline.com/${entra.tenantId}/v2.0`, tid: entra.tenantId, ver: '2.0' };
    const failure = errorOf(() =>
      config?.keyCheck?.({ kty: 'RSA', issuer: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` }, claims),
    );
    const diagnosis = diagnose({
      failures: new Map([['issuer', failure]]),
      header: { alg: 'RS256' },
      claims,
      configs: config ? [config] : [],
      nowMs: Date.now(),
    });
    expect(diagnosis.code).toBe('key_issuer_mismatch');
    expect(diagnosis.fix).toMatch(/signingKeyAppId/);
  });

  it("revoked: a token on the verifier's denylist", () => {
    const diagnosis = diagnose({
      failures: new Map([['claims', new TokenRevokedError('the token has been revoked')]]),
      header: { alg: 'RS256' },
      claims: { iss: entra.issuer },
      configs: [],
      nowMs: Date.now(),
    });
    expect(diagnosis.code).toBe('revoked');
    expect(diagnosis.fix).toMatch(/sign in again/);
  });
});

function errorOf(run: () => unknown): TokenwardErrorUnion {
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    return toTokenwardError(error);
  }
  throw new Error(result instanceof Promise ? 'expected the check to throw, not to return a promise' : 'expected the check to throw');
}

describe('inspect: contacted URLs', () => {
  it('lists the URLs it contacted without their query strings', async () => {
    // The issuer's discovery document names a key URL with a query string (wire-level: the real
    // issuer answers, its discovery JSON gains "?tenant-hint=…").
    const fetchWithQuery = async (input: string, init?: RequestInit): Promise<Response> => {
      const response = await entra.fetch(input.split('?')[0] ?? input, init);
      if (!input.endsWith('/.well-known/openid-configuration')) return response;
      const document = (await response.json()) as Record<string, unknown>;
      return new Response(JSON.stringify({ ...document, jwks_uri: `${String(document.jwks_uri)}?tenant-hint=secret-value` }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    };
    const report = await inspectToken(await entra.mint(), { issuer: entra.issuer, fetch: fetchWithQuery });
    expect(report.contacted).toEqual([entra.discoveryUrl, entra.jwksUri]);
  });
});
