import { createVerifier, keys, type PublicJwk, type VerifierOptions } from '@tokenward/core';
import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withAuth } from '../src/index.js';
import { authorize, tokenward } from '../src/hono.js';
import { bearer } from './helpers.js';

// Configuration mistakes surface when the Worker module loads, and the adapters run outside workerd too.
let issuer: TestIssuer;
let options: VerifierOptions;

beforeAll(async () => {
  issuer = await createTestIssuer({ listen: false });
  options = {
    issuers: [keys({ issuer: issuer.issuer, audience: issuer.audience, keys: issuer.publicJwks().keys as unknown as PublicJwk[] })],
  };
});

afterAll(() => issuer?.close());

const ok = () => new Response('ok');
const ctx = { waitUntil: () => undefined };

describe('mistakes throw a TypeError when the handler is declared', () => {
  it('rejects options that are neither an object nor a function', () => {
    expect(() => withAuth(null as never, null, ok)).toThrow(
      new TypeError(
        'tokenward: workers: options must be an object ({ issuers, ... } or { verifier, ... }) or a function of env returning one, found null',
      ),
    );
  });

  it('rejects verifier options beside a verifier, which it would otherwise ignore', () => {
    const verifier = createVerifier(options);
    expect(() => withAuth({ verifier, clockToleranceSec: 30 } as never, null, ok)).toThrow(
      new TypeError('tokenward: workers: give either a verifier or verifier options, found verifier and clockToleranceSec'),
    );
    expect(() => tokenward({ ...options, verifier } as never)).toThrow(
      /give either a verifier or verifier options, found verifier and issuers/,
    );
  });

  it('rejects a verifier option that is not a verifier', () => {
    expect(() => withAuth({ verifier: {} as never }, null, ok)).toThrow(/verifier must be a verifier/);
  });

  it('rejects adapter settings of the wrong type', () => {
    expect(() => withAuth({ ...options, realm: 42 as never }, null, ok)).toThrow(/realm must be a string/);
    expect(() => withAuth({ ...options, warm: 'yes' as never }, null, ok)).toThrow(/warm must be a boolean/);
  });

  it('rejects an invalid verifier config through core', () => {
    expect(() => withAuth({ issuers: 'none' as never }, null, ok)).toThrow(/issuers/);
  });

  it('rejects a misspelt requirement option through core', () => {
    expect(() => withAuth(options, { scope: 'Orders.Read' } as never, ok)).toThrow(/unknown option 'scope'/);
    expect(() => authorize({ roles: [] })).toThrow(TypeError);
  });

  it('rejects a missing handler', () => {
    expect(() => withAuth(options, null, undefined as never)).toThrow(/handler must be a function/);
  });

  it('reports a throwing env function on the request that needs it, and retries it on the next', async () => {
    let calls = 0;
    const handler = withAuth<{ READY?: string }>(
      (env) => {
        calls++;
        if (env.READY !== 'yes') throw new TypeError('tokenward: no issuer configured');
        return options;
      },
      null,
      ok,
    );
    const request = new Request('http://x.test/', bearer(await issuer.mint()));
    await expect(handler(request, {}, ctx)).rejects.toThrow(/no issuer configured/);
    expect((await handler(request, { READY: 'yes' }, ctx)).status).toBe(200);
    expect(calls).toBe(2);
  });
});

describe('sharing and passing a verifier', () => {
  it('uses a verifier passed as { verifier } as it is', async () => {
    const verifier = createVerifier(options);
    const handler = withAuth({ verifier, warm: false }, { scopes: 'read' }, (_request, _env, _ctx, auth) =>
      Response.json(auth.principal.subject),
    );
    const response = await handler(new Request('http://x.test/', bearer(await issuer.mint())), {}, ctx);
    expect(await response.json()).toBe('user-1234');
  });

  it('answers a requirement check returning false with 403 forbidden rather than passing', async () => {
    const handler = withAuth(options, () => false, ok);
    const response = await handler(new Request('http://x.test/', bearer(await issuer.mint())), {}, ctx);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'insufficient_scope', error_description: expect.stringContaining('found false') });
  });

  it('answers a requirement check returning a message with 403 and that message', async () => {
    const handler = withAuth(options, () => 'orders are closed on Sundays', ok);
    const response = await handler(new Request('http://x.test/', bearer(await issuer.mint())), {}, ctx);
    expect(await response.json()).toMatchObject({ error_description: 'orders are closed on Sundays' });
  });
});

describe('onError', () => {
  it("sends the response onError returns instead of core's", async () => {
    const handler = withAuth({ ...options, onError: (error) => Response.json({ code: error.code }, { status: error.status }) }, null, ok);
    const response = await handler(new Request('http://x.test/'), {}, ctx);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 'token_missing' });
  });

  it("sends core's response when onError returns nothing", async () => {
    const seen: string[] = [];
    const handler = withAuth(
      { ...options, onError: (error, _request, response) => void seen.push(`${error.code} ${response.status}`) },
      null,
      ok,
    );
    const response = await handler(new Request('http://x.test/', bearer('not.a.token')), {}, ctx);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(seen).toEqual(['token_malformed 401']);
  });

  it('rejects an onError that is not a function', () => {
    expect(() => withAuth({ ...options, onError: 'respond' as never }, null, ok)).toThrow(/onError must be a function/);
  });

  it("puts the response onError returns into Hono's HTTPException, for authorize() too", async () => {
    const app = new Hono();
    app.use(tokenward({ ...options, onError: (error) => new Response(`denied: ${error.code}`, { status: error.status }) }));
    app.get('/', authorize({ scopes: 'write' }), (c) => c.text('unreachable'));
    const missing = await app.request('/');
    const denied = await app.request('/', bearer(await issuer.mint()));
    expect([missing.status, await missing.text()]).toEqual([401, 'denied: token_missing']);
    expect([denied.status, await denied.text()]).toEqual([403, 'denied: insufficient_scope']);
  });
});

describe('Hono outside Workers', () => {
  it('verifies without an execution context (no background warm-up)', async () => {
    const app = new Hono();
    app.use(tokenward(options));
    app.get('/', authorize({ scopes: 'read' }, { realm: 'node' }), (c) => c.json({ subject: c.get('auth').principal.subject }));
    expect(await (await app.request('/', bearer(await issuer.mint()))).json()).toEqual({ subject: 'user-1234' });
    const denied = await app.request('/', bearer(await issuer.mint({ scope: 'write' })));
    expect(denied.status).toBe(403);
    expect(denied.headers.get('www-authenticate')).toMatch(/^Bearer realm="node", error="insufficient_scope"/);
  });

  it('fails loudly when authorize() runs without tokenward() in front', async () => {
    const app = new Hono();
    app.get('/', authorize({ scopes: 'read' }), (c) => c.text('unreachable'));
    app.onError((error, c) => c.text(error.message, 500));
    const response = await app.request('/', bearer(await issuer.mint()));
    expect(response.status).toBe(500);
    expect(await response.text()).toContain('mount tokenward() before it');
  });
});
