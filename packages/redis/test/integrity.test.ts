/**
 * Whoever can write Redis can add keys to a stored set. With core's `jwks.storeIntegrity` such a
 * key never verifies a token: instances sharing a real Redis, against a real local issuer.
 */

import {
  createVerifier,
  isTokenwardError,
  jwks,
  StoredKeySetRejection,
  type CachedKeySet,
  type JwksOptions,
  type PublicJwk,
} from '@tokenward/core';
import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisKeyStore, RedisStoreError } from '../src/index.js';
import { startRedis, uniquePrefix, type RedisServer } from './redis-server.js';

const SECRET = 'a fleet secret of at least 32 bytes, from the vault';

let redis: RedisServer;
let client: Redis;
let issuer: TestIssuer;
let attacker: TestIssuer;

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url);
  [issuer, attacker] = await Promise.all([createTestIssuer(), createTestIssuer()]);
}, 60_000);

afterAll(async () => {
  client?.disconnect();
  await Promise.all([issuer?.close(), attacker?.close()]);
  await redis?.stop();
}, 60_000);

/** One instance of the fleet: its own verifier and store on the shared Redis, the errors its store reported. */
function instance(prefix: string, jwksOptions: JwksOptions = {}) {
  const errors: Error[] = [];
  const store = createRedisKeyStore({ client, prefix, onError: (error) => errors.push(error) });
  const verifier = createVerifier({
    issuers: [jwks({ issuer: issuer.issuer, jwksUri: issuer.jwksUri, audience: issuer.audience })],
    jwks: { store, ...jwksOptions },
  });
  return { verifier, errors };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(isTokenwardError(error)).toBe(true);
    return (error as { code: string }).code;
  }
  throw new Error('expected the token to be refused');
}

/** What a writer without the secret does: adds its own key to the stored set, leaving the rest (the tag too) as it was. */
async function addForgedKey(prefix: string): Promise<void> {
  const key = `${prefix}jwks:${issuer.jwksUri}`;
  const entry = JSON.parse((await client.get(key)) ?? 'null') as CachedKeySet;
  const forged = attacker.publicJwks().keys[0] as unknown as PublicJwk;
  await client.set(key, JSON.stringify({ ...entry, keys: [...entry.keys, forged] }), 'PX', 600_000);
}

const forgedToken = () => attacker.mint({ iss: issuer.issuer, aud: issuer.audience });

describe('a Redis key store with storeIntegrity', () => {
  it('never verifies a token signed with a key added to the stored set by a writer without the secret', async () => {
    const prefix = uniquePrefix();
    await instance(prefix, { storeIntegrity: { secrets: [SECRET] } }).verifier.verify(await issuer.mint());
    await addForgedKey(prefix);
    const newcomer = instance(prefix, { storeIntegrity: { secrets: [SECRET] } });
    expect(await codeOf(newcomer.verifier.verify(await forgedToken()))).toBe('key_not_found');
    await expect(newcomer.verifier.verify(await issuer.mint())).resolves.toBeDefined();
  });

  it('reports the refused entry to onError as a RedisStoreError whose cause names the reason', async () => {
    const prefix = uniquePrefix();
    await instance(prefix, { storeIntegrity: { secrets: [SECRET] } }).verifier.verify(await issuer.mint());
    await addForgedKey(prefix);
    const newcomer = instance(prefix, { storeIntegrity: { secrets: [SECRET] } });
    await newcomer.verifier.verify(await issuer.mint());
    const [error] = newcomer.errors;
    expect(error).toBeInstanceOf(RedisStoreError);
    expect(error).toMatchObject({ operation: 'get' });
    expect(error?.cause).toBeInstanceOf(StoredKeySetRejection);
    expect(error?.cause).toMatchObject({ reason: 'tag_mismatch', sourceId: issuer.jwksUri });
  });

  it('stores a tag that a newcomer with the same secret accepts without contacting the issuer', async () => {
    const prefix = uniquePrefix();
    await instance(prefix, { storeIntegrity: { secrets: [SECRET] } }).verifier.verify(await issuer.mint());
    expect(JSON.parse((await client.get(`${prefix}jwks:${issuer.jwksUri}`)) ?? 'null')).toHaveProperty(
      'tag',
      expect.stringMatching(/^[\w-]{43}$/),
    );
    issuer.resetCounters();
    const newcomer = instance(prefix, { storeIntegrity: { secrets: [SECRET] } });
    await newcomer.verifier.verify(await issuer.mint());
    expect(issuer.requests.jwks).toBe(0);
    expect(newcomer.errors).toEqual([]);
  });

  it('without integrity, trusts the forged key: the store is then a trust anchor', async () => {
    const prefix = uniquePrefix();
    await instance(prefix).verifier.verify(await issuer.mint());
    await addForgedKey(prefix);
    await expect(instance(prefix).verifier.verify(await forgedToken())).resolves.toBeDefined();
  });
});
