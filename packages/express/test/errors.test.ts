import { createVerifier, DEFAULT_DPOP_ALGORITHMS, isTokenwardError, type Verifier } from '@tokenward/core';
import type { TestIssuer } from '@tokenward/testing';
import type { ErrorRequestHandler } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize, tokenward, type TokenwardErrorHandler } from '../src/index.js';
import { EXPRESS_VERSIONS, bearer, entraIssuer, get, listen, optionsFor, type Server } from './helpers.js';

// Core's default: DPoP allowed, so every challenge offers it beside Bearer.
const DPOP = `DPoP algs="${DEFAULT_DPOP_ALGORITHMS.join(' ')}"`;

describe.each(EXPRESS_VERSIONS)('failures on %s', (_name, createApp) => {
  let issuer: TestIssuer;
  let server: Server;
  let bare: Server;

  beforeAll(async () => {
    issuer = await entraIssuer();
    const verifier: Verifier = createVerifier(optionsFor(issuer));
    const custom: TokenwardErrorHandler = (error, req, res) => {
      res.status(error.status).json({ code: error.code, path: req.path });
    };
    const app = createApp();
    app.get('/default', tokenward({ verifier, realm: 'orders' }), (_req, res) => void res.json({}));
    app.get('/terse', tokenward({ verifier, includeDescription: false }), (_req, res) => void res.json({}));
    app.get('/custom', tokenward({ verifier, onError: custom }), authorize({ scopes: 'Orders.Read' }), (_req, res) => void res.json({}));
    app.get(
      '/custom-throws',
      tokenward({
        verifier,
        onError: () => {
          throw new Error('onError bug');
        },
      }),
      (_req, res) => void res.json({}),
    );
    app.get(
      '/custom-rejects',
      tokenward({ verifier, onError: () => Promise.reject(new Error('async onError bug')) }),
      (_req, res) => void res.json({}),
    );
    app.get('/next', tokenward({ verifier, onError: 'next' }), authorize({ scopes: 'Orders.Read' }), (_req, res) => void res.json({}));
    const report: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
      if (isTokenwardError(error)) res.status(error.status).json({ tokenward: error.code });
      else res.status(500).json({ handled: (error as Error).message });
    };
    app.use(report);
    server = await listen(app);

    // No error handler of ours: Express's own default answers.
    const plain = createApp();
    plain.get('/next', tokenward({ verifier, onError: 'next' }), (_req, res) => void res.json({}));
    bare = await listen(plain);
  });

  afterAll(async () => {
    await server?.close();
    await bare?.close();
    await issuer?.close();
  });

  it("answers with core's RFC 6750 response: status, WWW-Authenticate, Cache-Control and a JSON body", async () => {
    const response = await get(server.origin, '/default', bearer(await issuer.mint({}, { expiresInSec: -600 })));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="orders", error="invalid_token", error_description="[^"]+", DPoP realm="orders", algs="[^"]+"$/,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.body).toEqual({ error: 'invalid_token', error_description: expect.stringContaining('expired') });
  });

  it("answers with core's fixed description when includeDescription is false", async () => {
    const response = await get(server.origin, '/terse', bearer(await issuer.mint({}, { expiresInSec: -600 })));
    expect(response.headers.get('www-authenticate')).toBe(`Bearer error="invalid_token", ${DPOP}`);
    expect(response.body).toEqual({ error: 'invalid_token', error_description: 'the access token is not valid' });
  });

  it('hands a failure to onError with the tokenward error and the request', async () => {
    const response = await get(server.origin, '/custom');
    expect(response).toMatchObject({ status: 401, body: { code: 'token_missing', path: '/custom' } });
  });

  it('hands an authorize() failure to the onError of the tokenward() in front', async () => {
    const response = await get(server.origin, '/custom', bearer(await issuer.mint({ scp: 'Orders.Write' })));
    expect(response).toMatchObject({ status: 403, body: { code: 'insufficient_scope' } });
  });

  it("passes an error thrown by onError to Express's error handling", async () => {
    const response = await get(server.origin, '/custom-throws');
    expect(response).toMatchObject({ status: 500, body: { handled: 'onError bug' } });
  });

  it("passes a rejection of an async onError to Express's error handling", async () => {
    const response = await get(server.origin, '/custom-rejects');
    expect(response).toMatchObject({ status: 500, body: { handled: 'async onError bug' } });
  });

  it('calls next(error) with the tokenward error in next mode', async () => {
    const response = await get(server.origin, '/next', bearer(await issuer.mint({}, { expiresInSec: -600 })));
    expect(response).toMatchObject({ status: 401, body: { tokenward: 'token_expired' } });
  });

  it('calls next(error) for an authorize() failure in next mode', async () => {
    const response = await get(server.origin, '/next', bearer(await issuer.mint({ scp: 'Orders.Write' })));
    expect(response).toMatchObject({ status: 403, body: { tokenward: 'insufficient_scope' } });
  });

  it("gets the error's status from Express's default error handler in next mode", async () => {
    const response = await get(bare.origin, '/next');
    expect(response.status).toBe(401);
  });

  it("keeps the challenge through Express's default error handler in next mode", async () => {
    const response = await get(bare.origin, '/next', bearer(await issuer.mint({}, { expiresInSec: -600 })));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer error="invalid_token", error_description="[^"]+", DPoP algs="[^"]+"$/,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('hands the error to next() with its headers, not enumerable, and the tokenward error unchanged', async () => {
    let seen: unknown;
    const app = createApp();
    app.get('/next', tokenward({ verifier: createVerifier(optionsFor(issuer)), onError: 'next' }), (_req, res) => void res.json({}));
    app.use(((error: unknown, _req, res, _next) => {
      seen = error;
      res.status(401).end();
    }) as ErrorRequestHandler);
    const local = await listen(app);
    try {
      await get(local.origin, '/next');
    } finally {
      await local.close();
    }
    expect(isTokenwardError(seen) && seen.code).toBe('token_missing');
    expect((seen as { headers?: unknown }).headers).toEqual({ 'WWW-Authenticate': `Bearer, ${DPOP}`, 'Cache-Control': 'no-store' });
    expect(Object.keys(seen as object)).not.toContain('headers');
  });
});
