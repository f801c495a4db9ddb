import { createTestIssuer, WEAK_KEYS, toPublicJwk, type TestIssuer, type TestIssuerOptions } from '@tokenward/testing';
import { decodeProtectedHeader } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { joseCertificateToJwk } from '../../src/crypto/jose-certificate.js';
import { webCryptoBackend } from '../../src/crypto/webcrypto-backend.js';
import { JwksUnavailableError, KeyNotFoundError } from '../../src/shared/errors.js';
import { createKeyResolver } from '../../src/keys/index.js';
import type { FetchLike, IssuerConfig, JwksOptions, JwsAlgorithm, PublicJwk } from '../../src/shared/types.js';
import { fakeClock, randomKid, rejectionOf } from './helpers.js';

/** The test issuer's default Cache-Control is max-age=3600. */
const ISSUER_MAX_AGE = 3_600_000;
const COOLDOWN = 30_000;
const STALE = 3_600_000;

const issuers: TestIssuer[] = [];

afterEach(async () => {
  await Promise.all(issuers.splice(0).map((issuer) => issuer.close()));
});

async function start(options: TestIssuerOptions = {}): Promise<TestIssuer> {
  const issuer = await createTestIssuer(options);
  issuers.push(issuer);
  return issuer;
}

/** A resolver fetching over HTTP from 127.0.0.1, on a clock the test moves. */
function resolverFor(jwks: JwksOptions = {}) {
  const clock = fakeClock(Date.now());
  // The awaited refetch (backgroundRefresh: false); background-refresh.test.ts specifies the default.
  const resolver = createKeyResolver({
    jwks: { backgroundRefresh: false, ...jwks },
    backend: webCryptoBackend,
    now: clock.now,
    certificateToJwk: joseCertificateToJwk,
  });
  return { clock, resolver };
}

function jwksConfig(issuer: TestIssuer): IssuerConfig {
  return { name: 'local', issuer: issuer.issuer, audience: issuer.audience, keySource: { kind: 'jwks', uri: issuer.jwksUri } };
}

function activeKid(issuer: TestIssuer): string {
  return issuer.keys.find((key) => key.active)?.kid as string;
}

async function headerOf(token: string): Promise<{ kid: string; alg: JwsAlgorithm }> {
  const { kid, alg } = decodeProtectedHeader(token);
  return { kid: kid as string, alg: alg as JwsAlgorithm };
}

describe('key subsystem against the local issuer', () => {
  it('finds a rotated key at first sight once the cooldown has passed', async () => {
    const issuer = await start();
    const { resolver, clock } = resolverFor();
    const config = jwksConfig(issuer);
    await resolver.resolve(config, activeKid(issuer), 'RS256');
    const { kid } = await issuer.rotate({ keepOld: true });
    clock.advance(COOLDOWN);
    const { kid: tokenKid, alg } = await headerOf(await issuer.mint());
    expect(tokenKid).toBe(kid);
    await expect(resolver.resolve(config, tokenKid, alg)).resolves.toMatchObject({ kid });
    expect(issuer.requests.jwks).toBe(2);
  });

  it('stops accepting a removed (compromised) key at the next refetch', async () => {
    const issuer = await start();
    const { resolver, clock } = resolverFor();
    const config = jwksConfig(issuer);
    const compromised = activeKid(issuer);
    await resolver.resolve(config, compromised, 'RS256');
    const { kid: replacement } = await issuer.rotate();
    issuer.removeKey(compromised);
    clock.advance(COOLDOWN);
    await resolver.resolve(config, replacement, 'RS256');
    const error = await rejectionOf(resolver.resolve(config, compromised, 'RS256'));
    expect(error).toBeInstanceOf(KeyNotFoundError);
  });

  it('serves stale keys through an outage, then answers 503 once staleIfErrorMs has passed', async () => {
    const issuer = await start();
    const { resolver, clock } = resolverFor();
    const config = jwksConfig(issuer);
    const kid = activeKid(issuer);
    await resolver.resolve(config, kid, 'RS256');
    issuer.setFault({ kind: 'outage' });
    clock.advance(ISSUER_MAX_AGE);
    await expect(resolver.resolve(config, kid, 'RS256')).resolves.toMatchObject({ kid });
    clock.advance(STALE);
    const error = await rejectionOf(resolver.resolve(config, kid, 'RS256'));
    expect(error).toBeInstanceOf(JwksUnavailableError);
    expect(error).toMatchObject({ status: 503, retryAfterSec: expect.any(Number) });
    expect(error.message).toMatch(
      /^the keys of issuer local are unavailable: JWKS at http:\/\/127\.0\.0\.1:\d+\/\S+ could not be fetched$/,
    );
  });

  it('sends one JWKS request per cooldown window for a flood of 1,000 unknown kids', async () => {
    const issuer = await start();
    const { resolver, clock } = resolverFor();
    const config = jwksConfig(issuer);
    await resolver.resolve(config, activeKid(issuer), 'RS256');
    clock.advance(COOLDOWN);
    const results = await Promise.allSettled(Array.from({ length: 1_000 }, () => resolver.resolve(config, randomKid(), 'RS256')));
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof KeyNotFoundError)).toBe(true);
    expect(issuer.requests.jwks).toBe(2);
  });

  it('sends one JWKS request per cooldown window for a flood of unknown kids while the server answers 503', async () => {
    const issuer = await start();
    const { resolver, clock } = resolverFor();
    const config = jwksConfig(issuer);
    await resolver.resolve(config, activeKid(issuer), 'RS256');
    issuer.setFault({ kind: 'status', status: 503 });
    for (let window = 0; window < 3; window++) {
      clock.advance(COOLDOWN);
      for (let i = 0; i < 300; i++) {
        await expect(resolver.resolve(config, randomKid(), 'RS256')).rejects.toBeInstanceOf(KeyNotFoundError);
      }
    }
    expect(issuer.requests.jwks).toBe(1 + 3);
  });

  it('sends exactly one JWKS request for 1,000 concurrent resolves on a cold cache', async () => {
    const issuer = await start();
    const { resolver } = resolverFor();
    const config = jwksConfig(issuer);
    const kid = activeKid(issuer);
    await Promise.all(Array.from({ length: 1_000 }, () => resolver.resolve(config, kid, 'RS256')));
    expect(issuer.requests.jwks).toBe(1);
  });

  it("works over the issuer's in-memory fetch (runtimes without sockets)", async () => {
    const issuer = await start({ listen: false });
    const { resolver } = resolverFor({ fetch: issuer.fetch });
    const kid = activeKid(issuer);
    await expect(resolver.resolve(jwksConfig(issuer), kid, 'RS256')).resolves.toMatchObject({ kid });
    expect(issuer.requests.jwks).toBe(1);
  });

  it('gives up on a hung server at the timeout', async () => {
    const issuer = await start();
    issuer.setFault({ kind: 'hang' });
    const { resolver } = resolverFor({ timeoutMs: 100 });
    const started = performance.now();
    const error = await rejectionOf(resolver.resolve(jwksConfig(issuer), activeKid(issuer), 'RS256'));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(JwksUnavailableError);
    expect(error.message).toMatch(/timed out after 100 ms$/);
  });

  it('gives up on a body that drips slower than the timeout', async () => {
    const issuer = await start();
    issuer.setFault({ kind: 'slow-drip', chunkDelayMs: 20 });
    const { resolver } = resolverFor({ timeoutMs: 100 });
    const error = await rejectionOf(resolver.resolve(jwksConfig(issuer), activeKid(issuer), 'RS256'));
    expect(error).toBeInstanceOf(JwksUnavailableError);
    expect(error.message).toMatch(/timed out after 100 ms$/);
  });

  it('refuses an oversized response', async () => {
    const issuer = await start();
    issuer.setFault({ kind: 'oversized' });
    const { resolver } = resolverFor();
    const error = await rejectionOf(resolver.resolve(jwksConfig(issuer), activeKid(issuer), 'RS256'));
    expect(error).toBeInstanceOf(JwksUnavailableError);
    expect(error.message).toMatch(/is larger than 262144 bytes$/);
  });

  it('refuses malformed JSON', async () => {
    const issuer = await start();
    issuer.setFault({ kind: 'malformed-json' });
    const { resolver } = resolverFor();
    const error = await rejectionOf(resolver.resolve(jwksConfig(issuer), activeKid(issuer), 'RS256'));
    expect(error).toBeInstanceOf(JwksUnavailableError);
    expect(error.message).toMatch(/is not valid JSON$/);
  });

  it('reports a 500 with its status and without the body', async () => {
    const issuer = await start();
    issuer.setFault({ kind: 'status', status: 500 });
    const { resolver } = resolverFor();
    const error = await rejectionOf(resolver.resolve(jwksConfig(issuer), activeKid(issuer), 'RS256'));
    expect(error).toBeInstanceOf(JwksUnavailableError);
    expect(error.message).toMatch(/answered 500$/);
    expect(error.message).not.toContain('injected_fault');
  });

  it('skips a weak RSA key published next to good ones', async () => {
    const issuer = await start();
    const weak = toPublicJwk(WEAK_KEYS.rsa1024) as PublicJwk;
    const withWeakKey: FetchLike = async (url, init) => {
      const response = await fetch(url, init);
      const document = (await response.json()) as { keys: PublicJwk[] };
      return Response.json({ keys: [weak, ...document.keys] }, { headers: response.headers });
    };
    const { resolver } = resolverFor({ fetch: withWeakKey });
    const config = jwksConfig(issuer);
    const error = await rejectionOf(resolver.resolve(config, weak.kid as string, 'RS256'));
    expect(error).toBeInstanceOf(KeyNotFoundError);
    expect(error.message).toMatch(/its RSA modulus has 1024 bits, at least 2048 are required$/);
    await expect(resolver.resolve(config, activeKid(issuer), 'RS256')).resolves.toMatchObject({ kid: activeKid(issuer) });
  });

  it('honours the Cache-Control max-age of the key response', async () => {
    const issuer = await start({ jwksCacheControl: 'public, max-age=120' });
    const { resolver, clock } = resolverFor();
    const config = jwksConfig(issuer);
    const kid = activeKid(issuer);
    await resolver.resolve(config, kid, 'RS256');
    clock.advance(119_999);
    await resolver.resolve(config, kid, 'RS256');
    expect(issuer.requests.jwks).toBe(1);
    clock.advance(1);
    await resolver.resolve(config, kid, 'RS256');
    expect(issuer.requests.jwks).toBe(2);
  });

  it("verifies Firebase tokens' kids against the x509 certificate map", async () => {
    const issuer = await start({ provider: 'firebase' });
    const { resolver } = resolverFor();
    const config: IssuerConfig = {
      name: 'firebase',
      issuer: issuer.issuer,
      audience: issuer.audience,
      algorithms: ['RS256'],
      keySource: { kind: 'x509', uri: issuer.jwksUri },
    };
    const { kid, alg } = await headerOf(await issuer.mint());
    const resolved = await resolver.resolve(config, kid, alg);
    expect(resolved.jwk).toMatchObject({ kid, kty: 'RSA', alg: 'RS256', x5c: [expect.any(String)] });
  });

  it('finds keys through the discovery document', async () => {
    const issuer = await start({ provider: 'okta' });
    const { resolver } = resolverFor();
    const config: IssuerConfig = {
      name: 'oidc',
      issuer: issuer.issuer,
      audience: issuer.audience,
      keySource: { kind: 'discovery', url: issuer.discoveryUrl },
    };
    const { kid, alg } = await headerOf(await issuer.mint());
    await expect(resolver.resolve(config, kid, alg)).resolves.toMatchObject({ kid });
    expect(issuer.requests).toMatchObject({ discovery: 1, jwks: 1 });
  });

  it('rejects a discovery document whose issuer differs from the configured one, without fetching keys', async () => {
    const issuer = await start();
    const { resolver } = resolverFor();
    const config: IssuerConfig = {
      name: 'oidc',
      issuer: `${issuer.issuer}/other`,
      audience: issuer.audience,
      keySource: { kind: 'discovery', url: issuer.discoveryUrl },
    };
    const error = await rejectionOf(resolver.resolve(config, activeKid(issuer), 'RS256'));
    expect(error).toBeInstanceOf(JwksUnavailableError);
    expect(error.message).toMatch(/names another issuer than the one configured$/);
    expect(error).toMatchObject({ expected: `${issuer.issuer}/other`, found: issuer.issuer });
    expect(issuer.requests.jwks).toBe(0);
  });
});
