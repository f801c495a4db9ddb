import { createVerifier, type TokenwardEvent, type Verifier } from '@tokenward/core';
import type { TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize, tokenward, type ExpressAuthOptions } from '../src/index.js';
import { EXPRESS_VERSIONS, bearer, entraIssuer, get, listen, optionsFor } from './helpers.js';

let issuer: TestIssuer;
let verifier: Verifier;

beforeAll(async () => {
  issuer = await entraIssuer();
  verifier = createVerifier(optionsFor(issuer));
});

afterAll(() => issuer?.close());

// Wrong values on purpose, past the types.
const loose = (options: unknown) => options as ExpressAuthOptions;

describe('configuration mistakes throw a TypeError when the middleware is declared', () => {
  it.each([
    ['options that are not an object', () => tokenward(loose(undefined))],
    ['a realm that is not a string', () => tokenward(loose({ verifier, realm: 42 }))],
    ['includeDescription that is not a boolean', () => tokenward(loose({ verifier, includeDescription: 'no' }))],
    ['optional that is not a boolean', () => tokenward(loose({ verifier, optional: 1 }))],
    ['an unknown onError mode', () => tokenward(loose({ verifier, onError: 'throw' }))],
    ['a verifier that is not one', () => tokenward(loose({ verifier: {} }))],
    ['a verifier next to verifier options', () => tokenward(loose({ verifier, issuers: [] }))],
    ['verifier options core rejects', () => tokenward(loose({ issuers: 'none' }))],
    ['an unknown requirement option', () => tokenward({ verifier }, loose({ scope: 'Orders.Read' }) as never)],
    ['an empty scope list', () => tokenward({ verifier }, { scopes: [] })],
    ['authorize() without a requirement', () => authorize(loose(undefined) as never)],
    ['authorize() with an empty role list', () => authorize({ roles: [] })],
  ])('%s', (_name, declare) => {
    expect(declare).toThrow(TypeError);
  });
});

describe.each(EXPRESS_VERSIONS)('verifier lifetime on %s', (_name, createApp) => {
  it('builds one verifier, so one key cache, per options object', async () => {
    const options = { ...optionsFor(issuer), jwks: { timeoutMs: 2_000, cacheMaxAgeMs: 600_000 } };
    const app = createApp();
    app.get('/a', tokenward(options), (_req, res) => void res.json({}));
    app.get('/b', tokenward(options, { scopes: 'Orders.Read' }), (_req, res) => void res.json({}));
    app.get('/c', tokenward({ ...options }), (_req, res) => void res.json({}));
    const server = await listen(app);
    try {
      const token = await issuer.mint({ scp: 'Orders.Read' });
      const before = issuer.requests.jwks;
      const statuses = [];
      for (const path of ['/a', '/b', '/a', '/b']) statuses.push((await get(server.origin, path, bearer(token))).status);
      const shared = issuer.requests.jwks - before;
      statuses.push((await get(server.origin, '/c', bearer(token))).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
      expect([shared, issuer.requests.jwks - before]).toEqual([1, 2]);
    } finally {
      await server.close();
    }
  });
});

describe.each(EXPRESS_VERSIONS)('verifier options on %s', (_name, createApp) => {
  it('passes onEvent to the verifier it creates: each request is told once, by outcome', async () => {
    const outcomes: string[] = [];
    const options = {
      ...optionsFor(issuer),
      onEvent: (event: TokenwardEvent) => void (event.type === 'verification' && outcomes.push(event.outcome)),
    };
    const app = createApp();
    app.get('/me', tokenward(options), (_req, res) => void res.json({}));
    const server = await listen(app);
    try {
      await get(server.origin, '/me', bearer(await issuer.mint()));
      await get(server.origin, '/me');
      expect(outcomes).toEqual(['valid', 'token_missing']);
    } finally {
      await server.close();
    }
  });
});
