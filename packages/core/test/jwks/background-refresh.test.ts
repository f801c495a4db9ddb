/**
 * Refreshing behind the traffic (the default, `backgroundRefresh: true`): no verification of a known kid
 * waits for the key server. The key server is in memory and answers when the test lets it; the clock is
 * the test's; the refresh a call starts is handed to its `keepAlive`, so the test awaits exactly it.
 */
import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createVerifier, jwks } from '../../src/index.js';
import { createKeyResolver } from '../../src/keys/index.js';
import { JwksUnavailableError, KeyNotFoundError } from '../../src/shared/errors.js';
import type { JwksOptions, PublicJwk } from '../../src/shared/types.js';
import { countingBackend, fakeClock, fakeFetch, jsonResponse, jwksIssuer, publicKey, rejectionOf } from './helpers.js';

const MAX_AGE = 600_000;
const STALE = 3_600_000;

let a: PublicJwk;
let b: PublicJwk;

beforeAll(async () => {
  [a, b] = await Promise.all([publicKey('a'), publicKey('b')]);
});

/** A key server whose answers wait for `release()` while `hold()` is on, or fail while `fail()` is on. */
function keyServer(initial: readonly PublicJwk[]) {
  let keys = initial;
  let status: number | undefined;
  let gate: Promise<void> | undefined;
  let open: () => void = () => undefined;
  const server = fakeFetch(async () => {
    if (gate !== undefined) await gate;
    return status === undefined ? jsonResponse({ keys }) : jsonResponse({ error: 'down' }, { status });
  });
  return Object.assign(server, {
    setKeys: (next: readonly PublicJwk[]) => void (keys = next),
    fail: (next: number | undefined) => void (status = next),
    hold: () => void (gate = new Promise<void>((resolve) => (open = resolve))),
    release: () => {
      gate = undefined;
      open();
    },
  });
}

function setup(keys: readonly PublicJwk[], options: { jwks?: JwksOptions; backgroundOutlivesRequest?: boolean } = {}) {
  const clock = fakeClock();
  const server = keyServer(keys);
  const resolver = createKeyResolver({
    jwks: { fetch: server.fetch, ...options.jwks },
    backend: countingBackend(),
    now: clock.now,
    ...(options.backgroundOutlivesRequest === undefined ? {} : { backgroundOutlivesRequest: options.backgroundOutlivesRequest }),
  });
  const tasks: Promise<unknown>[] = [];
  const keepAlive = (task: Promise<unknown>) => void tasks.push(task);
  const resolve = (kid: string) => resolver.resolve(jwksIssuer(), kid, 'RS256', keepAlive);
  const settled = () => Promise.all(tasks.splice(0));
  return { clock, server, resolver, resolve, tasks, settled };
}

/** Whether `promise` has settled after the microtasks and timers queued so far have run. */
async function settledSoon(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setTimeout(resolve, 10));
  return done;
}

describe('background refresh: before expiry', () => {
  it('sends no request in the first nine tenths of a set’s life', async () => {
    const { clock, server, resolve, tasks } = setup([a]);
    await resolve('a');
    clock.advance(MAX_AGE * 0.9 - 1);
    await resolve('a');
    expect([server.count(), tasks.length]).toEqual([1, 0]);
  });

  it('starts one refresh in the last tenth of a set’s life and answers without waiting for it', async () => {
    const { clock, server, resolve, settled } = setup([a]);
    await resolve('a');
    server.hold();
    clock.advance(MAX_AGE - 30_000);
    const answers = await Promise.all(Array.from({ length: 100 }, () => resolve('a')));
    expect(answers.every((key) => key.kid === 'a')).toBe(true);
    await vi.waitFor(() => expect(server.count()).toBe(2));
    server.release();
    await settled();
    clock.advance(30_000);
    await resolve('a');
    expect(server.count()).toBe(2);
  });

  it('starts refreshing at most 30 s before expiry for sets that live longer than 300 s', async () => {
    const { clock, server, resolve, settled } = setup([a], { jwks: { cacheMaxAgeMs: 3_600_000 } });
    await resolve('a');
    clock.advance(3_600_000 - 30_001);
    await resolve('a');
    await settled();
    expect(server.count()).toBe(1);
    clock.advance(1);
    await resolve('a');
    await settled();
    expect(server.count()).toBe(2);
  });
});

describe('background refresh: after expiry', () => {
  it('answers with the expired set at once while one refresh runs', async () => {
    const { clock, server, resolve } = setup([a]);
    await resolve('a');
    server.hold();
    clock.advance(MAX_AGE);
    const answers = await Promise.all(Array.from({ length: 1_000 }, () => resolve('a')));
    expect(answers.every((key) => key.kid === 'a')).toBe(true);
    await vi.waitFor(() => expect(server.count()).toBe(2));
    await Promise.all(Array.from({ length: 1_000 }, () => resolve('a')));
    expect(server.count()).toBe(2);
  });

  it('holds no verification while the key server never answers', async () => {
    const { clock, server, resolve } = setup([a]);
    await resolve('a');
    server.answer(() => new Promise<Response>(() => undefined));
    clock.advance(MAX_AGE + 60_000);
    await expect(resolve('a')).resolves.toMatchObject({ kid: 'a' });
  });

  it('stops accepting a removed key once the refresh has landed', async () => {
    const { clock, server, resolve, settled } = setup([a]);
    await resolve('a');
    server.setKeys([b]);
    clock.advance(MAX_AGE);
    await expect(resolve('a')).resolves.toMatchObject({ kid: 'a' });
    await settled();
    await expect(resolve('a')).rejects.toBeInstanceOf(KeyNotFoundError);
    await expect(resolve('b')).resolves.toMatchObject({ kid: 'b' });
    expect(server.count()).toBe(2);
  });

  it('still waits for the refetch a new kid needs, sharing the refresh already running', async () => {
    const { clock, server, resolve } = setup([a]);
    await resolve('a');
    server.setKeys([a, b]);
    clock.advance(MAX_AGE);
    await expect(resolve('b')).resolves.toMatchObject({ kid: 'b' });
    expect(server.count()).toBe(2);
  });

  it('keeps the expired set through a failed refresh and retries once per backoff step', async () => {
    const { clock, server, resolve, settled } = setup([a]);
    await resolve('a');
    server.fail(500);
    clock.advance(MAX_AGE);
    await expect(resolve('a')).resolves.toMatchObject({ kid: 'a' });
    await settled();
    await Promise.all(Array.from({ length: 100 }, () => resolve('a')));
    expect(server.count()).toBe(2);
    clock.advance(1_000);
    await resolve('a');
    await settled();
    expect(server.count()).toBe(3);
    clock.advance(1_999);
    await resolve('a');
    expect(server.count()).toBe(3);
  });

  it('waits for the refetch, and reports the outage, once the set is staleIfErrorMs past its expiry', async () => {
    const { clock, server, resolve } = setup([a]);
    await resolve('a');
    server.fail(503);
    clock.advance(MAX_AGE + STALE);
    expect(await rejectionOf(resolve('a'))).toBeInstanceOf(JwksUnavailableError);
  });

  it('serves no expired set in the background with staleIfErrorMs 0', async () => {
    const { clock, server, resolve } = setup([a], { jwks: { staleIfErrorMs: 0 } });
    await resolve('a');
    server.hold();
    clock.advance(MAX_AGE);
    const pending = resolve('a');
    expect(await settledSoon(pending)).toBe(false);
    server.release();
    await expect(pending).resolves.toMatchObject({ kid: 'a' });
  });
});

describe('background refresh: where it is off', () => {
  it('backgroundRefresh: false makes the first call after expiry wait for the refetch', async () => {
    const { clock, server, resolve, tasks } = setup([a], { jwks: { backgroundRefresh: false } });
    await resolve('a');
    server.hold();
    clock.advance(MAX_AGE);
    const pending = resolve('a');
    expect(await settledSoon(pending)).toBe(false);
    server.release();
    await expect(pending).resolves.toMatchObject({ kid: 'a' });
    expect(tasks).toHaveLength(0);
  });

  it('on a runtime that cancels unfinished work (Workers), a call without keepAlive waits for the refetch', async () => {
    const { clock, server, resolver } = setup([a], { backgroundOutlivesRequest: false });
    await resolver.resolve(jwksIssuer(), 'a', 'RS256');
    server.hold();
    clock.advance(MAX_AGE);
    const pending = resolver.resolve(jwksIssuer(), 'a', 'RS256');
    expect(await settledSoon(pending)).toBe(false);
    server.release();
    await expect(pending).resolves.toMatchObject({ kid: 'a' });
  });

  it('on such a runtime, a call with keepAlive hands it the refresh and answers at once', async () => {
    const { clock, server, resolve, tasks } = setup([a], { backgroundOutlivesRequest: false });
    await resolve('a');
    server.hold();
    clock.advance(MAX_AGE);
    await expect(resolve('a')).resolves.toMatchObject({ kid: 'a' });
    expect(tasks).toHaveLength(1);
    server.release();
  });

  it('a keepAlive that throws leaves the answer and the refresh as they are', async () => {
    const { clock, server, resolver } = setup([a], { backgroundOutlivesRequest: false });
    await resolver.resolve(jwksIssuer(), 'a', 'RS256');
    clock.advance(MAX_AGE);
    const throwing = () => {
      throw new Error('the request was answered already');
    };
    await expect(resolver.resolve(jwksIssuer(), 'a', 'RS256', throwing)).resolves.toMatchObject({ kid: 'a' });
    expect(server.count()).toBe(2);
  });

  it('refuses a backgroundRefresh that is not a boolean', () => {
    expect(() => setup([a], { jwks: { backgroundRefresh: 'yes' as never } })).toThrow(
      'tokenward: jwks.backgroundRefresh must be a boolean',
    );
  });
});

describe('background refresh through the verifier, against the local issuer', () => {
  /** The local issuer's default `Cache-Control: public, max-age=3600`. */
  const ISSUER_MAX_AGE = 3_600_000;
  const issuers: TestIssuer[] = [];
  afterEach(async () => {
    await Promise.all(issuers.splice(0).map((issuer) => issuer.close()));
  });

  async function verifierSetup() {
    const issuer = await createTestIssuer();
    issuers.push(issuer);
    const clock = fakeClock(Date.now());
    const verifier = createVerifier({
      issuers: [jwks({ issuer: issuer.issuer, jwksUri: issuer.jwksUri, audience: issuer.audience })],
      now: clock.now,
    });
    const token = await issuer.mint({}, { expiresInSec: 3 * 86_400 });
    return { issuer, clock, verifier, token };
  }

  it('verify(token, { waitUntil }) hands the refresh it starts to waitUntil', async () => {
    const { issuer, clock, verifier, token } = await verifierSetup();
    await verifier.verify(token);
    clock.advance(ISSUER_MAX_AGE);
    const tasks: Promise<unknown>[] = [];
    await expect(verifier.verify(token, { waitUntil: (task) => void tasks.push(task) })).resolves.toMatchObject({
      header: { kid: expect.any(String) },
    });
    expect(tasks).toHaveLength(1);
    await Promise.all(tasks);
    expect(issuer.requests.jwks).toBe(2);
  });

  it('through 500s at expiry, every verification is answered with the stale keys and one request goes out per backoff step', async () => {
    const { issuer, clock, verifier, token } = await verifierSetup();
    await verifier.verify(token);
    issuer.setFault({ kind: 'status', status: 500 });
    clock.advance(ISSUER_MAX_AGE);
    const tasks: Promise<unknown>[] = [];
    const waitUntil = (task: Promise<unknown>) => void tasks.push(task);
    const outcomes = await Promise.allSettled(Array.from({ length: 100 }, () => verifier.verify(token, { waitUntil })));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(100);
    await Promise.all(tasks.splice(0));
    expect(issuer.requests.jwks).toBe(2);
    await Promise.all(Array.from({ length: 100 }, () => verifier.verify(token, { waitUntil })));
    expect([issuer.requests.jwks, tasks.length]).toEqual([2, 0]);
    clock.advance(1_000);
    await verifier.verify(token, { waitUntil });
    await Promise.all(tasks.splice(0));
    expect(issuer.requests.jwks).toBe(3);
  });
});
