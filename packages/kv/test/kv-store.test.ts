/**
 * Isolates of one Worker sharing a Workers KV namespace, in workerd (Miniflare's KV), against a real
 * local issuer: the issuer's JWKS request count shows what the isolates cost the provider.
 */

import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type Bindings, type Workers } from './harness.js';

let issuer: TestIssuer;
/** A second key source, slow to answer, that no isolate has cached before its test. */
let slow: TestIssuer;
let workers: Workers;
/** The key source of the isolates that authenticate what they store, and a writer without their secret. */
let guarded: TestIssuer;
let attacker: TestIssuer;

const FLEET_SECRET = 'a fleet secret of at least 32 bytes, from the vault';

const bearer = (token: string): RequestInit => ({ headers: { authorization: `Bearer ${token}` } });

function bindings(extra: Bindings = {}, of: TestIssuer = issuer): Bindings {
  return { ISSUER: of.issuer, JWKS_URI: of.jwksUri, AUDIENCE: of.audience, ...extra };
}

beforeAll(async () => {
  const start = () => createTestIssuer({ provider: 'generic' });
  [issuer, slow, guarded, attacker] = await Promise.all([start(), start(), start(), start()]);
  slow.setFault({ kind: 'latency', ms: 500, target: 'keys' });
  workers = await startWorkers({
    first: bindings(),
    second: bindings(),
    third: bindings(),
    racer: bindings({}, slow),
    follower: bindings({}, slow),
    broken: bindings({ BROKEN_KV: 'true' }),
    sealed: bindings({ STORE_SECRET: FLEET_SECRET }, guarded),
    newcomer: bindings({ STORE_SECRET: FLEET_SECRET }, guarded),
  });
});

afterAll(async () => {
  await workers?.dispose();
  await Promise.all([issuer, slow, guarded, attacker].map((one) => one?.close()));
});

describe('Workers KV key store', () => {
  it('stores the key set a cold isolate fetched, as JSON with its fetch time', async () => {
    const response = await workers.fetch('http://first.kv.test/', bearer(await issuer.mint()));
    expect(response.status).toBe(200);
    const stored = JSON.parse((await workers.kv.get(`tokenward:jwks:${issuer.jwksUri}`)) ?? 'null') as {
      keys: unknown[];
      fetchedAt: number;
    };
    expect(stored.keys).toHaveLength(1);
    expect(stored.fetchedAt).toBeLessThanOrEqual(Date.now());
    expect(issuer.requests.jwks).toBe(1);
  });

  it('lets another isolate verify its first token from KV, without contacting the issuer', async () => {
    const before = issuer.requests.jwks;
    expect((await workers.fetch('http://second.kv.test/', bearer(await issuer.mint()))).status).toBe(200);
    expect(issuer.requests.jwks).toBe(before);
  });

  it('makes an isolate that sees the fetch marker wait for the other isolate\u2019s fetch (best effort)', async () => {
    const token = await slow.mint();
    const racing = workers.fetch('http://racer.kv.test/', bearer(token));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const following = workers.fetch('http://follower.kv.test/', bearer(token));
    expect((await racing).status).toBe(200);
    expect((await following).status).toBe(200);
    expect(slow.requests.jwks).toBe(1);
  });
});

describe('Workers KV key store with storeIntegrity', () => {
  it('never verifies a token signed with a key added to the stored set by a writer without the secret', async () => {
    expect((await workers.fetch('http://sealed.kv.test/', bearer(await guarded.mint()))).status).toBe(200);
    const key = `tokenward:jwks:${guarded.jwksUri}`;
    const entry = JSON.parse((await workers.kv.get(key)) ?? 'null') as { keys: unknown[]; tag?: string };
    expect(entry.tag).toMatch(/^[\w-]{43}$/);
    await workers.kv.put(key, JSON.stringify({ ...entry, keys: [...entry.keys, attacker.publicJwks().keys[0]] }));
    const forged = await attacker.mint({ iss: guarded.issuer, aud: guarded.audience });
    const response = await workers.fetch('http://newcomer.kv.test/', bearer(forged));
    expect(response.status).toBe(401);
    expect(response.headers.get('x-tokenward-code')).toBe('key_not_found');
    expect((await workers.fetch('http://newcomer.kv.test/', bearer(await guarded.mint()))).status).toBe(200);
    // Each refusal is reported: the isolate reads the entry before and again under the fetch marker.
    const { refused } = (await (await workers.fetch('http://newcomer.kv.test/stats')).json()) as { refused: string[] };
    expect(new Set(refused)).toEqual(new Set(['tag_mismatch']));
  });
});

describe('Workers KV revocation list', () => {
  it('rejects in every isolate a token revoked in one of them', async () => {
    const token = await issuer.mint({ jti: crypto.randomUUID() });
    expect((await workers.fetch('http://first.kv.test/revoke', bearer(token))).status).toBe(200);
    for (const name of ['first', 'second', 'third']) {
      const response = await workers.fetch(`http://${name}.kv.test/`, bearer(token));
      expect(response.status, name).toBe(401);
      expect(response.headers.get('X-Tokenward-Code'), name).toBe('token_revoked');
    }
  });

  it('keeps the revoked token\u2019s claims out of KV', async () => {
    const jti = `visible-${crypto.randomUUID()}`;
    await workers.fetch('http://first.kv.test/revoke', bearer(await issuer.mint({ jti })));
    const keys = await workers.kv.list('tokenward:revoked:');
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.some((key) => key.includes(jti))).toBe(false);
  });

  it('accepts a token that is not revoked', async () => {
    expect((await workers.fetch('http://third.kv.test/', bearer(await issuer.mint({ jti: crypto.randomUUID() })))).status).toBe(200);
  });
});

describe('KV failing', () => {
  it('keeps accepting valid tokens when every KV call fails (keys fetched in memory)', async () => {
    const before = issuer.requests.jwks;
    expect((await workers.fetch('http://broken.kv.test/', bearer(await issuer.mint({ jti: crypto.randomUUID() })))).status).toBe(200);
    expect(issuer.requests.jwks).toBe(before + 1);
    expect(await (await workers.fetch('http://broken.kv.test/stats')).json()).toMatchObject({ kvErrors: expect.any(Number) as number });
  });

  it('rejects a revoke that KV cannot store, never reporting a silent success', async () => {
    const response = await workers.fetch('http://broken.kv.test/revoke', bearer(await issuer.mint({ jti: crypto.randomUUID() })));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: 'revoke_failed', name: 'KvStoreError' });
  });

  it('ignores a key set in KV that is not JSON', async () => {
    await workers.kv.put(`tokenward:jwks:${issuer.jwksUri}`, '{not json');
    const fresh = await startWorkers({ fresh: bindings() });
    try {
      const before = issuer.requests.jwks;
      expect((await fresh.fetch('http://fresh.kv.test/', bearer(await issuer.mint()))).status).toBe(200);
      expect(issuer.requests.jwks).toBe(before + 1);
    } finally {
      await fresh.dispose();
    }
  });
});
