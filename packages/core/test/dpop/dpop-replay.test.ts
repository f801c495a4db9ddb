import { createDpopClient, createTestIssuer, type DpopClient, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryDpopReplayStore, createVerifier, jwks, type DpopReplayStore, type TokenwardEvent } from '../../src/index.js';
import { rejection } from '../support/rejection.js';

// RFC 9449 §11.1: a proof is good for one request; its jti (with its key) is remembered until the proof
// is too old anyway, in memory by default or in a store a fleet shares.
const URL_ORDERS = 'https://api.example/orders';

let issuer: TestIssuer;
let client: DpopClient;
beforeAll(async () => {
  [issuer, client] = await Promise.all([createTestIssuer(), createDpopClient()]);
});
afterAll(() => issuer?.close());

const issuers = () => [jwks({ issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri })];
const requestWith = (token: string, proof: string) => ({
  method: 'GET',
  url: URL_ORDERS,
  headers: { authorization: `DPoP ${token}`, dpop: proof },
});

describe('replay', () => {
  it('refuses a proof presented a second time', async () => {
    const verifier = createVerifier({ issuers: issuers() });
    const token = await issuer.mint({ sub: 'user-1', cnf: { jkt: client.jkt } });
    const proof = await client.proof({ method: 'GET', url: URL_ORDERS, accessToken: token });
    await verifier.authenticate(requestWith(token, proof));
    const error = await rejection(verifier.authenticate(requestWith(token, proof)));
    expect([error.code, error.claim]).toEqual(['invalid_dpop_proof', 'jti']);
  });

  it('accepts a new proof for the same token', async () => {
    const verifier = createVerifier({ issuers: issuers() });
    const token = await issuer.mint({ sub: 'user-1', cnf: { jkt: client.jkt } });
    for (let request = 0; request < 3; request++) {
      await verifier.authenticate(requestWith(token, await client.proof({ method: 'GET', url: URL_ORDERS, accessToken: token })));
    }
  });

  it('does not remember a proof that failed another check', async () => {
    const verifier = createVerifier({ issuers: issuers() });
    const token = await issuer.mint({ sub: 'user-1', cnf: { jkt: client.jkt } });
    const proof = await client.proof({ method: 'GET', url: URL_ORDERS, accessToken: token });
    await rejection(verifier.authenticate({ ...requestWith(token, proof), method: 'POST' }));
    await expect(verifier.authenticate(requestWith(token, proof))).resolves.toBeDefined();
  });

  it('keeps each jti for the proof lifetime: maxAgeSec plus the tolerance after its iat', async () => {
    const remembered: number[] = [];
    const replayStore: DpopReplayStore = { remember: (_key, ttlMs) => (remembered.push(ttlMs), true) };
    const nowMs = Date.now();
    const verifier = createVerifier({ issuers: issuers(), now: () => nowMs, dpop: { replayStore, maxAgeSec: 60, clockToleranceSec: 5 } });
    const token = await issuer.mint({ sub: 'user-1', cnf: { jkt: client.jkt } });
    const iat = Math.floor(nowMs / 1000) - 10;
    const proof = await client.forge({ claims: { iat }, request: { method: 'GET', url: URL_ORDERS, accessToken: token } });
    await verifier.authenticate(requestWith(token, proof));
    expect(remembered).toEqual([Math.ceil((iat + 65 - nowMs / 1000) * 1000)]);
  });

  it('fails open, with a store-failure event, when the store throws', async () => {
    const events: TokenwardEvent[] = [];
    const verifier = createVerifier({
      issuers: issuers(),
      onEvent: (event) => events.push(event),
      dpop: {
        replayStore: {
          remember: () => {
            throw new Error('redis down');
          },
        },
      },
    });
    const token = await issuer.mint({ sub: 'user-1', cnf: { jkt: client.jkt } });
    await verifier.authenticate(requestWith(token, await client.proof({ method: 'GET', url: URL_ORDERS, accessToken: token })));
    expect(events).toContainEqual({ type: 'store-failure', source: 'dpop-replay', operation: 'write' });
  });
});

describe('createMemoryDpopReplayStore', () => {
  it('forgets a key once its time is up', () => {
    let now = 0;
    const store = createMemoryDpopReplayStore({ now: () => now });
    expect(store.remember('a', 1_000)).toBe(true);
    expect(store.remember('a', 1_000)).toBe(false);
    now = 1_000;
    expect(store.remember('a', 1_000)).toBe(true);
  });

  it('drops expired entries as it goes, so memory follows the traffic of one proof lifetime', () => {
    let now = 0;
    const store = createMemoryDpopReplayStore({ now: () => now });
    for (let index = 0; index < 1_000; index++) store.remember(`k${index}`, 100);
    now = 200;
    store.remember('fresh', 100);
    expect(store.size).toBe(1);
  });

  it('is bounded: past maxEntries the oldest goes first', () => {
    const store = createMemoryDpopReplayStore({ maxEntries: 2, now: () => 0 });
    store.remember('a', 1_000);
    store.remember('b', 1_000);
    store.remember('c', 1_000);
    expect(store.size).toBe(2);
    expect(store.remember('c', 1_000)).toBe(false);
    expect(store.remember('a', 1_000)).toBe(true);
  });

  it('refuses a maxEntries that is not a positive integer', () => {
    expect(() => createMemoryDpopReplayStore({ maxEntries: 0 })).toThrow('maxEntries must be a positive integer');
  });
});
