/**
 * Each contender's full verify path with its keys already cached, set up the way its documentation
 * recommends for an API: one long-lived verifier, keys from the issuer's JWKS (fetched once over HTTP
 * from the local issuer, or hydrated where that is the library's way), issuer and audience checked.
 */
import { createPublicKey, verify as cryptoVerify } from 'node:crypto';

const DIGEST = { RS256: 'sha256', ES256: 'sha256', EdDSA: null };

function splitToken(token) {
  const [header, payload, signature] = token.split('.');
  return { signingInput: Buffer.from(`${header}.${payload}`), signature: Buffer.from(signature, 'base64url') };
}

/** The floor: `crypto.verify` alone, with a `KeyObject` imported once and the token already split. */
export function rawFloor({ token, jwk, alg }) {
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  const input = alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key;
  const { signingInput, signature } = splitToken(token);
  const digest = DIGEST[alg];
  return {
    sync: true,
    run() {
      if (!cryptoVerify(digest, signingInput, input, signature)) throw new Error('raw verify failed');
    },
  };
}

export const contenders = {
  /** The floor for a whole verifier: bench/lib/minimal-layer.mjs, written for this bench, not a product. */
  async 'minimal-layer'({ token, issuer, audience, jwks, alg }) {
    const { createMinimalLayer } = await import('../lib/minimal-layer.mjs');
    const verify = createMinimalLayer({ jwks, issuer, audience, algorithms: [alg] });
    verify(token);
    return {
      sync: true,
      version: 'bench/lib/minimal-layer.mjs',
      run: () => verify(token),
      note: 'hand-written baseline: split, base64url + JSON.parse header and payload, KeyObject by kid, alg/iss/aud/exp/nbf, crypto.verify',
    };
  },

  async tokenward({ token, issuer, audience, jwksUri }) {
    const { createVerifier, oidc } = await import('@tokenward/core');
    const verifier = createVerifier({ issuers: [oidc({ issuer, audience })] });
    await verifier.verify(token);
    return { sync: false, version: await versionOf('@tokenward/core'), run: () => verifier.verify(token), note: verifier.signatureBackend };
  },

  async 'tokenward (tokenCache)'({ token, issuer, audience }) {
    const { createVerifier, oidc } = await import('@tokenward/core');
    const verifier = createVerifier({ issuers: [oidc({ issuer, audience })], tokenCache: true });
    await verifier.verify(token);
    return {
      sync: false,
      version: await versionOf('@tokenward/core'),
      run: () => verifier.verify(token),
      note: 'same token again: signature skipped, every other check re-run',
    };
  },

  // The cache's miss path: 2,000 distinct tokens in turn against 1,000 entries, so every call verifies,
  // inserts and evicts. Paired with the same tokens without the cache.
  async 'tokenward on distinct tokens'({ tokens, issuer, audience }) {
    const { createVerifier, oidc } = await import('@tokenward/core');
    const verifier = createVerifier({ issuers: [oidc({ issuer, audience })] });
    for (const token of tokens) await verifier.verify(token);
    let i = 0;
    return {
      sync: false,
      version: await versionOf('@tokenward/core'),
      run: () => verifier.verify(tokens[i++ % tokens.length]),
      note: `${tokens.length} distinct tokens in turn, no cache`,
    };
  },

  async 'tokenward (tokenCache) on distinct tokens'({ tokens, issuer, audience }) {
    const { createVerifier, oidc } = await import('@tokenward/core');
    const verifier = createVerifier({ issuers: [oidc({ issuer, audience })], tokenCache: true });
    for (const token of tokens) await verifier.verify(token);
    let i = 0;
    return {
      sync: false,
      version: await versionOf('@tokenward/core'),
      run: () => verifier.verify(tokens[i++ % tokens.length]),
      note: `${tokens.length} distinct tokens in turn through the default 1,000 entries: every call a miss, an insert and an eviction`,
    };
  },

  async 'fast-jwt (cache)'({ token, issuer, audience, jwk, alg }) {
    const { createVerifier } = await import('fast-jwt');
    const key = createPublicKey({ key: jwk, format: 'jwk' }).export({ format: 'pem', type: 'spki' });
    const verify = createVerifier({ key, algorithms: [alg], allowedIss: issuer, allowedAud: audience, cache: true });
    verify(token);
    return { sync: true, version: await versionOf('fast-jwt'), run: () => verify(token), note: 'sync, cache: true' };
  },

  async 'fast-jwt'({ token, issuer, audience, jwk, alg }) {
    const { createVerifier } = await import('fast-jwt');
    const key = createPublicKey({ key: jwk, format: 'jwk' }).export({ format: 'pem', type: 'spki' });
    const verify = createVerifier({ key, algorithms: [alg], allowedIss: issuer, allowedAud: audience });
    verify(token);
    return { sync: true, version: await versionOf('fast-jwt'), run: () => verify(token), note: 'sync, static key' };
  },

  async 'aws-jwt-verify'({ token, issuer, audience, jwksUri, jwks }) {
    const { JwtVerifier } = await import('aws-jwt-verify');
    const verifier = JwtVerifier.create({ issuer, audience, jwksUri });
    verifier.cacheJwks(jwks);
    await verifier.verify(token);
    return { sync: false, version: await versionOf('aws-jwt-verify'), run: () => verifier.verify(token), note: 'hydrated JWKS' };
  },

  async jose({ token, issuer, audience, jwksUri }) {
    const { createRemoteJWKSet, jwtVerify } = await import('jose');
    const keys = createRemoteJWKSet(new URL(jwksUri));
    await jwtVerify(token, keys, { issuer, audience });
    return {
      sync: false,
      version: await versionOf('jose'),
      run: () => jwtVerify(token, keys, { issuer, audience }),
      note: 'jwtVerify + createRemoteJWKSet',
    };
  },

  async 'jsonwebtoken + jwks-rsa'({ token, issuer, audience, jwksUri, alg }) {
    if (alg === 'EdDSA') return undefined; // jsonwebtoken has no EdDSA
    const { default: jwt } = await import('jsonwebtoken');
    const { default: jwksRsa } = await import('jwks-rsa');
    const client = jwksRsa({ jwksUri, cache: true, rateLimit: true });
    const getKey = (header, callback) => {
      client.getSigningKey(header.kid, (error, key) => callback(error, key?.getPublicKey()));
    };
    const run = () =>
      new Promise((resolve, reject) => {
        jwt.verify(token, getKey, { algorithms: [alg], issuer, audience }, (error, claims) => (error ? reject(error) : resolve(claims)));
      });
    await run();
    return {
      sync: false,
      version: `${await versionOf('jsonwebtoken')} + ${await versionOf('jwks-rsa')}`,
      run,
      note: 'the usual Express recipe',
    };
  },
};

async function versionOf(name) {
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  try {
    return require(`${name}/package.json`).version;
  } catch {
    const { readFileSync } = await import('node:fs');
    const { dirname, join } = await import('node:path');
    let dir = dirname(require.resolve(name));
    for (let i = 0; i < 6; i++, dir = dirname(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
        if (pkg.name === name) return pkg.version;
      } catch {}
    }
    return '?';
  }
}
