import { beforeAll, describe, expect, it } from 'vitest';
import { JwksUnavailableError, KeyNotFoundError } from '../../src/shared/errors.js';
import { joseCertificateToJwk } from '../../src/crypto/jose-certificate.js';
import { createKeyResolver, createMemoryKeyStore } from '../../src/keys/index.js';
import type { IssuerConfig, PublicJwk } from '../../src/shared/types.js';
import { RSA_1024_CERTIFICATE, RSA_2048_CERTIFICATE } from './fixtures/certificates.js';
import { countingBackend, fakeClock, fakeFetch, jsonResponse, publicKey, rejectionOf, type Handler } from './helpers.js';
import { importedAlgorithm } from '../support/imported-key.js';

const ISSUER = 'https://id.example.com';
const DISCOVERY_URL = `${ISSUER}/.well-known/openid-configuration`;
const DISCOVERED_JWKS = `${ISSUER}/jwks`;
const CERTS_URL = 'https://www.example.com/robot/v1/metadata/x509/securetoken';

let a: PublicJwk;
let b: PublicJwk;

beforeAll(async () => {
  [a, b] = await Promise.all([publicKey('a'), publicKey('b')]);
});

function setup(handler: Handler) {
  const clock = fakeClock();
  const server = fakeFetch(handler);
  const resolver = createKeyResolver({
    jwks: { backgroundRefresh: false, fetch: server.fetch },
    backend: countingBackend(),
    now: clock.now,
    certificateToJwk: joseCertificateToJwk,
  });
  return { clock, server, resolver };
}

function oidcIssuer(issuer: IssuerConfig['issuer'] = ISSUER): IssuerConfig {
  return { name: 'oidc', issuer, audience: 'api', keySource: { kind: 'discovery', url: DISCOVERY_URL } };
}

function discoveryServer(
  document: Record<string, unknown>,
  keys: () => readonly PublicJwk[],
  discoveryCacheControl = 'max-age=3600',
): Handler {
  return (url) =>
    url === DISCOVERY_URL
      ? jsonResponse(document, { headers: { 'cache-control': discoveryCacheControl } })
      : jsonResponse({ keys: keys() }, { headers: { 'cache-control': 'max-age=60' } });
}

describe('jwks source', () => {
  it('treats a document without a keys array as unavailable', async () => {
    const { resolver } = setup(() => jsonResponse({ data: [] }));
    const issuer: IssuerConfig = { name: 'j', issuer: ISSUER, audience: 'api', keySource: { kind: 'jwks', uri: DISCOVERED_JWKS } };
    const error = await rejectionOf(resolver.resolve(issuer, 'a', 'RS256'));
    expect(error).toBeInstanceOf(JwksUnavailableError);
    expect(error.message).toBe(
      'the keys of issuer j are unavailable: JWKS at https://id.example.com/jwks is not a JWK Set (no "keys" array)',
    );
  });
});

describe('discovery source', () => {
  it('fetches the discovery document, then the keys at its jwks_uri', async () => {
    const { resolver, server } = setup(discoveryServer({ issuer: ISSUER, jwks_uri: DISCOVERED_JWKS }, () => [a]));
    await expect(resolver.resolve(oidcIssuer(), 'a', 'RS256')).resolves.toMatchObject({ kid: 'a' });
    expect(server.requests).toEqual([DISCOVERY_URL, DISCOVERED_JWKS]);
  });

  it('rejects a discovery document naming another issuer, without fetching its keys', async () => {
    const { resolver, server } = setup(discoveryServer({ issuer: 'https://evil.example.com', jwks_uri: DISCOVERED_JWKS }, () => [a]));
    const error = await rejectionOf(resolver.resolve(oidcIssuer(), 'a', 'RS256'));
    expect(error).toBeInstanceOf(JwksUnavailableError);
    expect(error.message).toBe(
      'the keys of issuer oidc are unavailable: discovery document at https://id.example.com/.well-known/openid-configuration names another issuer than the one configured',
    );
    expect(error).toMatchObject({ expected: ISSUER, found: 'https://evil.example.com' });
    expect(server.requests).toEqual([DISCOVERY_URL]);
  });

  it('compares the issuer exactly, trailing slash included', async () => {
    const { resolver } = setup(discoveryServer({ issuer: `${ISSUER}/`, jwks_uri: DISCOVERED_JWKS }, () => [a]));
    await expect(resolver.resolve(oidcIssuer(), 'a', 'RS256')).rejects.toBeInstanceOf(JwksUnavailableError);
  });

  it('compares a tenant template issuer as written', async () => {
    const template = 'https://login.example.com/{tenantid}/v2.0';
    const { resolver } = setup(discoveryServer({ issuer: template, jwks_uri: DISCOVERED_JWKS }, () => [a]));
    await expect(resolver.resolve(oidcIssuer({ template }), 'a', 'RS256')).resolves.toMatchObject({ kid: 'a' });
  });

  it('rejects a jwks_uri that is not https', async () => {
    const { resolver, server } = setup(discoveryServer({ issuer: ISSUER, jwks_uri: 'http://id.example.com/jwks' }, () => [a]));
    const error = await rejectionOf(resolver.resolve(oidcIssuer(), 'a', 'RS256'));
    expect(error.message).toMatch(/names a "jwks_uri" that is not an allowed key URL \(https only\): http:\/\/id\.example\.com\/jwks$/);
    expect(server.count()).toBe(1);
  });

  it('rejects a discovery document without jwks_uri', async () => {
    const { resolver } = setup(discoveryServer({ issuer: ISSUER }, () => [a]));
    await expect(resolver.resolve(oidcIssuer(), 'a', 'RS256')).rejects.toThrow('has no "jwks_uri"');
  });

  it('refetches only the JWKS for an unknown kid while the discovery document is fresh', async () => {
    let keys: PublicJwk[] = [a];
    const { resolver, server, clock } = setup(discoveryServer({ issuer: ISSUER, jwks_uri: DISCOVERED_JWKS }, () => keys));
    await resolver.resolve(oidcIssuer(), 'a', 'RS256');
    keys = [a, b];
    clock.advance(30_000);
    await resolver.resolve(oidcIssuer(), 'b', 'RS256');
    expect(server.requests).toEqual([DISCOVERY_URL, DISCOVERED_JWKS, DISCOVERED_JWKS]);
  });

  it('refetches the discovery document once its own max-age has passed', async () => {
    const { resolver, server, clock } = setup(discoveryServer({ issuer: ISSUER, jwks_uri: DISCOVERED_JWKS }, () => [a], 'max-age=60'));
    await resolver.resolve(oidcIssuer(), 'a', 'RS256');
    clock.advance(60_000);
    await resolver.resolve(oidcIssuer(), 'a', 'RS256');
    expect(server.requests).toEqual([DISCOVERY_URL, DISCOVERED_JWKS, DISCOVERY_URL, DISCOVERED_JWKS]);
  });

  it('stores its keys under the discovery URL and the expected issuer', async () => {
    const clock = fakeClock();
    const server = fakeFetch(discoveryServer({ issuer: ISSUER, jwks_uri: DISCOVERED_JWKS }, () => [a]));
    const store = createMemoryKeyStore();
    const resolver = createKeyResolver({
      jwks: { backgroundRefresh: false, fetch: server.fetch, store },
      backend: countingBackend(),
      now: clock.now,
      certificateToJwk: joseCertificateToJwk,
    });
    await resolver.resolve(oidcIssuer(), 'a', 'RS256');
    expect(store.get(`${DISCOVERY_URL}#issuer=${encodeURIComponent(ISSUER)}`)).toMatchObject({ keys: [a] });
  });

  it('keeps issuers with different expected issuers apart even when they share a discovery URL', async () => {
    const { resolver } = setup(discoveryServer({ issuer: ISSUER, jwks_uri: DISCOVERED_JWKS }, () => [a]));
    await resolver.resolve(oidcIssuer(), 'a', 'RS256');
    await expect(resolver.resolve(oidcIssuer('https://other.example.com'), 'a', 'RS256')).rejects.toBeInstanceOf(JwksUnavailableError);
  });
});

describe('x509 source', () => {
  const firebase: IssuerConfig = {
    name: 'firebase',
    issuer: 'https://securetoken.google.com/p',
    audience: 'p',
    algorithms: ['RS256'],
    keySource: { kind: 'x509', uri: CERTS_URL },
  };

  it('resolves a kid to the RS256 key of its certificate, with x5c', async () => {
    const { resolver } = setup(() => jsonResponse({ k1: RSA_2048_CERTIFICATE }));
    const resolved = await resolver.resolve(firebase, 'k1', 'RS256');
    expect(resolved.jwk).toMatchObject({ kid: 'k1', kty: 'RSA', alg: 'RS256', x5c: [expect.any(String)] });
    expect(importedAlgorithm(resolved.key)).toBe('RS256');
  });

  it('skips a certificate with a weak key, saying why', async () => {
    const { resolver } = setup(() => jsonResponse({ weak: RSA_1024_CERTIFICATE, k1: RSA_2048_CERTIFICATE }));
    const error = await rejectionOf(resolver.resolve(firebase, 'weak', 'RS256'));
    expect(error).toBeInstanceOf(KeyNotFoundError);
    expect(error.message).toMatch(/1024 bits/);
  });

  it('skips an unreadable certificate, saying why', async () => {
    const { resolver } = setup(() => jsonResponse({ broken: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' }));
    const error = await rejectionOf(resolver.resolve(firebase, 'broken', 'RS256'));
    expect(error.message).toMatch(/not a readable RSA X\.509 certificate/);
  });

  it('treats a document that is not an object as unavailable', async () => {
    const { resolver } = setup(() => jsonResponse([RSA_2048_CERTIFICATE]));
    const error = await rejectionOf(resolver.resolve(firebase, 'k1', 'RS256'));
    expect(error).toBeInstanceOf(JwksUnavailableError);
    expect(error.message).toMatch(
      /certificates at https:\/\/www\.example\.com\/robot\/v1\/metadata\/x509\/securetoken are not a JSON object/,
    );
  });
});

describe('static source', () => {
  function staticIssuer(keys: readonly PublicJwk[]): IssuerConfig {
    return { name: 'static', issuer: ISSUER, audience: 'api', keySource: { kind: 'static', keys } };
  }

  it('serves the configured keys without fetching', async () => {
    const { resolver, server } = setup(() => jsonResponse({}));
    await expect(resolver.resolve(staticIssuer([a]), 'a', 'RS256')).resolves.toMatchObject({ kid: 'a' });
    expect(server.count()).toBe(0);
  });

  it('answers an unknown kid without fetching', async () => {
    const { resolver, server } = setup(() => jsonResponse({}));
    await expect(resolver.resolve(staticIssuer([a]), 'b', 'RS256')).rejects.toBeInstanceOf(KeyNotFoundError);
    expect(server.count()).toBe(0);
  });

  it('skips an invalid static key, saying why', async () => {
    const { resolver } = setup(() => jsonResponse({}));
    const error = await rejectionOf(resolver.resolve(staticIssuer([{ ...a, d: 'secret' }]), 'a', 'RS256'));
    expect(error.message).toMatch(/publishes private or secret key material/);
  });
});
