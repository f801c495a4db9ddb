import { beforeAll, describe, expect, it } from 'vitest';
import { JwksUnavailableError, KeyNotFoundError } from '../../src/shared/errors.js';
import type { PublicJwk } from '../../src/shared/types.js';
import { jsonResponse, jwksIssuer, publicKey, randomKid, rejectionOf, resolverSetup } from './helpers.js';

const DEFAULT_MAX_AGE = 600_000;
const COOLDOWN = 30_000;
const STALE = 3_600_000;

let a: PublicJwk;
let b: PublicJwk;

beforeAll(async () => {
  [a, b] = await Promise.all([publicKey('a'), publicKey('b')]);
});

describe('key cache: fresh keys', () => {
  it('serves a fresh set from memory without another request', async () => {
    const { resolver, issuer, server, clock } = resolverSetup([a]);
    await resolver.resolve(issuer, 'a', 'RS256');
    clock.advance(DEFAULT_MAX_AGE - 1);
    await resolver.resolve(issuer, 'a', 'RS256');
    expect(server.count()).toBe(1);
  });

  it('serves a fresh set without waiting on the network', async () => {
    const { resolver, issuer, server } = resolverSetup([a]);
    await resolver.resolve(issuer, 'a', 'RS256');
    server.answer(() => new Promise<Response>(() => undefined));
    await expect(resolver.resolve(issuer, 'a', 'RS256')).resolves.toMatchObject({ kid: 'a' });
  });

  it('honours the max-age of the JWKS response', async () => {
    const { resolver, issuer, server, clock } = resolverSetup([a], { cacheControl: 'max-age=120' });
    await resolver.resolve(issuer, 'a', 'RS256');
    clock.advance(119_999);
    await resolver.resolve(issuer, 'a', 'RS256');
    expect(server.count()).toBe(1);
    clock.advance(1);
    await resolver.resolve(issuer, 'a', 'RS256');
    expect(server.count()).toBe(2);
  });

  it('shares one cache between issuers configured with the same JWKS URI', async () => {
    const { resolver, server } = resolverSetup([a]);
    await resolver.resolve(jwksIssuer({ issuer: 'https://login.example.com/v1' }), 'a', 'RS256');
    await resolver.resolve(jwksIssuer({ issuer: 'https://login.example.com/v2' }), 'a', 'RS256');
    expect(server.count()).toBe(1);
  });
});

describe('key cache: unknown kid and cooldown', () => {
  it('finds a newly rotated key at first sight when no fetch happened within the cooldown', async () => {
    const { resolver, issuer, server, clock } = resolverSetup([a]);
    await resolver.resolve(issuer, 'a', 'RS256');
    server.setKeys([a, b]);
    clock.advance(COOLDOWN);
    await expect(resolver.resolve(issuer, 'b', 'RS256')).resolves.toMatchObject({ kid: 'b' });
    expect(server.count()).toBe(2);
  });

  it('answers an unknown kid within the cooldown with KeyNotFoundError and no request', async () => {
    const { resolver, issuer, server, clock } = resolverSetup([a]);
    await resolver.resolve(issuer, 'a', 'RS256');
    server.setKeys([a, b]);
    clock.advance(COOLDOWN - 1);
    await expect(resolver.resolve(issuer, 'b', 'RS256')).rejects.toBeInstanceOf(KeyNotFoundError);
    expect(server.count()).toBe(1);
  });

  it('sends at most one request per cooldown window for 1,000 random kids', async () => {
    const { resolver, issuer, server, clock } = resolverSetup([a]);
    await resolver.resolve(issuer, 'a', 'RS256');
    clock.advance(COOLDOWN);
    const results = await Promise.allSettled(Array.from({ length: 1_000 }, () => resolver.resolve(issuer, randomKid(), 'RS256')));
    for (let i = 0; i < 1_000; i++) {
      clock.advance(COOLDOWN / 2_000);
      results.push(...(await Promise.allSettled([resolver.resolve(issuer, randomKid(), 'RS256')])));
    }
    expect(server.count()).toBe(2);
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof KeyNotFoundError)).toBe(true);
  });

  it('sends at most one request per cooldown window for random kids while the server answers 503', async () => {
    const { resolver, issuer, server, clock } = resolverSetup([a]);
    await resolver.resolve(issuer, 'a', 'RS256');
    server.fail(503);
    clock.advance(COOLDOWN);
    for (let i = 0; i < 1_000; i++) {
      await expect(resolver.resolve(issuer, randomKid(), 'RS256')).rejects.toBeInstanceOf(KeyNotFoundError);
      clock.advance(COOLDOWN / 1_000 - 1);
    }
    expect(server.count()).toBe(2);
  });

  it('says the refresh failed when an unknown kid could not be looked up', async () => {
    const { resolver, issuer, server, clock } = resolverSetup([a]);
    await resolver.resolve(issuer, 'a', 'RS256');
    server.fail(503);
    clock.advance(COOLDOWN);
    const error = await rejectionOf(resolver.resolve(issuer, 'b', 'RS256'));
    expect(error.message).toBe(
      "issuer example has no key with the token's kid (refreshing its keys failed: JWKS at https://login.example.com/keys answered 503)",
    );
  });

  it('refetches for an unknown kid again once the cooldown has passed', async () => {
    const { resolver, issuer, server, clock } = resolverSetup([a]);
    await resolver.resolve(issuer, 'a', 'RS256');
    clock.advance(COOLDOWN);
    await rejectionOf(resolver.resolve(issuer, 'x', 'RS256'));
    clock.advance(COOLDOWN);
    await rejectionOf(resolver.resolve(issuer, 'y', 'RS256'));
    expect(server.count()).toBe(3);
  });

  it('does not refetch for a kid that names a skipped key', async () => {
    const weak = await publicKey('weak', 'rsa1024');
    const { resolver, issuer, server, clock } = resolverSetup([a, weak]);
    await resolver.resolve(issuer, 'a', 'RS256');
    clock.advance(COOLDOWN);
    await rejectionOf(resolver.resolve(issuer, 'weak', 'RS256'));
    expect(server.count()).toBe(1);
  });
});

describe('key cache: single flight', () => {
  it('shares one request among 1,000 concurrent resolves on a cold cache', async () => {
    const { resolver, issuer, server } = resolverSetup([a]);
    await Promise.all(Array.from({ length: 1_000 }, () => resolver.resolve(issuer, 'a', 'RS256')));
    expect(server.count()).toBe(1);
  });

  it('shares one request among 1,000 concurrent resolves of an expired set', async () => {
    const { resolver, issuer, server, clock } = resolverSetup([a]);
    await resolver.resolve(issuer, 'a', 'RS256');
    clock.advance(DEFAULT_MAX_AGE);
    await Promise.all(Array.from({ length: 1_000 }, () => resolver.resolve(issuer, 'a', 'RS256')));
    expect(server.count()).toBe(2);
  });

  it('shares one failed request among concurrent resolves on a cold cache', async () => {
    const { resolver, issuer, server } = resolverSetup([a]);
    server.fail(500);
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => resolver.resolve(issuer, 'a', 'RS256')));
    expect(server.count()).toBe(1);
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof JwksUnavailableError)).toBe(true);
  });
});

describe('key cache: expiry, stale-if-error and backoff', () => {
  it('refetches an expired set', async () => {
    const { resolver, issuer, server, clock } = resolverSetup([a]);
    await resolver.resolve(issuer, 'a', 'RS256');
    clock.advance(DEFAULT_MAX_AGE);
    await resolver.resolve(issuer, 'a', 'RS256');
    expect(server.count()).toBe(2);
  });

  it('keeps serving expired keys while the issuer fails, until staleIfErrorMs after expiry', async () => {
    const { resolver, issuer, server, clock } = resolverSetup([a]);
    await resolver.resolve(issuer, 'a', 'RS256');
    server.fail(500);
    clock.advance(DEFAULT_MAX_AGE);
    await expect(resolver.resolve(issuer, 'a', 'RS256')).resolves.toMatchObject({ kid: 'a' });
    clock.advance(STALE - 1);
    await expect(resolver.resolve(issuer, 'a', 'RS256')).resolves.toMatchObject({ kid: 'a' });
  });

  it('answers JwksUnavailableError once staleIfErrorMs has passed since expiry', async () => {
    const { resolver, issuer, server, clock } = resolverSetup([a]);
    await resolver.resolve(issuer, 'a', 'RS256');
    server.fail(500);
    clock.advance(DEFAULT_MAX_AGE + STALE);
    const error = await rejectionOf(resolver.resolve(issuer, 'a', 'RS256'));
    expect(error).toBeInstanceOf(JwksUnavailableError);
    expect(error.status).toBe(503);
  });

  it('serves no stale keys when staleIfErrorMs is 0', async () => {
    const { resolver, issuer, server, clock } = resolverSetup([a], { jwks: { staleIfErrorMs: 0 } });
    await resolver.resolve(issuer, 'a', 'RS256');
    server.fail(500);
    clock.advance(DEFAULT_MAX_AGE);
    await expect(resolver.resolve(issuer, 'a', 'RS256')).rejects.toBeInstanceOf(JwksUnavailableError);
  });

  it('answers JwksUnavailableError with retryAfterSec when there are no keys and the fetch fails', async () => {
    const { resolver, issuer, server } = resolverSetup([a]);
    server.fail(502);
    const error = await rejectionOf(resolver.resolve(issuer, 'a', 'RS256'));
    expect(error).toBeInstanceOf(JwksUnavailableError);
    expect(error.retryAfterSec).toBe(1);
  });

  it('backs off exponentially after failed fetches, 1 s, 2 s, 4 s … up to maxBackoffMs', async () => {
    const { resolver, issuer, server, clock } = resolverSetup([a], { jwks: { maxBackoffMs: 5_000 } });
    server.fail(500);
    const delays: number[] = [];
    let last = clock.now();
    let requests = 0;
    while (delays.length < 5) {
      const error = await rejectionOf(resolver.resolve(issuer, 'a', 'RS256'));
      expect(error).toBeInstanceOf(JwksUnavailableError);
      if (server.count() > requests) {
        if (requests > 0) delays.push(clock.now() - last);
        requests = server.count();
        last = clock.now();
      }
      clock.advance(100);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
  });

  it('answers at once during backoff, without a request and with the time left', async () => {
    const { resolver, issuer, server, clock } = resolverSetup([a]);
    server.fail(500);
    await rejectionOf(resolver.resolve(issuer, 'a', 'RS256'));
    clock.advance(400);
    const error = await rejectionOf(resolver.resolve(issuer, 'a', 'RS256'));
    expect(error.retryAfterSec).toBe(1);
    expect(server.count()).toBe(1);
  });

  it('serves stale keys at once during backoff, without a request', async () => {
    const { resolver, issuer, server, clock } = resolverSetup([a]);
    await resolver.resolve(issuer, 'a', 'RS256');
    server.fail(500);
    clock.advance(DEFAULT_MAX_AGE);
    await resolver.resolve(issuer, 'a', 'RS256');
    server.answer(() => new Promise<Response>(() => undefined));
    clock.advance(999);
    await expect(resolver.resolve(issuer, 'a', 'RS256')).resolves.toMatchObject({ kid: 'a' });
    expect(server.count()).toBe(2);
  });

  it('resets the backoff after a successful fetch', async () => {
    const { resolver, issuer, server, clock } = resolverSetup([a]);
    server.fail(500);
    await rejectionOf(resolver.resolve(issuer, 'a', 'RS256'));
    clock.advance(1_000);
    await rejectionOf(resolver.resolve(issuer, 'a', 'RS256'));
    server.recover();
    clock.advance(2_000);
    await resolver.resolve(issuer, 'a', 'RS256');
    server.fail(500);
    clock.advance(DEFAULT_MAX_AGE + STALE);
    await rejectionOf(resolver.resolve(issuer, 'a', 'RS256'));
    clock.advance(1_000);
    await rejectionOf(resolver.resolve(issuer, 'a', 'RS256'));
    expect(server.count()).toBe(5);
  });
});

describe('key cache: rotation, removal and imports', () => {
  it('stops verifying a kid that a refetch no longer contains', async () => {
    const { resolver, issuer, server, clock } = resolverSetup([a, b]);
    await resolver.resolve(issuer, 'a', 'RS256');
    server.setKeys([b]);
    clock.advance(DEFAULT_MAX_AGE);
    await resolver.resolve(issuer, 'b', 'RS256');
    await expect(resolver.resolve(issuer, 'a', 'RS256')).rejects.toBeInstanceOf(KeyNotFoundError);
  });

  it('imports each key once per algorithm', async () => {
    const { resolver, backend } = resolverSetup([a]);
    const issuer = jwksIssuer({ algorithms: ['RS256', 'PS256'] });
    await Promise.all([1, 2, 3].map(() => resolver.resolve(issuer, 'a', 'RS256')));
    expect(backend.imports).toBe(1);
    await resolver.resolve(issuer, 'a', 'PS256');
    expect(backend.imports).toBe(2);
  });

  it('keeps an unchanged key imported across refetches', async () => {
    const { resolver, issuer, server, backend, clock } = resolverSetup([a]);
    await resolver.resolve(issuer, 'a', 'RS256');
    clock.advance(DEFAULT_MAX_AGE);
    await resolver.resolve(issuer, 'a', 'RS256');
    expect(server.count()).toBe(2);
    expect(backend.imports).toBe(1);
  });

  it('imports a kid again when a refetch changed its key material', async () => {
    const { resolver, issuer, server, backend, clock } = resolverSetup([a]);
    await resolver.resolve(issuer, 'a', 'RS256');
    server.setKeys([{ ...b, kid: 'a' }]);
    clock.advance(DEFAULT_MAX_AGE);
    const resolved = await resolver.resolve(issuer, 'a', 'RS256');
    expect(resolved.jwk.n).toBe(b.n);
    expect(backend.imports).toBe(2);
  });

  it('treats a refetched document that is not a JWK Set as a failure, keeping the old keys', async () => {
    const { resolver, issuer, server, clock } = resolverSetup([a]);
    await resolver.resolve(issuer, 'a', 'RS256');
    server.answer(() => jsonResponse({ error: 'maintenance' }));
    clock.advance(DEFAULT_MAX_AGE);
    await expect(resolver.resolve(issuer, 'a', 'RS256')).resolves.toMatchObject({ kid: 'a' });
  });
});
