/**
 * Each library set up the way its documentation shows for an API that takes keys from a JWKS URL, with
 * its defaults. `ttlMs` (scenario e only) shortens the key cache's lifetime where the library has a knob.
 * Every `verify(token)` resolves with the claims or rejects; `errorCode` names a rejection.
 */
import { Agent } from 'node:http';
import { versionOf } from '../lib/results.mjs';

export const errorCode = (error) => {
  if (error?.code) return error.code;
  const name = error?.name && error.name !== 'Error' ? error.name : error?.constructor?.name;
  // jsonwebtoken wraps key-callback failures in JsonWebTokenError: name the cause (rate limit, key not found).
  if (name === 'JsonWebTokenError' && /callback/.test(error.message))
    return `JsonWebTokenError (${error.message.replace(/^.*callback: /, '').slice(0, 60)})`;
  return name ?? String(error);
};

export const libraries = {
  tokenward: {
    version: () => versionOf('@tokenward/core'),
    setup: 'createVerifier + jwks() preset, defaults (cooldown 30 s, timeout 5 s, stale-if-error 1 h)',
    ttl: 'jwks.cacheMaxAgeMs = minCacheMaxAgeMs = ttl',
    async create({ issuer, audience, jwksUri }, { ttlMs } = {}) {
      const { createVerifier, jwks } = await import('@tokenward/core');
      const verifier = createVerifier({
        issuers: [jwks({ issuer, jwksUri, audience })],
        ...(ttlMs ? { jwks: { cacheMaxAgeMs: ttlMs, minCacheMaxAgeMs: ttlMs } } : {}),
      });
      return { verify: (token) => verifier.verify(token) };
    },
  },

  jose: {
    version: () => versionOf('jose'),
    setup: 'createRemoteJWKSet + jwtVerify, defaults (cooldownDuration 30 s, timeoutDuration 5 s, cacheMaxAge 10 min)',
    ttl: 'cacheMaxAge = ttl',
    async create({ issuer, audience, jwksUri }, { ttlMs } = {}) {
      const { createRemoteJWKSet, jwtVerify } = await import('jose');
      const keys = createRemoteJWKSet(new URL(jwksUri), ttlMs ? { cacheMaxAge: ttlMs } : {});
      return { verify: async (token) => (await jwtVerify(token, keys, { issuer, audience })).payload };
    },
  },

  'aws-jwt-verify': {
    version: () => versionOf('aws-jwt-verify'),
    setup:
      'JwtVerifier.create({ issuer, audience, jwksUri }), defaults (penalty box 10 s, response timeout 3 s, 1 immediate retry); its node:https fetcher given an http.Agent for the loopback issuer',
    ttl: 'none: a fetched JWKS never expires',
    async create({ issuer, audience, jwksUri }) {
      const { JwtVerifier } = await import('aws-jwt-verify');
      const { SimpleFetcher } = await import('aws-jwt-verify/https');
      const { SimpleJwksCache } = await import('aws-jwt-verify/jwk');
      const jwksCache = new SimpleJwksCache({ fetcher: new SimpleFetcher({ defaultRequestOptions: { agent: new Agent() } }) });
      const verifier = JwtVerifier.create({ issuer, audience, jwksUri }, { jwksCache });
      return { verify: (token) => verifier.verify(token) };
    },
  },

  'jsonwebtoken + jwks-rsa': {
    version: () => `${versionOf('jsonwebtoken')} + ${versionOf('jwks-rsa')}`,
    setup:
      'jwksRsa({ jwksUri, cache: true, rateLimit: true }) (defaults: 10 requests/min, cacheMaxAge 10 min, timeout 30 s) + jwt.verify with getKey',
    ttl: 'cacheMaxAge = ttl',
    async create({ issuer, audience, jwksUri }, { ttlMs } = {}) {
      const { default: jwt } = await import('jsonwebtoken');
      const { default: jwksRsa } = await import('jwks-rsa');
      const client = jwksRsa({ jwksUri, cache: true, rateLimit: true, ...(ttlMs ? { cacheMaxAge: ttlMs } : {}) });
      const getKey = (header, callback) => client.getSigningKey(header.kid, (error, key) => callback(error, key?.getPublicKey()));
      return {
        verify: (token) =>
          new Promise((resolve, reject) =>
            jwt.verify(token, getKey, { algorithms: ['RS256'], issuer, audience }, (error, claims) =>
              error ? reject(error) : resolve(claims),
            ),
          ),
      };
    },
  },

  'fast-jwt + get-jwks': {
    version: () => `${versionOf('fast-jwt')} + ${versionOf('get-jwks')}`,
    setup:
      'buildGetJwks() defaults (ttl 1 min, stale copy for another ttl, fetchOptions.timeout 5 s) + fast-jwt createVerifier({ key: async getPublicKey })',
    ttl: 'ttl = ttl',
    async create({ issuer, audience }, { ttlMs } = {}) {
      const { createVerifier } = await import('fast-jwt');
      const { default: buildGetJwks } = await import('get-jwks');
      const getJwks = buildGetJwks(ttlMs ? { ttl: ttlMs } : {});
      const verify = createVerifier({
        key: async ({ header, payload }) => getJwks.getPublicKey({ kid: header.kid, alg: header.alg, domain: payload.iss }),
        allowedIss: issuer,
        allowedAud: audience,
      });
      return { verify: (token) => verify(token) };
    },
  },
};
