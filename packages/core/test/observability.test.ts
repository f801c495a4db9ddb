import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, EVENT_CHANNELS, jwks, type KeyCacheStore, type TokenwardEvent, type Verifier } from '../src/index.js';
import { createVerifier as createNodeVerifier } from '../src/index.node.js';

// What the verifier tells operators: to `onEvent` everywhere, and to node:diagnostics_channel on Node.
let issuer: TestIssuer;

beforeAll(async () => {
  issuer = await createTestIssuer();
});

afterAll(() => issuer?.close());

function recording(extra: Partial<Parameters<typeof createVerifier>[0]> = {}): { verifier: Verifier; events: TokenwardEvent[] } {
  const events: TokenwardEvent[] = [];
  const verifier = createVerifier({
    issuers: [jwks({ issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri })],
    jwks: { timeoutMs: 2_000 },
    onEvent: (event) => events.push(event),
    ...extra,
  });
  return { verifier, events };
}

const ofType = <Type extends TokenwardEvent['type']>(events: TokenwardEvent[], type: Type) =>
  events.filter((event): event is Extract<TokenwardEvent, { type: Type }> => event.type === type);

describe('verification events', () => {
  it('tells a valid token with the issuer name and a duration', async () => {
    const { verifier, events } = recording();
    await verifier.verify(await issuer.mint());
    expect(ofType(events, 'verification')).toEqual([
      { type: 'verification', outcome: 'valid', issuer: verifier.issuers[0]?.name, cached: false, durationMs: expect.any(Number) },
    ]);
    expect(ofType(events, 'verification')[0]?.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('tells a token the token cache held', async () => {
    const { verifier, events } = recording({ tokenCache: true });
    const token = await issuer.mint();
    await verifier.verify(token);
    await verifier.authenticate({ authorization: `Bearer ${token}` });
    expect(ofType(events, 'verification').map((event) => event.cached)).toEqual([false, true]);
  });

  it('tells a failure by its code', async () => {
    const { verifier, events } = recording();
    await verifier.verify(await issuer.mint({}, { expiresInSec: -600 })).catch(() => undefined);
    expect(ofType(events, 'verification')).toMatchObject([{ outcome: 'token_expired', issuer: undefined }]);
  });

  it('tells a request without a token once, as token_missing', async () => {
    const { verifier, events } = recording();
    await verifier.authenticate({ headers: {} }).catch(() => undefined);
    expect(ofType(events, 'verification')).toMatchObject([{ outcome: 'token_missing' }]);
  });

  it('tells nothing for authenticateIfPresent without a token: nothing was verified', async () => {
    const { verifier, events } = recording();
    await verifier.authenticateIfPresent({ headers: {} });
    expect(ofType(events, 'verification')).toEqual([]);
  });

  it('counts one authenticate as one verification', async () => {
    const { verifier, events } = recording();
    await verifier.authenticate({ authorization: `Bearer ${await issuer.mint()}` });
    expect(ofType(events, 'verification')).toHaveLength(1);
  });

  it('never carries the token or its claims', async () => {
    const { verifier, events } = recording();
    const token = await issuer.mint({ sub: 'secret-subject-value' });
    await verifier.verify(token);
    await verifier.verify(`${token}x`).catch(() => undefined);
    const text = JSON.stringify(events);
    expect(text).not.toContain(token.split('.')[1]);
    expect(text).not.toContain('secret-subject-value');
  });

  it('ignores a listener that throws', async () => {
    const verifier = createVerifier({
      issuers: [jwks({ issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri })],
      onEvent: () => {
        throw new Error('a broken listener');
      },
    });
    await expect(verifier.verify(await issuer.mint())).resolves.toMatchObject({ claims: expect.any(Object) });
  });

  it('refuses an onEvent that is not a function at createVerifier', () => {
    const issuers = [jwks({ issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri })];
    const options = { issuers, onEvent: 'log' } as unknown as Parameters<typeof createVerifier>[0];
    expect(() => createVerifier(options)).toThrow('tokenward: onEvent must be a function of the event');
  });
});

describe('key fetch events', () => {
  it('tells a fetch with its source, keys and duration', async () => {
    const { verifier, events } = recording();
    await verifier.verify(await issuer.mint());
    const [fetch] = ofType(events, 'key-fetch');
    expect(fetch).toMatchObject({ outcome: 'ok', keys: issuer.publicJwks().keys.length, skipped: [], durationMs: expect.any(Number) });
    expect(fetch?.source).toBe(`JWKS at ${issuer.jwksUri}`);
  });

  it('tells a failed fetch with what went wrong', async () => {
    const down = await createTestIssuer();
    down.setFault({ kind: 'status', status: 500 });
    try {
      const events: TokenwardEvent[] = [];
      const verifier = createVerifier({
        issuers: [jwks({ issuer: down.issuer, audience: down.audience, jwksUri: `${down.jwksUri}?tenant=secret-query` })],
        onEvent: (event) => events.push(event),
      });
      await verifier.verify(await down.mint()).catch(() => undefined);
      const [fetch] = ofType(events, 'key-fetch');
      expect(fetch).toMatchObject({ outcome: 'failed', keys: 0, status: 500, error: expect.stringContaining('500') });
      expect(JSON.stringify(fetch)).not.toContain('secret-query');
    } finally {
      await down.close();
    }
  });

  describe('keys left out', () => {
    let server: Server;
    let url: string;

    beforeAll(async () => {
      const published = issuer.publicJwks().keys;
      const privateKey = { ...published[0], kid: 'leaked', d: 'private-exponent' };
      server = createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [...published, privateKey] }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/keys`;
    });

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('lists each with its kid and reason, never the key material', async () => {
      const events: TokenwardEvent[] = [];
      const verifier = createVerifier({
        issuers: [jwks({ issuer: issuer.issuer, audience: issuer.audience, jwksUri: url })],
        onEvent: (event) => events.push(event),
      });
      await verifier.verify(await issuer.mint());
      const [fetch] = ofType(events, 'key-fetch');
      expect(fetch?.skipped).toEqual([{ kid: 'leaked', reason: expect.stringContaining('private') }]);
      expect(JSON.stringify(fetch)).not.toContain('private-exponent');
    });
  });
});

describe("the key cache's decisions", () => {
  it('tells each refused refetch for an unknown kid within the cooldown of the last fetch', async () => {
    const { verifier, events } = recording();
    await verifier.verify(await issuer.mint());
    await verifier.verify(await issuer.mint({}, { header: { kid: 'made-up-1' } })).catch(() => undefined);
    await verifier.verify(await issuer.mint({}, { header: { kid: 'made-up-2' } })).catch(() => undefined);
    const refused = { type: 'key-refetch-refused', source: `JWKS at ${issuer.jwksUri}`, reason: 'cooldown' };
    expect(ofType(events, 'key-refetch-refused')).toEqual([refused, refused]);
    expect(ofType(events, 'key-fetch')).toHaveLength(1);
  });

  it('tells stale keys served through an outage once per failed refresh, with how long ago they expired', async () => {
    const flaky = await createTestIssuer({ jwksCacheControl: 'max-age=60' });
    try {
      let clock = Date.now();
      const events: TokenwardEvent[] = [];
      const verifier = createVerifier({
        issuers: [jwks({ issuer: flaky.issuer, audience: flaky.audience, jwksUri: flaky.jwksUri })],
        jwks: { minCacheMaxAgeMs: 60_000, backgroundRefresh: false },
        now: () => clock,
        onEvent: (event) => events.push(event),
      });
      const token = await flaky.mint({}, { expiresInSec: 3_600 });
      await verifier.verify(token);
      flaky.setFault({ kind: 'outage' });
      clock += 120_000;
      await verifier.verify(token);
      await verifier.verify(token); // within the failure's backoff: the same decision, not told again
      expect(ofType(events, 'key-fetch').map((event) => event.outcome)).toEqual(['ok', 'failed']);
      expect(ofType(events, 'stale-keys')).toEqual([
        { type: 'stale-keys', source: `JWKS at ${flaky.jwksUri}`, expiredForMs: expect.any(Number) },
      ]);
      expect(ofType(events, 'stale-keys')[0]?.expiredForMs).toBeGreaterThanOrEqual(59_000);
    } finally {
      await flaky.close();
    }
  });

  it('tells a store that fails, by operation', async () => {
    const failing: KeyCacheStore = {
      get: () => Promise.reject(new Error('store down')),
      set: () => Promise.reject(new Error('store down')),
    };
    const { verifier, events } = recording({ jwks: { store: failing, timeoutMs: 2_000 } });
    await verifier.verify(await issuer.mint());
    const operations = ofType(events, 'store-failure').map((event) => event.operation);
    expect(operations).toContain('read');
    expect(operations).toContain('write');
  });
});

describe('node:diagnostics_channel (the Node entry)', () => {
  it('publishes every event type on its channel without onEvent', async () => {
    const received: unknown[] = [];
    const listener = (message: unknown) => void received.push(message);
    subscribe(EVENT_CHANNELS.verification, listener);
    subscribe(EVENT_CHANNELS['key-fetch'], listener);
    try {
      const verifier = createNodeVerifier({
        issuers: [jwks({ issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri })],
      });
      await verifier.verify(await issuer.mint());
      expect(received).toMatchObject([
        { type: 'key-fetch', outcome: 'ok' },
        { type: 'verification', outcome: 'valid' },
      ]);
    } finally {
      unsubscribe(EVENT_CHANNELS.verification, listener);
      unsubscribe(EVENT_CHANNELS['key-fetch'], listener);
    }
  });

  it('publishes nothing once unsubscribed', async () => {
    const received: unknown[] = [];
    const listener = (message: unknown) => void received.push(message);
    subscribe(EVENT_CHANNELS.verification, listener);
    unsubscribe(EVENT_CHANNELS.verification, listener);
    const verifier = createNodeVerifier({ issuers: [jwks({ issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri })] });
    await verifier.verify(await issuer.mint());
    expect(received).toEqual([]);
  });

  it('names the channels tokenward:<type>', () => {
    expect(Object.values(EVENT_CHANNELS)).toEqual([
      'tokenward:verification',
      'tokenward:key-fetch',
      'tokenward:stale-keys',
      'tokenward:key-refetch-refused',
      'tokenward:store-failure',
    ]);
  });
});
