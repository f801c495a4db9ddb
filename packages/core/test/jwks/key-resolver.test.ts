import { beforeAll, describe, expect, it } from 'vitest';
import { AlgorithmNotAllowedError, JwksUnavailableError, KeyNotFoundError } from '../../src/shared/errors.js';
import { createKeyResolver } from '../../src/keys/index.js';
import { KeyFetchError } from '../../src/http/key-fetch-error.js';
import type { JwsAlgorithm, PublicJwk } from '../../src/shared/types.js';
import { importedAlgorithm } from '../support/imported-key.js';
import { fakeClock, fakeFetch, jwksIssuer, publicKey, rejectionOf, resolverSetup } from './helpers.js';

let a: PublicJwk;
let b: PublicJwk;
let ec: PublicJwk;
let weak: PublicJwk;

beforeAll(async () => {
  [a, b, ec, weak] = await Promise.all([publicKey('a'), publicKey('b'), publicKey('ec', 'ec'), publicKey('weak', 'rsa1024')]);
});

describe('resolve', () => {
  it("returns the key named by kid, imported for the token's algorithm", async () => {
    const { resolver } = resolverSetup([a, b]);
    const resolved = await resolver.resolve(jwksIssuer({ algorithms: ['PS256'] }), 'b', 'PS256');
    expect(resolved).toMatchObject({ kid: 'b', alg: 'PS256', jwk: { kid: 'b', n: b.n } });
    expect(importedAlgorithm(resolved.key)).toBe('PS256');
  });

  it('rejects an algorithm the issuer does not allow, before any request', async () => {
    const { resolver, server } = resolverSetup([a]);
    const error = await rejectionOf(resolver.resolve(jwksIssuer({ algorithms: ['ES256'] }), 'a', 'RS256'));
    expect(error).toBeInstanceOf(AlgorithmNotAllowedError);
    expect(error).toMatchObject({ expected: ['ES256'], found: 'RS256', claim: 'alg' });
    expect(server.count()).toBe(0);
  });

  it('rejects an algorithm tokenward does not support', async () => {
    const { resolver, issuer } = resolverSetup([a]);
    const error = await rejectionOf(resolver.resolve(issuer, 'a', 'HS256' as JwsAlgorithm));
    expect(error).toBeInstanceOf(AlgorithmNotAllowedError);
    expect(error.found).toBe('HS256');
  });

  it('rejects an algorithm the named key cannot verify, listing the ones it can', async () => {
    const { resolver, issuer } = resolverSetup([a]);
    const error = await rejectionOf(resolver.resolve(issuer, 'a', 'ES256'));
    expect(error).toBeInstanceOf(AlgorithmNotAllowedError);
    expect(error).toMatchObject({ expected: ['RS256'], found: 'ES256' });
  });

  it('honours the alg a key names for itself', async () => {
    const { resolver, issuer } = resolverSetup([{ ...a, alg: 'RS256' }]);
    const error = await rejectionOf(resolver.resolve(issuer, 'a', 'PS256'));
    expect(error).toBeInstanceOf(AlgorithmNotAllowedError);
    expect(error.expected).toEqual(['RS256']);
  });

  it("narrows the algorithms listed for a key to the issuer's", async () => {
    const { resolver } = resolverSetup([a]);
    const error = await rejectionOf(resolver.resolve(jwksIssuer({ algorithms: ['RS256', 'ES256'] }), 'a', 'ES256'));
    expect(error.expected).toEqual(['RS256']);
  });

  it('uses the only key that fits the algorithm when the token has no kid', async () => {
    const { resolver, issuer } = resolverSetup([a, ec]);
    await expect(resolver.resolve(issuer, undefined, 'ES256')).resolves.toMatchObject({ kid: 'ec', alg: 'ES256' });
  });

  it('refuses to choose when the token has no kid and several keys fit', async () => {
    const { resolver, issuer } = resolverSetup([a, b, ec]);
    const error = await rejectionOf(resolver.resolve(issuer, undefined, 'RS256'));
    expect(error).toBeInstanceOf(KeyNotFoundError);
    expect(error.message).toBe('the token has no kid and 2 keys of issuer example could verify RS256; without a kid none is chosen');
  });

  it('answers KeyNotFoundError when the token has no kid and no key fits', async () => {
    const { resolver, issuer } = resolverSetup([a]);
    const error = await rejectionOf(resolver.resolve(issuer, undefined, 'EdDSA'));
    expect(error).toBeInstanceOf(KeyNotFoundError);
    expect(error.message).toBe('the token has no kid and no key of issuer example can verify EdDSA');
  });

  it('answers KeyNotFoundError for an unknown kid, with the kid in found and the known kids in expected', async () => {
    const { resolver, issuer } = resolverSetup([a, b]);
    const error = await rejectionOf(resolver.resolve(issuer, 'c', 'RS256'));
    expect(error).toBeInstanceOf(KeyNotFoundError);
    expect(error).toMatchObject({
      status: 401,
      message: "issuer example has no key with the token's kid",
      found: 'c',
      expected: ['a', 'b'],
    });
  });

  it('explains why the key a kid names was skipped', async () => {
    const { resolver, issuer } = resolverSetup([weak, a]);
    const error = await rejectionOf(resolver.resolve(issuer, 'weak', 'RS256'));
    expect(error).toBeInstanceOf(KeyNotFoundError);
    expect(error.message).toBe(
      'issuer example published the key the token names, but it cannot be used: its RSA modulus has 1024 bits, at least 2048 are required',
    );
  });

  it('answers KeyNotFoundError when the backend cannot import the key, keeping the cause', async () => {
    const clock = fakeClock();
    const server = fakeFetch(() => new Response(JSON.stringify({ keys: [a] })));
    const failure = new Error('unsupported');
    const backend = { name: 'failing', importKey: () => Promise.reject(failure), verify: () => false };
    const resolver = createKeyResolver({ jwks: { fetch: server.fetch }, backend, now: clock.now });
    const error = await rejectionOf(resolver.resolve(jwksIssuer(), 'a', 'RS256'));
    expect(error).toBeInstanceOf(KeyNotFoundError);
    expect(error.message).toBe("issuer example's key the token names could not be imported for RS256");
    expect(error.cause).toBe(failure);
  });

  it('answers JwksUnavailableError naming the issuer and the failure, keeping the cause', async () => {
    const { resolver, issuer, server } = resolverSetup([a]);
    server.fail(500);
    const error = await rejectionOf(resolver.resolve(issuer, 'a', 'RS256'));
    expect(error).toBeInstanceOf(JwksUnavailableError);
    expect(error).toMatchObject({ status: 503, code: 'jwks_unavailable', retryAfterSec: 1 });
    expect(error.message).toBe('the keys of issuer example are unavailable: JWKS at https://login.example.com/keys answered 500');
    expect(error.cause).toBeInstanceOf(KeyFetchError);
  });

  it('never puts the upstream body into an error', async () => {
    const { resolver, issuer, server } = resolverSetup([a]);
    server.fail(500);
    const error = await rejectionOf(resolver.resolve(issuer, 'a', 'RS256'));
    expect(JSON.stringify({ ...error, message: error.message, cause: String(error.cause) })).not.toContain('upstream secret detail');
  });
});

describe('one algorithm per key (RFC 8725 §3.1)', () => {
  it.each(['RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const)(
    'an RSA key that names no alg does not verify %s by default',
    async (alg) => {
      const { resolver, issuer } = resolverSetup([a]);
      const error = await rejectionOf(resolver.resolve(issuer, 'a', alg));
      expect(error).toBeInstanceOf(AlgorithmNotAllowedError);
      expect(error).toMatchObject({ expected: ['RS256'], found: alg });
    },
  );

  it('an RSA key that names no alg verifies RS256 by default', async () => {
    const { resolver, issuer } = resolverSetup([a]);
    await expect(resolver.resolve(issuer, 'a', 'RS256')).resolves.toMatchObject({ kid: 'a', alg: 'RS256' });
  });

  it("an EC key that names no alg verifies its curve's algorithm", async () => {
    const { resolver, issuer } = resolverSetup([ec]);
    await expect(resolver.resolve(issuer, 'ec', 'ES256')).resolves.toMatchObject({ alg: 'ES256' });
  });

  it("the issuer's algorithms widen what a key that names no alg verifies", async () => {
    const { resolver } = resolverSetup([a]);
    const issuer = jwksIssuer({ algorithms: ['RS256', 'PS256'] });
    await expect(resolver.resolve(issuer, 'a', 'PS256')).resolves.toMatchObject({ alg: 'PS256' });
    await expect(resolver.resolve(issuer, 'a', 'RS256')).resolves.toMatchObject({ alg: 'RS256' });
  });

  it("the issuer's algorithms replace the default, so RS256 needs listing when PS256 is", async () => {
    const { resolver } = resolverSetup([a]);
    const error = await rejectionOf(resolver.resolve(jwksIssuer({ algorithms: ['PS256'] }), 'a', 'RS256'));
    expect(error).toMatchObject({ code: 'algorithm_not_allowed', expected: ['PS256'], found: 'RS256' });
  });

  it("a key that names its alg verifies only that alg, whatever the issuer's algorithms", async () => {
    const { resolver } = resolverSetup([{ ...a, alg: 'PS256' }]);
    const error = await rejectionOf(resolver.resolve(jwksIssuer({ algorithms: ['RS256', 'PS256'] }), 'a', 'RS256'));
    expect(error).toMatchObject({ code: 'algorithm_not_allowed', expected: ['PS256'], found: 'RS256' });
  });

  it('without a kid, a key that names no alg is not a candidate for a second RSA algorithm', async () => {
    const { resolver, issuer } = resolverSetup([a, ec]);
    const error = await rejectionOf(resolver.resolve(issuer, undefined, 'PS256'));
    expect(error).toBeInstanceOf(KeyNotFoundError);
  });
});

describe('warm', () => {
  it('fetches each key source once, shared by issuers using the same URL', async () => {
    const { resolver, server } = resolverSetup([a]);
    await resolver.warm([jwksIssuer({ name: 'v1' }), jwksIssuer({ name: 'v2', issuer: 'https://login.example.com/v2' })]);
    expect(server.count()).toBe(1);
  });

  it('makes the first resolve afterwards need no request', async () => {
    const { resolver, issuer, server } = resolverSetup([a]);
    await resolver.warm([issuer]);
    await resolver.resolve(issuer, 'a', 'RS256');
    expect(server.count()).toBe(1);
  });

  it('rejects with JwksUnavailableError naming each failing issuer and why', async () => {
    const clock = fakeClock();
    const server = fakeFetch((url) => new Response('{}', { status: url.includes('one') ? 500 : 404 }));
    const resolver = createKeyResolver({
      jwks: { fetch: server.fetch },
      backend: { name: 'x', importKey: async () => ({}), verify: () => true },
      now: clock.now,
    });
    const one = jwksIssuer({ name: 'one', keySource: { kind: 'jwks', uri: 'https://one.example.com/keys' } });
    const two = jwksIssuer({ name: 'two', keySource: { kind: 'jwks', uri: 'https://two.example.com/keys' } });
    const error = await rejectionOf(resolver.warm([one, two]));
    expect(error).toBeInstanceOf(JwksUnavailableError);
    expect(error.message).toBe(
      'could not load the keys of 2 issuers: one: JWKS at https://one.example.com/keys answered 500; two: JWKS at https://two.example.com/keys answered 404',
    );
    expect(error.retryAfterSec).toBe(1);
    expect(error.cause).toBeInstanceOf(AggregateError);
  });

  it('rejects when an issuer publishes no usable key', async () => {
    const { resolver, issuer } = resolverSetup([weak]);
    const error = await rejectionOf(resolver.warm([issuer]));
    expect(error).toBeInstanceOf(JwksUnavailableError);
    expect(error.message).toBe(
      'could not load the keys of an issuer: example: JWKS at https://login.example.com/keys has no usable key (1 rejected, e.g. its RSA modulus has 1024 bits, at least 2048 are required)',
    );
  });

  it('resolves for static issuers without fetching', async () => {
    const { resolver, server } = resolverSetup([]);
    await resolver.warm([jwksIssuer({ keySource: { kind: 'static', keys: [a] } })]);
    expect(server.count()).toBe(0);
  });

  it('resolves when there is nothing to warm', async () => {
    const { resolver } = resolverSetup([]);
    await expect(resolver.warm([])).resolves.toBeUndefined();
  });
});

describe('peek', () => {
  it('finds nothing before the keys were fetched and imported', () => {
    const { resolver, issuer } = resolverSetup([a]);
    expect(resolver.peek(issuer, 'a', 'RS256')).toBeUndefined();
  });

  it('returns the key synchronously once resolve has imported it', async () => {
    const { resolver, issuer } = resolverSetup([a]);
    const resolved = await resolver.resolve(issuer, 'a', 'RS256');
    expect(resolver.peek(issuer, 'a', 'RS256')).toEqual(resolved);
  });

  it('finds nothing for an algorithm the issuer does not allow, leaving the error to resolve', async () => {
    const { resolver, issuer } = resolverSetup([a]);
    await resolver.resolve(issuer, 'a', 'RS256');
    expect(resolver.peek(issuer, 'a', 'HS256' as JwsAlgorithm)).toBeUndefined();
  });

  it('finds nothing once the key set has expired, so resolve refreshes it', async () => {
    const { resolver, issuer, clock } = resolverSetup([a]);
    await resolver.resolve(issuer, 'a', 'RS256');
    clock.advance(24 * 3_600_000);
    expect(resolver.peek(issuer, 'a', 'RS256')).toBeUndefined();
  });

  it('finds nothing for a kid the set lacks', async () => {
    const { resolver, issuer } = resolverSetup([a]);
    await resolver.resolve(issuer, 'a', 'RS256');
    expect(resolver.peek(issuer, 'b', 'RS256')).toBeUndefined();
  });
});
