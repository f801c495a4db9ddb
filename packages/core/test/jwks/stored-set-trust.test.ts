/**
 * A shared key store is a trust anchor: whoever can write it could add keys. These tests state what
 * the cache refuses to take from a store, with a verifier fetching from the local issuer on 127.0.0.1
 * and a clock the tests move.
 */

import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createTestIssuer, TEST_KEYS, WEAK_KEYS, toPublicJwk, type TestIssuer } from '@tokenward/testing';
import { SignJWT, importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createVerifier,
  isTokenwardError,
  jwks as jwksSource,
  StoredKeySetRejection,
  type CachedKeySet,
  type JwksOptions,
  type KeyCacheStore,
  type PublicJwk,
  type StoredKeySetProblem,
} from '../../src/index.js';
import { fakeClock } from './helpers.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

let issuer: TestIssuer;
let attacker: TestIssuer;
let forgedKey: PublicJwk;

beforeAll(async () => {
  [issuer, attacker] = await Promise.all([createTestIssuer(), createTestIssuer()]);
  forgedKey = attacker.publicJwks().keys[0] as unknown as PublicJwk;
});

afterAll(async () => {
  await Promise.all([issuer?.close(), attacker?.close()]);
});

/** What Redis is to a fleet: one map every instance reads and writes, a lock that is always free, and the refusals each instance reports. */
function sharedStore() {
  const entries = new Map<string, CachedKeySet>();
  const rejections: StoredKeySetRejection[] = [];
  const store: KeyCacheStore = {
    get: (id) => entries.get(id),
    set: (id, value) => {
      entries.set(id, value);
    },
    acquireLock: () => true,
    releaseLock: () => undefined,
    onRejected: (rejection) => {
      rejections.push(rejection);
    },
  };
  /** Each distinct reason reported (an instance may read the same entry twice: before and under the lock). */
  const reasons = (): StoredKeySetProblem[] => [...new Set(rejections.map((r) => r.reason))];
  return { store, entries, rejections, reasons };
}

function instance(store: KeyCacheStore, clock: { now: () => number }, jwks: JwksOptions = {}) {
  return createVerifier({
    issuers: [jwksSource({ issuer: issuer.issuer, jwksUri: issuer.jwksUri, audience: issuer.audience })],
    jwks: { store, ...jwks },
    now: clock.now,
  });
}

const nowSec = (clock: { now: () => number }) => Math.floor(clock.now() / 1000);

/** A token for the genuine issuer and audience, signed with the attacker's key (the one a store writer would add). */
function forgedToken(clock: { now: () => number }): Promise<string> {
  return attacker.mint({ iss: issuer.issuer, aud: issuer.audience }, { now: nowSec(clock) });
}

function genuineToken(clock: { now: () => number }): Promise<string> {
  return issuer.mint({}, { now: nowSec(clock) });
}

/** `code: message` of the typed error a refused token gets. */
async function refusalOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(isTokenwardError(error)).toBe(true);
    return `${(error as { code: string }).code}: ${(error as Error).message}`;
  }
  throw new Error('expected the token to be refused');
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return (await refusalOf(promise)).split(':')[0] as string;
}

function genuineKeys(): PublicJwk[] {
  return issuer.publicJwks().keys as unknown as PublicJwk[];
}

describe('stored key sets: times', () => {
  it('ignores a stored set dated in the future and overwrites it with the next fetch', async () => {
    const clock = fakeClock(Date.now());
    const { store, entries, reasons } = sharedStore();
    entries.set(issuer.jwksUri, { keys: [forgedKey], fetchedAt: clock.now() + DAY, expiresAt: clock.now() + DAY + HOUR });
    const verifier = instance(store, clock);
    await expect(verifier.verify(await genuineToken(clock))).resolves.toBeDefined();
    expect(reasons()).toEqual(['dated_in_future']);
    expect(entries.get(issuer.jwksUri)).toMatchObject({ fetchedAt: clock.now(), keys: genuineKeys() });
  });

  it('ignores a stored set whose expiry lies more than maxCacheMaxAgeMs after its fetch', async () => {
    const clock = fakeClock(Date.now());
    const { store, entries, reasons } = sharedStore();
    entries.set(issuer.jwksUri, {
      keys: [...genuineKeys(), forgedKey],
      fetchedAt: clock.now() - 1_000,
      expiresAt: clock.now() + 365 * DAY,
    });
    const verifier = instance(store, clock, { maxCacheMaxAgeMs: DAY });
    expect(await codeOf(verifier.verify(await forgedToken(clock)))).toBe('key_not_found');
    expect(reasons()).toEqual(['lifetime_too_long']);
  });

  it('recovers by itself from a future-dated entry written while it runs: nobody needs to delete it', async () => {
    const clock = fakeClock(Date.now());
    const { store, entries } = sharedStore();
    const verifier = instance(store, clock);
    await verifier.verify(await genuineToken(clock));
    entries.set(issuer.jwksUri, { keys: [forgedKey], fetchedAt: clock.now() + 30 * DAY, expiresAt: clock.now() + 30 * DAY + HOUR });
    clock.advance(2 * HOUR);
    await expect(verifier.verify(await genuineToken(clock))).resolves.toBeDefined();
    expect(await codeOf(verifier.verify(await forgedToken(clock)))).toBe('key_not_found');
    expect(entries.get(issuer.jwksUri)?.fetchedAt).toBe(clock.now());
  });

  it('accepts a stored set dated up to the clock-skew allowance ahead, without fetching', async () => {
    const clock = fakeClock(Date.now());
    const { store, entries } = sharedStore();
    entries.set(issuer.jwksUri, { keys: genuineKeys(), fetchedAt: clock.now() + 30_000, expiresAt: clock.now() + HOUR });
    issuer.resetCounters();
    await instance(store, clock).verify(await genuineToken(clock));
    expect(issuer.requests.jwks).toBe(0);
  });
  it('drops a set in memory dated after its clock, so a clock stepped back pins nothing', async () => {
    const own = await createTestIssuer();
    try {
      const clock = fakeClock(Date.now());
      const verifier = createVerifier({
        issuers: [jwksSource({ issuer: own.issuer, jwksUri: own.jwksUri, audience: own.audience })],
        jwks: { store: sharedStore().store },
        now: clock.now,
      });
      await verifier.verify(await own.mint({}, { now: nowSec(clock) }));
      clock.advance(-DAY);
      await own.rotate();
      await expect(verifier.verify(await own.mint({}, { now: nowSec(clock) }))).resolves.toBeDefined();
    } finally {
      await own.close();
    }
  });
});

describe('stored key sets: reporting', () => {
  it('verifies as usual when the store\u2019s onRejected throws', async () => {
    const clock = fakeClock(Date.now());
    const { store, entries } = sharedStore();
    const throwing: KeyCacheStore = {
      ...store,
      onRejected: () => {
        throw new Error('hook failed');
      },
    };
    entries.set(issuer.jwksUri, { keys: [forgedKey], fetchedAt: clock.now() + DAY, expiresAt: clock.now() + DAY + HOUR });
    await expect(instance(throwing, clock).verify(await genuineToken(clock))).resolves.toBeDefined();
  });
});

describe('stored key sets: size', () => {
  it('refuses a stored set with more keys than maxStoredKeys and reports it as too large', async () => {
    const clock = fakeClock(Date.now());
    const { store, entries, rejections } = sharedStore();
    entries.set(issuer.jwksUri, { keys: [...genuineKeys(), forgedKey], fetchedAt: clock.now(), expiresAt: clock.now() + HOUR });
    const verifier = instance(store, clock, { maxStoredKeys: 1 });
    expect(await codeOf(verifier.verify(await forgedToken(clock)))).toBe('key_not_found');
    expect(rejections[0]).toMatchObject({
      reason: 'too_large',
      sourceId: issuer.jwksUri,
      message: expect.stringMatching(/at most 1 keys, found 2/),
    });
    expect(rejections[0]).toBeInstanceOf(StoredKeySetRejection);
  });

  it('refuses a stored set larger than maxStoredBytes', async () => {
    const clock = fakeClock(Date.now());
    const { store, entries, reasons } = sharedStore();
    const padded = { ...forgedKey, x5c: ['A'.repeat(300_000)] } as PublicJwk;
    entries.set(issuer.jwksUri, { keys: [...genuineKeys(), padded], fetchedAt: clock.now(), expiresAt: clock.now() + HOUR });
    const verifier = instance(store, clock);
    expect(await codeOf(verifier.verify(await forgedToken(clock)))).toBe('key_not_found');
    expect(reasons()).toEqual(['too_large']);
  });

  it('tells the store the byte limit, so it can refuse an entry before parsing it', async () => {
    const clock = fakeClock(Date.now());
    const limits: unknown[] = [];
    const store: KeyCacheStore = { get: (_id, limit) => void limits.push(limit), set: () => undefined };
    await instance(store, clock, { maxResponseBytes: 10_000 }).verify(await genuineToken(clock));
    expect(limits).toEqual([{ maxBytes: 10_000 + 4_096 }]);
  });
});

function rocaKey(): PublicJwk {
  const file = new URL('../vectors/wycheproof/json_web_key_test.json', import.meta.url);
  const groups = (JSON.parse(readFileSync(file, 'utf8')) as { testGroups: { comment: string; public?: { keys: PublicJwk[] } }[] })
    .testGroups;
  const key = groups.find((group) => group.comment === 'jws_rsa_roca_key')?.public?.keys[0];
  if (!key) throw new Error('ROCA vector not found');
  return { ...key, kid: 'stored-roca' };
}

describe('stored key sets: every key validated like a fetched one', () => {
  const HMAC_SECRET = 'a shared HMAC secret nobody should publish as a key';
  const privateRsa = TEST_KEYS.rsa[TEST_KEYS.rsa.length - 1];

  const claims = (clock: { now: () => number }) => ({
    sub: 'someone',
    iss: issuer.issuer,
    aud: issuer.audience,
    iat: nowSec(clock),
    exp: nowSec(clock) + 600,
  });

  async function signed(jwk: Record<string, unknown>, alg: string, kid: string, clock: { now: () => number }): Promise<string> {
    return new SignJWT(claims(clock)).setProtectedHeader({ alg, kid, typ: 'JWT' }).sign(await importJWK(jwk, alg));
  }

  /** jose will not sign with a 1024-bit key; node:crypto will. */
  function signedRs256WithNode(jwk: Record<string, unknown>, kid: string, clock: { now: () => number }): string {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const input = `${part({ alg: 'RS256', kid, typ: 'JWT' })}.${part(claims(clock))}`;
    const signature = sign('sha256', Buffer.from(input), createPrivateKey({ key: jwk as never, format: 'jwk' }));
    return `${input}.${signature.toString('base64url')}`;
  }

  it('verifies nothing with a stored RSA-1024, HMAC, private or ROCA key', async () => {
    const clock = fakeClock(Date.now());
    const { store, entries } = sharedStore();
    const k = Buffer.from(HMAC_SECRET).toString('base64url');
    const stored = [
      { ...toPublicJwk(WEAK_KEYS.rsa1024), kid: 'stored-rsa1024' },
      { kty: 'oct', k, kid: 'stored-oct' },
      { ...privateRsa, kid: 'stored-private' },
      rocaKey(),
    ] as unknown as PublicJwk[];
    entries.set(issuer.jwksUri, { keys: stored, fetchedAt: clock.now(), expiresAt: clock.now() + HOUR });
    const verifier = instance(store, clock);
    const tokens = [
      signedRs256WithNode({ ...WEAK_KEYS.rsa1024 }, 'stored-rsa1024', clock),
      await signed({ kty: 'oct', k }, 'HS256', 'stored-oct', clock),
      await issuer.mint({}, { now: nowSec(clock), header: { kid: 'stored-oct' } }),
      await signed({ ...privateRsa }, 'RS256', 'stored-private', clock),
      await issuer.mint({}, { now: nowSec(clock), header: { kid: 'stored-roca' } }),
    ];
    const refusals = await Promise.all(tokens.map((token) => refusalOf(verifier.verify(token))));
    expect(refusals).toEqual([
      expect.stringMatching(/^key_not_found: .*1024 bits/),
      expect.stringMatching(/^algorithm_not_allowed: /),
      expect.stringMatching(/^key_not_found: .*private or secret key material/),
      expect.stringMatching(/^key_not_found: .*private or secret key material/),
      expect.stringMatching(/^key_not_found: .*ROCA/),
    ]);
  });
});

describe('stored key sets: integrity (jwks.storeIntegrity)', () => {
  const CURRENT = 'the current fleet secret, 32 bytes or more';
  const PREVIOUS = 'the previous fleet secret, 32 bytes or more';

  /** Lets one instance fetch and store a tagged set; returns what it stored. */
  async function storedBy(secrets: readonly string[], shared = sharedStore()) {
    const clock = fakeClock(Date.now());
    await instance(shared.store, clock, { storeIntegrity: { secrets } }).verify(await genuineToken(clock));
    return { ...shared, clock, entry: shared.entries.get(issuer.jwksUri) as CachedKeySet };
  }

  it('refuses a stored set whose keys were changed after it was tagged', async () => {
    const { store, entries, entry, clock, reasons } = await storedBy([CURRENT]);
    entries.set(issuer.jwksUri, { ...entry, keys: [...entry.keys, forgedKey] });
    const other = instance(store, clock, { storeIntegrity: { secrets: [CURRENT] } });
    expect(await codeOf(other.verify(await forgedToken(clock)))).toBe('key_not_found');
    expect(reasons()).toEqual(['tag_mismatch']);
  });

  it('refuses a stored set without a tag', async () => {
    const clock = fakeClock(Date.now());
    const { store, entries, reasons } = sharedStore();
    entries.set(issuer.jwksUri, { keys: [...genuineKeys(), forgedKey], fetchedAt: clock.now(), expiresAt: clock.now() + HOUR });
    const verifier = instance(store, clock, { storeIntegrity: { secrets: [CURRENT] } });
    expect(await codeOf(verifier.verify(await forgedToken(clock)))).toBe('key_not_found');
    expect(reasons()).toEqual(['unsigned']);
  });

  it('refuses a stored set whose times were changed after it was tagged', async () => {
    const { store, entries, entry, clock, reasons } = await storedBy([CURRENT]);
    entries.set(issuer.jwksUri, { ...entry, expiresAt: entry.expiresAt + 1 });
    issuer.resetCounters();
    await instance(store, clock, { storeIntegrity: { secrets: [CURRENT] } }).verify(await genuineToken(clock));
    expect(reasons()).toEqual(['tag_mismatch']);
    expect(issuer.requests.jwks).toBe(1);
  });

  it('refuses a tagged set copied under another key source', async () => {
    const { entry, clock } = await storedBy([CURRENT]);
    const { store, entries, reasons } = sharedStore();
    const other = await createTestIssuer();
    try {
      entries.set(other.jwksUri, entry);
      const verifier = createVerifier({
        issuers: [jwksSource({ issuer: other.issuer, jwksUri: other.jwksUri, audience: other.audience })],
        jwks: { store, storeIntegrity: { secrets: [CURRENT] } },
        now: clock.now,
      });
      await verifier.verify(await other.mint({}, { now: nowSec(clock) }));
      expect(reasons()).toEqual(['tag_mismatch']);
    } finally {
      await other.close();
    }
  });

  it('uses a set tagged by another instance with the same secret without fetching', async () => {
    const { store, clock, rejections } = await storedBy([CURRENT]);
    issuer.resetCounters();
    await instance(store, clock, { storeIntegrity: { secrets: [CURRENT] } }).verify(await genuineToken(clock));
    expect(issuer.requests.jwks).toBe(0);
    expect(rejections).toEqual([]);
  });

  it('accepts a set tagged with a previous secret that is still listed after the current one', async () => {
    const { store, clock, rejections } = await storedBy([PREVIOUS]);
    issuer.resetCounters();
    await instance(store, clock, { storeIntegrity: { secrets: [CURRENT, PREVIOUS] } }).verify(await genuineToken(clock));
    expect(issuer.requests.jwks).toBe(0);
    expect(rejections).toEqual([]);
  });

  it('tags with the first secret of the list', async () => {
    const { store, clock, reasons } = await storedBy([CURRENT, PREVIOUS]);
    await instance(store, clock, { storeIntegrity: { secrets: [PREVIOUS] } }).verify(await genuineToken(clock));
    expect(reasons()).toEqual(['tag_mismatch']);
  });

  it('accepts a tagged set whatever order its members come back in', async () => {
    const { store, entries, entry, clock, rejections } = await storedBy([CURRENT]);
    const reordered = JSON.parse(
      JSON.stringify({
        tag: entry.tag,
        expiresAt: entry.expiresAt,
        keys: entry.keys.map((key) => Object.fromEntries(Object.entries(key).reverse())),
        fetchedAt: entry.fetchedAt,
      }),
    ) as CachedKeySet;
    entries.set(issuer.jwksUri, reordered);
    issuer.resetCounters();
    await instance(store, clock, { storeIntegrity: { secrets: [CURRENT] } }).verify(await genuineToken(clock));
    expect(issuer.requests.jwks).toBe(0);
    expect(rejections).toEqual([]);
  });

  it.each([
    [{ secrets: [] }, /non-empty array/],
    [{ secrets: ['too short'] }, /at least 32 bytes, found 9/],
    [{ secrets: [42] }, /a string or a Uint8Array, found number/],
    [{ secret: CURRENT }, /secret is not an option/],
  ])('throws a TypeError at startup for storeIntegrity %o', (storeIntegrity, message) => {
    expect(() => instance(sharedStore().store, fakeClock(), { storeIntegrity: storeIntegrity as never })).toThrow(message);
  });
});
