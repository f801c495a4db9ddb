import { createVerifier, DEFAULT_DPOP_ALGORITHMS, requireScopes, type Verifier, type VerifierOptions } from '@tokenward/core';
import type { TestIssuer } from '@tokenward/testing';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { errorResponseSchema, errorResponses, tokenward, TokenwardHttpError } from '../src/index.js';
import { appWith, bearer, entraIssuer, FASTIFY_VERSIONS, optionsFor } from './helpers.js';

// Core's default: DPoP allowed, so every challenge offers it beside Bearer.
const DPOP = `DPoP algs="${DEFAULT_DPOP_ALGORITHMS.join(' ')}"`;

let issuer: TestIssuer;
let down: TestIssuer;

beforeAll(async () => {
  [issuer, down] = await Promise.all([entraIssuer(), entraIssuer('5f0e2c1a-7b3d-4e8f-9a6b-0c1d2e3f4a5b')]);
  down.setFault({ kind: 'outage' });
});

afterAll(() => Promise.all([issuer?.close(), down?.close()]));

const whoami = async (request: Pick<FastifyRequest, 'auth'>) => ({ subject: request.auth?.principal.subject ?? null });

describe.each(FASTIFY_VERSIONS)('the plugin on %s', (_version, factory) => {
  let app: FastifyInstance | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  describe('request.auth', () => {
    it('holds the verified token on a route protected by config.tokenward: true', async () => {
      app = await appWith(factory, optionsFor(issuer));
      app.get('/me', { config: { tokenward: true } }, async (request) => ({
        subject: request.auth?.principal.subject,
        aud: request.auth?.claims.aud,
      }));
      const token = await issuer.mint({ oid: 'user-1' });
      const response = await app.inject({ url: '/me', headers: bearer(token) });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ subject: 'user-1', aud: issuer.audience });
    });

    it('is null on a route nothing protects, even when a token is sent', async () => {
      app = await appWith(factory, optionsFor(issuer));
      app.get('/public', async (request) => ({ auth: request.auth }));
      const response = await app.inject({ url: '/public', headers: bearer(await issuer.mint()) });
      expect(response.json()).toEqual({ auth: null });
    });
  });

  describe('fastify.authenticate', () => {
    it('protects a route as its onRequest hook', async () => {
      app = await appWith(factory, optionsFor(issuer));
      app.get('/me', { onRequest: app.authenticate }, whoami);
      const ok = await app.inject({ url: '/me', headers: bearer(await issuer.mint({ oid: 'user-2' })) });
      const missing = await app.inject({ url: '/me' });
      expect(ok.json()).toEqual({ subject: 'user-2' });
      expect(missing.statusCode).toBe(401);
      expect(missing.headers['www-authenticate']).toBe(`Bearer, ${DPOP}`);
    });

    it('protects a route as its preHandler hook', async () => {
      app = await appWith(factory, optionsFor(issuer));
      app.post('/orders', { preHandler: app.authenticate }, async (request) => ({
        subject: request.auth?.principal.subject,
        body: request.body,
      }));
      const ok = await app.inject({
        method: 'POST',
        url: '/orders',
        headers: bearer(await issuer.mint({ oid: 'user-3' })),
        payload: { id: 1 },
      });
      const expired = await app.inject({
        method: 'POST',
        url: '/orders',
        headers: bearer(await issuer.mint({}, { expiresInSec: -600 })),
        payload: { id: 1 },
      });
      expect(ok.json()).toEqual({ subject: 'user-3', body: { id: 1 } });
      expect(expired.statusCode).toBe(401);
      expect(expired.json()).toMatchObject({ error: 'invalid_token' });
    });

    it('protects every route of the app as an app-wide onRequest hook', async () => {
      app = await appWith(factory, optionsFor(issuer));
      app.addHook('onRequest', app.authenticate);
      app.get('/a', whoami);
      app.register(async (child) => {
        child.get('/b', whoami);
      });
      expect((await app.inject({ url: '/a' })).statusCode).toBe(401);
      expect((await app.inject({ url: '/b' })).statusCode).toBe(401);
      expect((await app.inject({ url: '/b', headers: bearer(await issuer.mint()) })).statusCode).toBe(200);
    });

    it('answers a malformed Authorization header with 400 invalid_request, not 500', async () => {
      app = await appWith(factory, optionsFor(issuer));
      app.get('/me', { onRequest: app.authenticate }, whoami);
      const response = await app.inject({ url: '/me', headers: { authorization: 'Bearer a b c' } });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: 'invalid_request' });
    });
  });

  describe('config.tokenward', () => {
    it('answers a token without the required scope with 403 insufficient_scope naming the scope', async () => {
      app = await appWith(factory, optionsFor(issuer, { realm: 'orders' }));
      app.get('/orders', { config: { tokenward: { scopes: 'Orders.Read' } } }, whoami);
      const denied = await app.inject({ url: '/orders', headers: bearer(await issuer.mint({ scp: 'Orders.Write' })) });
      const allowed = await app.inject({ url: '/orders', headers: bearer(await issuer.mint({ scp: 'Orders.Read' })) });
      expect(denied.statusCode).toBe(403);
      expect(denied.headers['www-authenticate']).toMatch(/^Bearer realm="orders", error="insufficient_scope", .*scope="Orders.Read"/);
      expect(allowed.statusCode).toBe(200);
    });

    it('gives a requirement check the Fastify request', async () => {
      app = await appWith(factory, optionsFor(issuer));
      app.get<{ Params: { tenant: string } }>(
        '/tenants/:tenant',
        {
          config: { tokenward: (token, request) => (request.params as { tenant: string }).tenant === token.claims.tid || 'another tenant' },
        },
        whoami,
      );
      const own = await app.inject({ url: `/tenants/${issuer.tenantId}`, headers: bearer(await issuer.mint()) });
      const other = await app.inject({ url: '/tenants/someone-else', headers: bearer(await issuer.mint()) });
      expect(own.statusCode).toBe(200);
      expect(other.statusCode).toBe(403);
      expect(other.json()).toEqual({ error: 'insufficient_scope', error_description: 'another tenant' });
    });

    it('protects routes declared right after a register() that was not awaited', async () => {
      app = factory();
      app.register(tokenward, optionsFor(issuer));
      app.get('/orders', { config: { tokenward: { scopes: 'Orders.Read' } } }, whoami);
      expect((await app.inject({ url: '/orders' })).statusCode).toBe(401);
      expect((await app.inject({ url: '/orders', headers: bearer(await issuer.mint({ scp: 'Orders.Read' })) })).statusCode).toBe(200);
    });

    it('protects the HEAD route Fastify adds for a GET route', async () => {
      app = await appWith(factory, optionsFor(issuer));
      app.get('/me', { config: { tokenward: true } }, whoami);
      expect((await app.inject({ method: 'HEAD', url: '/me' })).statusCode).toBe(401);
    });

    it('applies to routes in encapsulated plugins registered after it', async () => {
      app = await appWith(factory, optionsFor(issuer));
      await app.register(
        async (child) => {
          child.get('/admin', { config: { tokenward: { roles: 'Orders.Admin' } } }, whoami);
        },
        { prefix: '/v1' },
      );
      const response = await app.inject({ url: '/v1/admin', headers: bearer(await issuer.mint()) });
      expect(response.statusCode).toBe(403);
    });
  });

  describe('fastify.authorize', () => {
    it('checks its requirement as a preHandler hook, verifying the token itself', async () => {
      app = await appWith(factory, optionsFor(issuer));
      app.get('/admin', { preHandler: app.authorize({ roles: 'Orders.Admin' }) }, whoami);
      const missing = await app.inject({ url: '/admin' });
      const denied = await app.inject({ url: '/admin', headers: bearer(await issuer.mint()) });
      const allowed = await app.inject({ url: '/admin', headers: bearer(await issuer.mint({ oid: 'admin', roles: ['Orders.Admin'] })) });
      expect(missing.statusCode).toBe(401);
      expect(denied.statusCode).toBe(403);
      expect(allowed.json()).toEqual({ subject: 'admin' });
    });

    it('adds its requirement to the one in config.tokenward', async () => {
      app = await appWith(factory, optionsFor(issuer));
      app.get('/both', { config: { tokenward: { scopes: 'Orders.Read' } }, preHandler: app.authorize({ roles: 'Orders.Admin' }) }, whoami);
      const scopeOnly = await app.inject({ url: '/both', headers: bearer(await issuer.mint({ scp: 'Orders.Read' })) });
      const both = await app.inject({ url: '/both', headers: bearer(await issuer.mint({ scp: 'Orders.Read', roles: ['Orders.Admin'] })) });
      expect(scopeOnly.statusCode).toBe(403);
      expect(both.statusCode).toBe(200);
    });
  });

  it('verifies a token once per request however many hooks ask for it', async () => {
    let calls = 0;
    const inner = createVerifier(optionsFor(issuer) as VerifierOptions);
    const verifier: Verifier = { ...inner, authenticate: (input, options) => (calls++, inner.authenticate(input, options)) };
    app = await appWith(factory, { verifier });
    app.addHook('onRequest', app.authenticate);
    app.get(
      '/orders',
      {
        config: { tokenward: { scopes: 'Orders.Read' } },
        onRequest: app.authenticate,
        preHandler: app.authorize({ scopes: 'Orders.Read' }),
      },
      whoami,
    );
    const response = await app.inject({ url: '/orders', headers: bearer(await issuer.mint({ scp: 'Orders.Read' })) });
    expect(response.statusCode).toBe(200);
    expect(calls).toBe(1);
  });

  it('gives the handler the raw token on request.auth.token, for On-Behalf-Of flows', async () => {
    app = await appWith(factory, optionsFor(issuer));
    app.get('/raw-token', { onRequest: app.authenticate }, async (request) => ({ token: request.auth?.token }));
    const token = await issuer.mint({ oid: 'user-1' });
    const response = await app.inject({ url: '/raw-token', headers: bearer(token) });
    expect(response.json()).toEqual({ token });
  });

  describe('optional mode', () => {
    it('lets a request without an Authorization header through with request.auth null', async () => {
      app = await appWith(factory, optionsFor(issuer, { optional: true }));
      app.get('/feed', { onRequest: app.authenticate }, whoami);
      const response = await app.inject({ url: '/feed' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ subject: null });
    });

    it('still sets request.auth for a valid token', async () => {
      app = await appWith(factory, optionsFor(issuer, { optional: true }));
      app.get('/feed', { onRequest: app.authenticate }, whoami);
      const response = await app.inject({ url: '/feed', headers: bearer(await issuer.mint({ oid: 'user-4' })) });
      expect(response.json()).toEqual({ subject: 'user-4' });
    });

    it('still rejects a token that is present but invalid', async () => {
      app = await appWith(factory, optionsFor(issuer, { optional: true }));
      app.get('/feed', { onRequest: app.authenticate }, whoami);
      const response = await app.inject({ url: '/feed', headers: bearer(await issuer.mint({}, { signWith: 'foreign' })) });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ error: 'invalid_token' });
    });

    it('still requires a token where a route has a requirement', async () => {
      app = await appWith(factory, optionsFor(issuer, { optional: true }));
      app.addHook('onRequest', app.authenticate);
      app.get('/feed', whoami);
      app.get('/orders', { config: { tokenward: { scopes: 'Orders.Read' } } }, whoami);
      expect((await app.inject({ url: '/feed' })).statusCode).toBe(200);
      expect((await app.inject({ url: '/orders' })).statusCode).toBe(401);
    });
  });

  describe('answers', () => {
    it('sends the error through reply, so onSend hooks and response schemas apply', async () => {
      app = await appWith(factory, optionsFor(issuer));
      app.addHook('onSend', async (_request, reply) => {
        reply.header('x-request-checked', 'yes');
      });
      app.get(
        '/orders',
        { config: { tokenward: { scopes: 'Orders.Read' } }, schema: { response: { 200: { type: 'object' }, ...errorResponses } } },
        whoami,
      );
      const response = await app.inject({ url: '/orders', headers: bearer(await issuer.mint({ scp: 'Orders.Write' })) });
      expect(response.statusCode).toBe(403);
      expect(response.headers['x-request-checked']).toBe('yes');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.json()).toEqual({ error: 'insufficient_scope', error_description: expect.any(String) });
    });

    it('sends bodies that errorResponseSchema accepts, for every status', async () => {
      const both = [optionsFor(issuer), optionsFor(down)].flatMap((options) => (options as VerifierOptions).issuers);
      app = await appWith(factory, { issuers: both });
      app.get('/orders', { config: { tokenward: { scopes: 'Orders.Read' } } }, whoami);
      // Fastify's own validator judges the bodies against the exported schema.
      app.post('/validate', { schema: { body: errorResponseSchema } }, async () => 'valid');
      const twoHeaders: Record<string, string[]> = { authorization: ['Bearer a', 'Bearer b'] };
      const answers = await Promise.all([
        app.inject({ url: '/orders', headers: twoHeaders }),
        app.inject({ url: '/orders' }),
        app.inject({ url: '/orders', headers: bearer(await issuer.mint({ scp: 'Orders.Write' })) }),
        app.inject({ url: '/orders', headers: bearer(await down.mint()) }),
      ]);
      expect(answers.map((answer) => answer.statusCode)).toEqual([400, 401, 403, 503]);
      for (const answer of answers) {
        const validated = await app.inject({ method: 'POST', url: '/validate', payload: answer.json() });
        expect(validated.body).toBe('valid');
      }
    });

    it('answers 503 temporarily_unavailable with Retry-After, not 500, when the issuer is unreachable', async () => {
      app = await appWith(factory, optionsFor(down));
      app.get('/me', { config: { tokenward: true } }, whoami);
      const response = await app.inject({ url: '/me', headers: bearer(await down.mint()) });
      expect(response.statusCode).toBe(503);
      expect(response.headers['www-authenticate']).toBeUndefined();
      expect(response.headers['retry-after']).toMatch(/^\d+$/);
      expect(response.json()).toMatchObject({ error: 'temporarily_unavailable' });
    });

    it("sends what onError returns instead of core's answer", async () => {
      app = await appWith(
        factory,
        optionsFor(issuer, {
          onError: (error, request, response) => ({
            status: response.status,
            headers: { ...response.headers, 'Content-Type': 'application/problem+json' },
            body: { type: `urn:tokenward:${error.code}`, status: response.status, instance: request.url },
          }),
        }),
      );
      app.get('/me', { config: { tokenward: true } }, whoami);
      const response = await app.inject({ url: '/me', headers: bearer(await issuer.mint({}, { expiresInSec: -600 })) });
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
      expect(response.json()).toEqual({ type: 'urn:tokenward:token_expired', status: 401, instance: '/me' });
    });

    it('hands a failure to setErrorHandler when onError throws', async () => {
      app = await appWith(
        factory,
        optionsFor(issuer, {
          onError: (error) => {
            throw error;
          },
        }),
      );
      app.setErrorHandler(async (error: { code?: string }, _request, reply) => reply.code(418).send({ handled: error.code }));
      app.get('/me', { config: { tokenward: true } }, whoami);
      const response = await app.inject({ url: '/me' });
      expect(response.statusCode).toBe(418);
      expect(response.json()).toEqual({ handled: 'token_missing' });
    });

    it("answers a tokenward error thrown by the handler with its status through Fastify's default handler", async () => {
      app = await appWith(factory, optionsFor(issuer));
      app.get('/orders', { config: { tokenward: true } }, async (request) => {
        if (request.auth !== null) requireScopes(request.auth, 'Orders.Write');
        return 'unreachable';
      });
      const response = await app.inject({ url: '/orders', headers: bearer(await issuer.mint({ scp: 'Orders.Read' })) });
      expect(response.statusCode).toBe(403);
    });
  });

  describe("errorMode: 'throw'", () => {
    it("gives setErrorHandler a TokenwardHttpError carrying core's answer and the tokenward error", async () => {
      app = await appWith(factory, optionsFor(issuer, { errorMode: 'throw', realm: 'orders' }));
      app.setErrorHandler(async (error, _request, reply) => {
        if (!(error instanceof TokenwardHttpError)) throw error;
        const { status, headers, body } = error.response;
        return reply
          .code(status)
          .headers(headers)
          .send({ ...body, detail: error.cause.code });
      });
      app.get('/orders', { config: { tokenward: { scopes: 'Orders.Read' } } }, whoami);
      const response = await app.inject({ url: '/orders', headers: bearer(await issuer.mint({ scp: 'Orders.Write' })) });
      expect(response.statusCode).toBe(403);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="orders", error="insufficient_scope"/);
      expect(response.json()).toMatchObject({ error: 'insufficient_scope', detail: 'insufficient_scope' });
    });

    it("keeps the status and challenge under Fastify's default error handler, with Fastify's body", async () => {
      app = await appWith(factory, optionsFor(issuer, { errorMode: 'throw', includeDescription: false }));
      app.get('/me', { config: { tokenward: true } }, whoami);
      const response = await app.inject({ url: '/me', headers: bearer(await issuer.mint({}, { expiresInSec: -600 })) });
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toBe(`Bearer error="invalid_token", ${DPOP}`);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.json()).toEqual({
        statusCode: 401,
        code: 'invalid_token',
        error: 'Unauthorized',
        message: 'the access token is not valid',
      });
    });

    it("answers 401, not 500, under Fastify's default error handler behind an errorResponses schema", async () => {
      app = await appWith(factory, optionsFor(issuer, { errorMode: 'throw' }));
      app.get('/me', { config: { tokenward: true }, schema: { response: errorResponses } }, whoami);
      const response = await app.inject({ url: '/me' });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ error: 'Unauthorized', error_description: expect.stringContaining('Bearer token') });
    });

    it("keeps 503 and Retry-After under Fastify's default error handler, without the issuer's endpoints", async () => {
      app = await appWith(factory, optionsFor(down, { errorMode: 'throw' }));
      app.get('/me', { config: { tokenward: true } }, whoami);
      const response = await app.inject({ url: '/me', headers: bearer(await down.mint()) });
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toMatch(/^\d+$/);
      expect(response.body).not.toContain(down.url);
    });
  });

  describe('warm', () => {
    it("fetches the issuers' keys when the app is ready", async () => {
      const fresh = await entraIssuer();
      try {
        app = await appWith(factory, optionsFor(fresh, { warm: true }));
        await app.ready();
        expect(fresh.requests.total).toBeGreaterThan(0);
      } finally {
        await app?.close();
        await fresh.close();
      }
    });

    it('does not fail startup when the issuer is unreachable', async () => {
      app = await appWith(factory, optionsFor(down, { warm: true, jwks: { timeoutMs: 500 } }));
      await expect(app.ready()).resolves.toBeDefined();
    });
  });
});
