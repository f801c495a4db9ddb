import { describe, expect, it } from 'vitest';
import { createDpopNonces, createMemoryDpopReplayStore, createVerifier, jwkThumbprint, jwks, type PublicJwk } from '../../src/index.js';
import { htuOf, requestHtu } from '../../src/dpop/request-uri.js';

// The DPoP building blocks on their own: thumbprints (RFC 7638), request URIs, and option checks.
describe('jwkThumbprint', () => {
  it("gives RFC 7638 §3.1's thumbprint for its example RSA key", async () => {
    const jwk = {
      kty: 'RSA',
      n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
      e: 'AQAB',
      alg: 'RS256',
      kid: '2011-04-29',
    } as PublicJwk;
    expect(await jwkThumbprint(jwk)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('hashes only the required members, so extra ones do not change it', async () => {
    const ec = {
      kty: 'EC',
      crv: 'P-256',
      x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
      y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
    };
    expect(await jwkThumbprint({ ...ec, kid: 'a', use: 'sig' } as PublicJwk)).toBe(await jwkThumbprint(ec as PublicJwk));
  });

  it('refuses a key it has no rule for', async () => {
    await expect(jwkThumbprint({ kty: 'oct', k: 'AAAA' } as unknown as PublicJwk)).rejects.toThrow(TypeError);
    await expect(jwkThumbprint({ kty: 'EC', crv: 'P-256', x: 'a' } as PublicJwk)).rejects.toThrow(TypeError);
  });
});

describe('request URIs (htu)', () => {
  it('normalises scheme, host, default port and unreserved escapes, and drops query and fragment', () => {
    expect(htuOf('HTTPS://API.Example:443/%7Eorders/%2f?x=1#y')).toBe('https://api.example/~orders/%2F');
  });

  it('refuses what is not an absolute http(s) URL', () => {
    expect(htuOf('/orders')).toBeUndefined();
    expect(htuOf('ftp://api.example/orders')).toBeUndefined();
  });

  it('puts the configured origin in front of the path, whatever origin the request came to', () => {
    expect(requestHtu('http://10.0.0.7:8080/orders?x', 'https://api.example')).toBe('https://api.example/orders');
    expect(requestHtu('//evil.example/orders', 'https://api.example')).toBe('https://api.example/evil.example/orders');
    expect(requestHtu('not a url', 'https://api.example')).toBeUndefined();
    expect(requestHtu(42, undefined)).toBeUndefined();
  });
});

describe('option checks', () => {
  it('refuses DPoP options that are not an object', () => {
    const issuers = [jwks({ issuer: 'https://idp.example', jwksUri: 'https://idp.example/keys', audience: 'a' })];
    expect(() => createVerifier({ issuers, dpop: 'allowed' as never })).toThrow("dpop.must be an object such as { mode: 'allowed' }");
  });

  it.each([
    [{ lifetimeSec: 0 }, 'lifetimeSec must be a number of at least 1'],
    [{ now: 5 }, 'now must be a function'],
    [{ secret: 42 }, 'secret must be a string or a Uint8Array'],
  ])('createDpopNonces refuses %j', (options, message) => {
    expect(() => createDpopNonces(options as never)).toThrow(message);
  });

  it('createDpopNonces takes a secret as bytes, and refuses a nonce that is not one of its own shape', async () => {
    const nonces = createDpopNonces({ secret: new Uint8Array(32).fill(7), now: () => 0 });
    expect(await nonces.accepts(await nonces.current())).toBe(true);
    expect(await nonces.accepts('x'.repeat(100))).toBe(false);
    expect(await nonces.accepts(7 as never)).toBe(false);
  });

  it('createMemoryDpopReplayStore refuses a clock that is not a function', () => {
    expect(() => createMemoryDpopReplayStore({ now: 'now' as never })).toThrow('now must be a function');
  });
});
