/**
 * The custom claims provider end to end: real tokens from the local Entra issuer, the real fauna driver,
 * the local Fauna server (or a real one, see helpers.ts).
 */
import type { TestIssuer } from '@tokenward/testing';
import { fql } from 'fauna';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createClaimsProvider,
  CUSTOM_AUTH_EXTENSION_APP_ID,
  PROVIDE_CLAIMS_ACTION,
  RESPONSE_DATA_TYPE,
  withFaunaSecret,
  type ClaimsProviderOptions,
} from '../src/index.js';
import { claimsOf, entraCall, eventFor, startBackend, startEntra, EXTENSION_APP_ID, type Backend, type ClaimsBody } from './helpers.js';

let backend: Backend;
let entra: TestIssuer;

beforeAll(async () => {
  [backend, entra] = await Promise.all([startBackend(), startEntra()]);
});
afterAll(async () => {
  await backend.close();
  await entra.close();
});
afterEach(() => {
  backend.local?.setFault(null);
  backend.local?.resetQueries();
});

function provider(options: Partial<ClaimsProviderOptions> = {}) {
  return createClaimsProvider({
    tenantId: entra.tenantId ?? '',
    audience: EXTENSION_APP_ID,
    authority: entra.url,
    fauna: backend.client(),
    collection: backend.collection,
    ...options,
  });
}

const local = () => {
  if (!backend.local) throw new Error('needs the local Fauna server');
  return backend.local;
};
const mintQueries = () => local().queries.filter((query) => query.statement === 'mint');

describe('first sign-in', () => {
  it('creates the identity document and answers Entra with the token secret in FaunaTokenSecret', async () => {
    const event = eventFor(entra);
    const response = await provider().fetch(await entraCall(entra, event));
    expect(response.status).toBe(200);
    const body = (await response.clone().json()) as ClaimsBody;
    expect(body.data['@odata.type']).toBe(RESPONSE_DATA_TYPE);
    expect(body.data.actions).toHaveLength(1);
    expect(body.data.actions[0]?.['@odata.type']).toBe(PROVIDE_CLAIMS_ACTION);
    const { FaunaTokenSecret } = await claimsOf(response);
    const { data } = await withFaunaSecret(backend.admin, FaunaTokenSecret ?? '').query(fql`Query.identity()`);
    expect((data as unknown as { identity: string }).identity).toBe(`${entra.tenantId}:${event.data.authenticationContext.user.id}`);
  });

  it('keys the document by tenant id and object id, not by mail', async () => {
    const event = eventFor(entra, { mail: 'shared@example.test' });
    const result = await provider().handle(await entraCall(entra, event));
    expect(result.minted?.created).toBe(true);
    const stored = backend.local?.documents('Customer').find((doc) => doc.id === result.minted?.documentId);
    if (backend.local)
      expect(stored).toEqual({
        id: result.minted?.documentId,
        ts: expect.any(String),
        identity: `${entra.tenantId}:${event.data.authenticationContext.user.id}`,
      });
  });

  it('writes documentFields only when it creates the document', async () => {
    const event = eventFor(entra, { displayName: 'Grace Hopper' });
    const claims = provider({ documentFields: (user) => ({ name: user.displayName ?? null }) });
    const first = await claims.handle(await entraCall(entra, event));
    const again = await claims.handle(
      await entraCall(entra, eventFor(entra, { userId: event.data.authenticationContext.user.id, displayName: 'Renamed' })),
    );
    expect([first.minted?.created, again.minted?.created, again.minted?.documentId]).toEqual([true, false, first.minted?.documentId]);
    if (backend.local)
      expect(backend.local.documents('Customer').find((doc) => doc.id === first.minted?.documentId)?.name).toBe('Grace Hopper');
  });

  it('tags minted tokens for audit and adds extra claims such as the expiry', async () => {
    const claims = provider({ ttlSec: 600, tokenTag: 'orders-app', extraClaims: ({ expiresAt }) => ({ FaunaTokenExpiresAt: expiresAt }) });
    const response = await claims.fetch(await entraCall(entra));
    const { FaunaTokenSecret, FaunaTokenExpiresAt } = await claimsOf(response);
    expect(FaunaTokenSecret).toMatch(/^fn/);
    expect(Date.parse(FaunaTokenExpiresAt ?? '')).toBeGreaterThan(Date.now() + 500_000);
    if (backend.local) expect(backend.local.tokens().at(-1)?.data).toEqual({ source: 'entra', tag: 'orders-app' });
  });

  it('uses the configured claim name', async () => {
    const claims = await claimsOf(await provider({ claimName: 'faunaSecret' }).fetch(await entraCall(entra)));
    expect(Object.keys(claims)).toEqual(['faunaSecret']);
  });
});

describe('returning user', () => {
  it('finds the existing document and mints a new token for it', async () => {
    const event = eventFor(entra);
    const claims = provider();
    const first = await claims.handle(await entraCall(entra, event));
    const second = await claims.handle(await entraCall(entra, eventFor(entra, { userId: event.data.authenticationContext.user.id })));
    expect(second.status).toBe(200);
    expect(second.minted).toMatchObject({ created: false, documentId: first.minted?.documentId, attempts: 1 });
    expect(second.minted?.tokenId).not.toBe(first.minted?.tokenId);
  });
});

describe('concurrent first sign-ins', () => {
  it('five at once for the same new user produce one identity document and five working tokens', async () => {
    const event = eventFor(entra);
    const claims = provider();
    const responses = await Promise.all(Array.from({ length: 5 }, async () => claims.fetch(await entraCall(entra, event))));
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    const secrets = await Promise.all(responses.map(async (response) => (await claimsOf(response)).FaunaTokenSecret ?? ''));
    expect(new Set(secrets).size).toBe(5);
    const identities = await Promise.all(
      secrets.map(
        async (secret) => (await withFaunaSecret(backend.admin, secret).query(fql`Query.identity()`)).data as unknown as { id: string },
      ),
    );
    expect(new Set(identities.map((doc) => doc.id)).size).toBe(1);
  });

  it.skipIf(!!process.env.FAUNA_ENDPOINT)(
    'when both transactions read before either writes, the unique constraint stops the second and one retry finds the first',
    async () => {
      local().setFault({ kind: 'race', queries: 2, statement: 'mint' });
      const event = eventFor(entra);
      const claims = provider();
      const results = await Promise.all([claims.handle(await entraCall(entra, event)), claims.handle(await entraCall(entra, event))]);
      expect(results.map((result) => result.status)).toEqual([200, 200]);
      expect(results.map((result) => result.minted?.attempts).sort()).toEqual([1, 2]);
      expect(new Set(results.map((result) => result.minted?.documentId)).size).toBe(1);
      expect(mintQueries().map((query) => query.code ?? query.status)).toEqual([200, 'constraint_failure', 200]);
      expect(
        local()
          .documents('Customer')
          .filter((doc) => doc.identity === `${entra.tenantId}:${event.data.authenticationContext.user.id}`),
      ).toHaveLength(1);
    },
  );

  it.skipIf(!!process.env.FAUNA_ENDPOINT)('retries a contended transaction once', async () => {
    local().setFault({ kind: 'error', code: 'contended_transaction', times: 1, statement: 'mint' });
    const result = await provider().handle(await entraCall(entra));
    expect([result.status, result.minted?.attempts]).toEqual([200, 2]);
  });

  it.skipIf(!!process.env.FAUNA_ENDPOINT)('retries only once: a second conflict fails the sign-in with fauna_conflict (503)', async () => {
    local().setFault({ kind: 'error', code: 'contended_transaction', times: 2, statement: 'mint' });
    const result = await provider().handle(await entraCall(entra));
    expect([result.status, result.error?.code, mintQueries().length]).toEqual([503, 'fauna_conflict', 2]);
  });
});

describe('users without mail', () => {
  it('is no problem with the default key (tenant id + object id)', async () => {
    expect((await provider().handle(await entraCall(entra, eventFor(entra, { mail: null })))).status).toBe(200);
  });

  it('keyed by email, a user without mail gets no document and identifier_missing', async () => {
    const result = await provider({ identity: 'email' }).handle(await entraCall(entra, eventFor(entra, { mail: null })));
    expect([result.status, result.error?.code, result.minted]).toEqual([500, 'identifier_missing', undefined]);
    if (backend.local) expect(mintQueries()).toHaveLength(0);
  });

  it('keyed by email, a blank mail counts as none; omit-claim still signs the user in without the claim', async () => {
    const result = await provider({ identity: 'email', onFailure: 'omit-claim' }).handle(
      await entraCall(entra, eventFor(entra, { mail: '   ' })),
    );
    expect([result.status, result.error?.code]).toEqual([200, 'identifier_missing']);
    expect((result.body as ClaimsBody).data.actions[0]?.claims).toEqual({});
  });

  it('keyed by email, mail is trimmed and lower-cased', async () => {
    const result = await provider({ identity: 'email' }).handle(await entraCall(entra, eventFor(entra, { mail: '  Ada@Example.TEST ' })));
    expect(result.status).toBe(200);
    if (backend.local)
      expect(backend.local.documents('Customer').find((doc) => doc.id === result.minted?.documentId)?.identity).toBe('ada@example.test');
  });
});

describe('malformed events', () => {
  const cases: [string, (event: ReturnType<typeof eventFor>) => unknown, RegExp][] = [
    ['a body that is not JSON', () => '{"type":', /expected a JSON body/],
    ['an empty body', () => '', /found an empty body/],
    [
      'another event type',
      (event) => ({ ...event, type: 'microsoft.graph.authenticationEvent.attributeCollectionStart' }),
      /expected type microsoft\.graph\.authenticationEvent\.tokenIssuanceStart/,
    ],
    [
      'another @odata.type',
      (event) => ({ ...event, data: { ...event.data, '@odata.type': 'microsoft.graph.onAttributeCollectionStartCalloutData' } }),
      /@odata\.type/,
    ],
    [
      'no user',
      (event) => ({ ...event, data: { ...event.data, authenticationContext: { ...event.data.authenticationContext, user: undefined } } }),
      /authenticationContext\.user/,
    ],
    [
      'a user id that is not a GUID',
      (event) => ({ ...event, data: { ...event.data, authenticationContext: { ...event.data.authenticationContext, user: { id: '' } } } }),
      /user\.id/,
    ],
    [
      'a mail that is not a string',
      (event) => ({
        ...event,
        data: {
          ...event.data,
          authenticationContext: { ...event.data.authenticationContext, user: { ...event.data.authenticationContext.user, mail: 42 } },
        },
      }),
      /user\.mail/,
    ],
    ['a JSON array', () => '[]', /expected a JSON object/],
  ];

  it.each(cases)('answers %s with 400 event_malformed and mints nothing', async (_name, mutate, message) => {
    const result = await provider().handle(await entraCall(entra, mutate(eventFor(entra))));
    expect([result.status, result.error?.code]).toEqual([400, 'event_malformed']);
    expect((result.body as { error_description: string }).error_description).toMatch(message);
    if (backend.local) expect(mintQueries()).toHaveLength(0);
  });

  it("answers an event for another tenant than the caller's with 400", async () => {
    const result = await provider().handle(await entraCall(entra, eventFor(entra, { tenantId: '11111111-2222-4333-8444-555555555555' })));
    expect([result.status, result.error?.code]).toEqual([400, 'event_malformed']);
  });

  it('refuses a body declared over 64 KiB with 413 event_too_large before reading it', async () => {
    const request = await entraCall(entra, JSON.stringify({ pad: 'x'.repeat(70_000) }));
    const result = await provider().handle({
      headers: { authorization: request.headers.get('authorization') ?? '', 'content-length': '70000' },
      text: () => Promise.reject(new Error('read')),
    });
    expect([result.status, result.error?.code]).toEqual([413, 'event_too_large']);
  });

  it('stops reading a body without Content-Length at 64 KiB: 413, and the rest of a 20 MiB stream is never pulled', async () => {
    const chunk = new Uint8Array(16 * 1024).fill(0x20);
    let pulled = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (pulled >= 20 * 1024 * 1024) controller.close();
          else {
            pulled += chunk.length;
            controller.enqueue(chunk);
          }
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const call = await entraCall(entra);
    const request = new Request(call.url, {
      method: 'POST',
      headers: { authorization: call.headers.get('authorization') ?? '', 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(request.headers.get('content-length')).toBeNull();
    const result = await provider().handle(request);
    expect([result.status, result.error?.code]).toEqual([413, 'event_too_large']);
    expect(result.error?.message).toMatch(/expected at most 65536 bytes/);
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThanOrEqual(65_536 + 2 * chunk.length);
    if (backend.local) expect(mintQueries()).toHaveLength(0);
  });
});

describe('unauthenticated callers', () => {
  it('answers a call without a token with 401 and a Bearer challenge, minting nothing', async () => {
    const response = await provider().fetch(await entraCall(entra, eventFor(entra), null));
    expect([response.status, response.headers.get('www-authenticate')]).toEqual([401, 'Bearer']);
    if (backend.local) expect(mintQueries()).toHaveLength(0);
  });

  it('answers a token for another audience with 401 audience_mismatch', async () => {
    const result = await provider().handle(
      await entraCall(entra, eventFor(entra), await entra.mint({ aud: 'api://someone-else' }, { profile: 'app' })),
    );
    expect([result.status, result.error?.code]).toEqual([401, 'audience_mismatch']);
  });

  it('answers a token from another tenant with 401', async () => {
    const other = '11111111-2222-4333-8444-555555555555';
    const token = await entra.mint({ tid: other, iss: `${entra.url}/${other}/v2.0` }, { profile: 'app' });
    const result = await provider().handle(await entraCall(entra, eventFor(entra, { tenantId: other }), token));
    expect(result.status).toBe(401);
    if (backend.local) expect(mintQueries()).toHaveLength(0);
  });

  it('answers an expired token with 401 token_expired', async () => {
    const result = await provider().handle(
      await entraCall(entra, eventFor(entra), await entra.mint({}, { profile: 'app', expiresInSec: -600 })),
    );
    expect([result.status, result.error?.code]).toEqual([401, 'token_expired']);
  });
});

describe('wrong calling application', () => {
  it('answers a valid token whose azp is another application with 401 claim_invalid, minting nothing', async () => {
    const response = await provider().fetch(
      await entraCall(entra, eventFor(entra), await entra.mint({ azp: 'b8f3c1d2-7a4e-4c9b-9d1f-2e3a4b5c6d7e' }, { profile: 'app' })),
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(
      /error="invalid_token", error_description="the caller is not Entra's custom authentication extension service: expected azp\/appid 99045fe1/,
    );
    if (backend.local) expect(mintQueries()).toHaveLength(0);
  });

  it("answers a delegated (user) token from the extension service with 401: Entra's call is app-only", async () => {
    const delegated = await entra.mint({}, { profile: 'user' });
    const result = await provider().handle(await entraCall(entra, eventFor(entra), delegated));
    expect([result.status, result.error?.code]).toEqual([401, 'claim_invalid']);
    expect(result.error?.message).toMatch(/expected an app-only token.*found a delegated token \(scp\)/);
    if (backend.local) expect(mintQueries()).toHaveLength(0);
  });

  it('answers a token whose idtyp is user with 401, even without scp', async () => {
    const result = await provider().handle(
      await entraCall(entra, eventFor(entra), await entra.mint({ idtyp: 'user' }, { profile: 'app' })),
    );
    expect([result.status, result.error?.code]).toEqual([401, 'claim_invalid']);
    expect(result.error?.message).toMatch(/found idtyp "user"/);
  });

  it('answers a token without azp or appid with 401', async () => {
    const result = await provider().handle(
      await entraCall(entra, eventFor(entra), await entra.mint({ azp: undefined }, { profile: 'app' })),
    );
    expect([result.status, result.error?.code]).toEqual([401, 'claim_invalid']);
  });

  it('accepts a v1 token whose appid is the extension service', async () => {
    const v1 = await startEntra({ provider: 'entra-v1' });
    try {
      // The v1 issuer (sts) comes from v1Authority: give the provider a verifier that knows it.
      const { createVerifier, entra: entraPreset } = await import('@tokenward/core');
      const verifier = createVerifier({
        issuers: entraPreset({ tenantId: v1.tenantId ?? '', audience: v1.audience, authority: v1.url, v1Authority: v1.v1Authority ?? '' }),
      });
      const viaV1 = createClaimsProvider({ verifier, fauna: backend.client(), collection: backend.collection });
      const token = await v1.mint({ appid: CUSTOM_AUTH_EXTENSION_APP_ID }, { profile: 'app' });
      expect((await viaV1.handle(await entraCall(v1, eventFor(v1), token))).status).toBe(200);
      const wrong = await v1.mint({ appid: 'b8f3c1d2-7a4e-4c9b-9d1f-2e3a4b5c6d7e' }, { profile: 'app' });
      expect((await viaV1.handle(await entraCall(v1, eventFor(v1), wrong))).error?.code).toBe('claim_invalid');
    } finally {
      await v1.close();
    }
  });
});

describe('External ID tenants', () => {
  it("accepts Entra's call from an External ID tenant, whose issuer is the tenant's ciamlogin.com host", async () => {
    const external = await startEntra({ provider: 'entra-external' });
    try {
      const claims = provider({ tenantId: external.tenantId ?? '', external: { subdomain: 'contoso' }, authority: external.url });
      const response = await claims.fetch(await entraCall(external, eventFor(external)));
      expect(response.status).toBe(200);
      expect((await claimsOf(response)).FaunaTokenSecret).toMatch(/^fn/);
    } finally {
      await external.close();
    }
  });

  it('refuses a workforce tenant call when the provider is set up for an External ID tenant', async () => {
    const result = await provider({ external: { subdomain: 'contoso' } }).handle(await entraCall(entra, eventFor(entra)));
    expect([result.status, result.error?.code]).toEqual([401, 'issuer_not_allowed']);
  });
});

describe.skipIf(!!process.env.FAUNA_ENDPOINT)('Fauna failures and the failure policy', () => {
  it('Fauna unauthorized (a wrong server secret): 500 fauna_unauthorized under fail', async () => {
    const claims = provider({ fauna: backend.client({ secret: 'fnAWrongSecretForTheServerKey00000' }) });
    const result = await claims.handle(await entraCall(entra));
    expect([result.status, result.error?.code, (result.body as { error: string }).error]).toEqual([
      500,
      'fauna_unauthorized',
      'fauna_unauthorized',
    ]);
  });

  it('Fauna unauthorized under omit-claim: 200 without the claim', async () => {
    const claims = provider({ fauna: backend.client({ secret: 'fnAWrongSecretForTheServerKey00000' }), onFailure: 'omit-claim' });
    const response = await claims.fetch(await entraCall(entra));
    expect([response.status, await claimsOf(response)]).toEqual([200, {}]);
  });

  it('Fauna time_out (440): 503 fauna_timeout', async () => {
    local().setFault({ kind: 'error', code: 'time_out', statement: 'mint' });
    const result = await provider().handle(await entraCall(entra));
    expect([result.status, result.error?.code]).toEqual([503, 'fauna_timeout']);
  });

  it('a query slower than its timeout: Fauna answers time_out at the timeout it was sent (the time left)', async () => {
    local().setFault({ kind: 'latency', ms: 5000, statement: 'mint' });
    // Entra's largest budget, so the margin for Fauna's answer (a tenth of the time left) holds on a busy machine.
    const result = await provider({ timeoutMs: 2000 }).handle(await entraCall(entra));
    expect([result.status, result.error?.code]).toEqual([503, 'fauna_timeout']);
    const [query] = mintQueries();
    expect(query?.code).toBe('time_out');
    expect(query?.queryTimeoutMs).toBeLessThanOrEqual(1800);
  });

  it('Fauna unavailable (503): 503 fauna_unavailable; omit-claim signs in without the claim', async () => {
    local().setFault({ kind: 'error', code: 'service_unavailable', statement: 'mint' });
    expect((await provider().handle(await entraCall(entra))).error?.code).toBe('fauna_unavailable');
    const omitted = await provider({ onFailure: 'omit-claim' }).handle(await entraCall(entra));
    expect([omitted.status, omitted.error?.code, (omitted.body as ClaimsBody).data.actions[0]?.claims]).toEqual([
      200,
      'fauna_unavailable',
      {},
    ]);
  });

  it('a reset connection: 503 fauna_unavailable', async () => {
    local().setFault({ kind: 'outage', statement: 'mint', times: 1 });
    const result = await provider().handle(await entraCall(entra));
    expect([result.status, result.error?.code]).toEqual([503, 'fauna_unavailable']);
  });

  it('a 429 is retried by the driver within the budget', async () => {
    local().setFault({ kind: 'error', code: 'limit_exceeded', statement: 'mint', times: 1 });
    const result = await provider().handle(await entraCall(entra));
    expect(result.status).toBe(200);
    expect(mintQueries().map((query) => query.status)).toEqual([429, 200]);
  });

  it('Fauna missing the collection (invalid_query): 500 fauna_query_failed', async () => {
    const result = await provider({ collection: 'Nope' }).handle(await entraCall(entra));
    expect([result.status, result.error?.code, result.error?.message]).toEqual([
      500,
      'fauna_query_failed',
      expect.stringMatching(/invalid_query/),
    ]);
  });

  it("never logs or reports a secret: the driver's debug lines are redacted and onError gets no secret", async () => {
    const lines: string[] = [];
    const errors: string[] = [];
    const write = (message: string, ...args: unknown[]) => void lines.push([message, ...args].map(String).join(' '));
    const claims = provider({
      fauna: backend.client({ logger: { debug: write, info: write, warn: write, error: write } }),
      onError: (error) => void errors.push(JSON.stringify(error), error.message),
    });
    const response = await claims.fetch(await entraCall(entra));
    const { FaunaTokenSecret } = await claimsOf(response);
    local().setFault({ kind: 'error', code: 'unauthorized', statement: 'mint' });
    await claims.handle(await entraCall(entra));
    const logged = [...lines, ...errors].join('\n');
    expect(lines.some((line) => line.includes('"Authorization":"Bearer [redacted]"'))).toBe(true);
    expect(logged).not.toContain(backend.secret);
    expect(logged).not.toContain(FaunaTokenSecret);
    expect(errors.length).toBeGreaterThan(0);
  });
});

describe.skipIf(!!process.env.FAUNA_ENDPOINT)('token TTL', () => {
  it("the minted secret works until its TTL passes on Fauna's clock, then Fauna answers unauthorized", async () => {
    const response = await provider({ ttlSec: 60 }).fetch(await entraCall(entra));
    const { FaunaTokenSecret = '' } = await claimsOf(response);
    const user = withFaunaSecret(backend.admin, FaunaTokenSecret);
    expect((await user.query(fql`Query.identity()`)).data).not.toBeNull();
    local().clock.advance(59_000);
    expect((await user.query(fql`Query.identity()`)).data).not.toBeNull();
    local().clock.advance(2_000);
    await expect(user.query(fql`Query.identity()`)).rejects.toMatchObject({ code: 'unauthorized', httpStatus: 401 });
    expect(
      local()
        .tokens()
        .find((token) => token.data.tag === 'tokenward' && token.expired),
    ).toBeDefined();
  });

  it("sets the token ttl from Fauna's Time.now()", async () => {
    local().clock.set(Date.parse('2030-01-01T00:00:00Z'));
    const result = await provider({ ttlSec: 3600 }).handle(await entraCall(entra));
    expect(result.minted?.expiresAt).toBe('2030-01-01T01:00:00.000Z');
    local().clock.set(Date.now());
  });
});

describe.skipIf(!!process.env.FAUNA_ENDPOINT)('deadline', () => {
  it("answers before the extension's timeout when Fauna never answers, with deadline_exceeded (503)", async () => {
    local().setFault({ kind: 'hang', statement: 'mint' });
    const result = await provider({ timeoutMs: 500 }).handle(await entraCall(entra));
    expect([result.status, result.error?.code]).toEqual([503, 'deadline_exceeded']);
    // The contract with Entra: an answer within the configured timeout. The work's budget is the timeout less
    // 100 ms kept for the trip back (stated by the budget, not by a wall-clock measurement).
    expect(result.error?.message).toMatch(/within the 400 ms budget/);
  });

  it('under omit-claim, a hung Fauna still lets the user sign in in time', async () => {
    local().setFault({ kind: 'hang', statement: 'mint' });
    const response = await provider({ timeoutMs: 300, onFailure: 'omit-claim' }).fetch(await entraCall(entra));
    expect([response.status, await claimsOf(response)]).toEqual([200, {}]);
  });

  it('sends Fauna the time left as the query timeout, never more than the budget', async () => {
    await provider({ timeoutMs: 800 }).handle(await entraCall(entra));
    const [query] = mintQueries();
    expect(query?.queryTimeoutMs).toBeGreaterThan(0);
    expect(query?.queryTimeoutMs).toBeLessThanOrEqual(700);
  });
});

describe('claim size', () => {
  it('refuses claims larger than Entra accepts (claims_too_large)', async () => {
    const result = await provider({ maxClaimsBytes: 256, extraClaims: () => ({ padding: 'x'.repeat(300) }) }).handle(
      await entraCall(entra),
    );
    expect([result.status, result.error?.code]).toEqual([500, 'claims_too_large']);
  });
});

describe('claims checked at run time', () => {
  it.each<[string, () => Record<string, unknown>, RegExp]>([
    ['a number', () => ({ FaunaTokenExpiresIn: 3600 }), /FaunaTokenExpiresIn.*expected a String or an array of Strings, found number/],
    ['an array with a non-string', () => ({ groups: ['a', 1] }), /groups.*found an array with number/],
    ['an object', () => ({ nested: { a: 'b' } }), /nested.*found object/],
    ['null', () => ({ empty: null }), /empty.*found null/],
    ['an empty key', () => ({ '': 'x' }), /claim names must be non-empty/],
  ])('refuses an extra claim that is %s with 500 claims_invalid', async (_what, extra, message) => {
    const result = await provider({ extraClaims: extra as never }).handle(await entraCall(entra));
    expect([result.status, result.error?.code]).toEqual([500, 'claims_invalid']);
    expect(result.error?.message).toMatch(message);
    expect(JSON.stringify(result.body)).not.toMatch(/fn[A-Za-z0-9_-]{16,}/);
  });

  it('accepts Strings and arrays of Strings', async () => {
    const result = await provider({ extraClaims: () => ({ plan: 'free', groups: ['a', 'b'] }) }).handle(await entraCall(entra));
    expect(result.status).toBe(200);
  });
});

describe('pinning the extension and the client applications', () => {
  const EXTENSION_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
  const CLIENT_APP = '6e74172b-be56-4843-9ff4-e66a39bb12e3';
  const withExtension = (id: string) => {
    const event = eventFor(entra);
    return { ...event, data: { ...event.data, customAuthenticationExtensionId: id } };
  };

  it('answers an event from another custom authentication extension with 400, minting nothing', async () => {
    const result = await provider({ customAuthenticationExtensionId: EXTENSION_ID }).handle(
      await entraCall(entra, withExtension('ffffffff-4e5f-4a6b-8c7d-9e0f1a2b3c4d')),
    );
    expect([result.status, result.error?.code]).toEqual([400, 'event_malformed']);
    expect(result.error?.message).toMatch(/another custom authentication extension: expected 0a1b2c3d/);
    if (backend.local) expect(mintQueries()).toHaveLength(0);
  });

  it('mints for an event from the pinned extension (its id compared without case)', async () => {
    expect(
      (
        await provider({ customAuthenticationExtensionId: EXTENSION_ID }).handle(
          await entraCall(entra, withExtension(EXTENSION_ID.toUpperCase())),
        )
      ).status,
    ).toBe(200);
  });

  it('answers a sign-in to a client application not listed with 403 client_not_allowed, minting nothing', async () => {
    const result = await provider({ allowedClientApps: ['11111111-2222-4333-8444-555555555555'] }).handle(await entraCall(entra));
    expect([result.status, result.error?.code]).toEqual([403, 'client_not_allowed']);
    expect(result.error?.message).toMatch(new RegExp(`found ${CLIENT_APP}`));
    if (backend.local) expect(mintQueries()).toHaveLength(0);
  });

  it('mints for a listed client application', async () => {
    expect((await provider({ allowedClientApps: [CLIENT_APP] }).handle(await entraCall(entra))).status).toBe(200);
  });

  it.each<[string, Record<string, unknown>]>([
    ['an extension id that is not a GUID', { customAuthenticationExtensionId: 'my-extension' }],
    ['an empty client list', { allowedClientApps: [] }],
    ['a client that is not a GUID', { allowedClientApps: ['orders-spa'] }],
  ])('refuses %s at creation', (_what, change) => {
    expect(() => provider(change as Partial<ClaimsProviderOptions>)).toThrow(new RegExp(`${Object.keys(change)[0] ?? ''} must be`));
  });
});

describe('configuration mistakes throw a TypeError at creation', () => {
  const base = (): ClaimsProviderOptions => ({
    tenantId: entra.tenantId ?? '',
    audience: EXTENSION_APP_ID,
    authority: entra.url,
    fauna: backend.admin,
  });
  it.each<[string, Partial<ClaimsProviderOptions> | Record<string, unknown>]>([
    ['a timeout below 200 ms', { timeoutMs: 100 }],
    ['a timeout above 2000 ms', { timeoutMs: 5000 }],
    ['an unknown failure policy', { onFailure: 'ignore' }],
    ['a collection that is not an identifier', { collection: 'Customer; Key.all()' }],
    ['a TTL below a minute', { ttlSec: 10 }],
    ['a misspelt option', { ttl: 60 }],
    ['no audience', { audience: undefined }],
    ['a tenant that is not a GUID', { tenantId: 'contoso' }],
    ['verifier and tenantId together', { verifier: {} as never }],
    ['a fauna option without endpoint', { fauna: { secret: 'x' } as never }],
  ])('%s', (_name, change) => {
    expect(() => createClaimsProvider({ ...base(), ...change } as ClaimsProviderOptions)).toThrow(TypeError);
  });

  it('never defaults the endpoint: fauna options need one', () => {
    expect(() => createClaimsProvider({ ...base(), fauna: { endpoint: '', secret: 'fnA' } })).toThrow(/endpoint/);
  });
});

describe('warm()', () => {
  it("fetches Entra's keys and checks that the identity collection exists", async () => {
    const claims = provider();
    entra.resetCounters();
    await claims.warm();
    expect(entra.requests.jwks).toBe(1);
    await expect(provider({ collection: 'Missing' }).warm()).rejects.toMatchObject({ code: 'fauna_query_failed' });
  });
});
