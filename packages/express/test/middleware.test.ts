import { createVerifier, DEFAULT_DPOP_ALGORITHMS, type Verifier } from '@tokenward/core';
import type { TestIssuer } from '@tokenward/testing';
import type { ErrorRequestHandler, Request } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize, tokenward } from '../src/index.js';
import { EXPRESS_VERSIONS, bearer, entraIssuer, get, listen, optionsFor, type Server } from './helpers.js';

// Core's default: DPoP allowed, so every challenge offers it beside Bearer.
const DPOP_IN_ORDERS = `DPoP realm="orders", algs="${DEFAULT_DPOP_ALGORITHMS.join(' ')}"`;

describe.each(EXPRESS_VERSIONS)('tokenward() and authorize() on %s', (_name, createApp) => {
  let issuer: TestIssuer;
  let server: Server;
  let verifications = 0;
  let checkedRequest: Request | undefined;

  beforeAll(async () => {
    issuer = await entraIssuer();
    const verifier: Verifier = createVerifier(optionsFor(issuer, () => verifications++));
    const required = { verifier, realm: 'orders' };
    const optional = { verifier, realm: 'orders', optional: true };
    const app = createApp();

    app.get('/me', tokenward(required), (req, res) => {
      res.json({ subject: req.auth?.principal.subject, clientId: req.auth?.principal.clientId });
    });
    app.get('/maybe', tokenward(optional), (req, res) => {
      res.json({ subject: req.auth === undefined ? null : req.auth.principal.subject });
    });
    app.get('/maybe/admin', tokenward(optional), authorize({ roles: 'Orders.Admin' }), (_req, res) => {
      res.json({ admin: true });
    });
    app.get('/orders', tokenward(required), authorize({ scopes: 'Orders.Read' }), (_req, res) => {
      res.json({ orders: [] });
    });
    app.get(
      '/orders/later',
      tokenward(required),
      (_req, _res, next) => void setImmediate(next),
      authorize({ scopes: 'Orders.Read' }),
      (_req, res) => {
        res.json({ orders: [] });
      },
    );
    app.get(
      '/orders/replaced',
      tokenward(required),
      (req, _res, next) => {
        req.auth = req.auth === undefined ? undefined : { ...req.auth };
        next();
      },
      authorize({ scopes: 'Orders.Read' }),
      (_req, res) => {
        res.json({ orders: [] });
      },
    );
    app.use('/api', tokenward(required));
    app.get('/api/admin', tokenward(required, { roles: 'Orders.Admin' }), (_req, res) => {
      res.json({ admin: true });
    });
    app.get(
      '/tenant',
      tokenward(required, (_token, req) => {
        checkedRequest = req;
        return req.get('x-tenant') === 'contoso' || 'tenant not allowed';
      }),
      (req, res) => {
        res.json({ sameRequest: checkedRequest === req });
      },
    );
    app.get(
      '/check-throws',
      tokenward(required, () => {
        throw new Error('database down');
      }),
      (_req, res) => {
        res.json({ reached: true });
      },
    );
    app.get('/handler-throws', tokenward(required), () => {
      throw new Error('handler bug');
    });
    app.get('/raw-token', tokenward(required), (req, res) => {
      res.json({ token: req.auth?.token });
    });
    app.get('/unwired', authorize({ scopes: 'Orders.Read' }), (_req, res) => {
      res.json({ reached: true });
    });
    const report: ErrorRequestHandler = (error: Error, _req, res, _next) => {
      res.status(500).json({ handled: error.message });
    };
    app.use(report);
    server = await listen(app);
  });

  afterAll(async () => {
    await server?.close();
    await issuer?.close();
  });

  it('sets req.auth to the verified token', async () => {
    const response = await get(server.origin, '/me', bearer(await issuer.mint({ oid: 'user-1' })));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ subject: 'user-1', clientId: issuer.clientId });
  });

  it('gives the handler the raw token on req.auth.token, for On-Behalf-Of flows', async () => {
    const token = await issuer.mint({ oid: 'user-1' });
    const response = await get(server.origin, '/raw-token', bearer(token));
    expect(response.body).toEqual({ token });
  });

  it('answers a request without a token with 401 and the realm', async () => {
    const response = await get(server.origin, '/me');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(`Bearer realm="orders", ${DPOP_IN_ORDERS}`);
  });

  it('lets a request without a token through with req.auth undefined in optional mode', async () => {
    const response = await get(server.origin, '/maybe');
    expect(response).toMatchObject({ status: 200, body: { subject: null } });
  });

  it('sets req.auth in optional mode when the request has a valid token', async () => {
    const response = await get(server.origin, '/maybe', bearer(await issuer.mint({ oid: 'user-2' })));
    expect(response).toMatchObject({ status: 200, body: { subject: 'user-2' } });
  });

  it('rejects an invalid token in optional mode with 401', async () => {
    const response = await get(server.origin, '/maybe', bearer(await issuer.mint({}, { expiresInSec: -600 })));
    expect(response).toMatchObject({ status: 401, body: { error: 'invalid_token' } });
  });

  it('answers 401 when authorize() follows optional mode and the request has no token', async () => {
    const response = await get(server.origin, '/maybe/admin');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(`Bearer realm="orders", ${DPOP_IN_ORDERS}`);
  });

  it('lets a route pass with the scope authorize() requires', async () => {
    const response = await get(server.origin, '/orders', bearer(await issuer.mint({ scp: 'Orders.Read' })));
    expect(response.status).toBe(200);
  });

  it('answers a missing scope in authorize() with 403 and the realm of the tokenward() in front', async () => {
    const response = await get(server.origin, '/orders', bearer(await issuer.mint({ scp: 'Orders.Write' })));
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="orders", error="insufficient_scope", .*scope="Orders.Read", DPoP realm="orders", algs="[^"]+"$/,
    );
  });

  it('does not verify the token again in authorize()', async () => {
    const before = verifications;
    const response = await get(server.origin, '/orders', bearer(await issuer.mint({ scp: 'Orders.Read' })));
    expect(response.status).toBe(200);
    expect(verifications).toBe(before + 1);
  });

  it('finds the tokenward() in front, and its token, across an asynchronous middleware', async () => {
    const before = verifications;
    const response = await get(server.origin, '/orders/later', bearer(await issuer.mint({ scp: 'Orders.Read' })));
    expect(response.status).toBe(200);
    expect(verifications).toBe(before + 1);
  });

  it('verifies the token again in authorize() when req.auth was replaced after tokenward()', async () => {
    const before = verifications;
    const response = await get(server.origin, '/orders/replaced', bearer(await issuer.mint({ scp: 'Orders.Read' })));
    expect(response.status).toBe(200);
    expect(verifications).toBe(before + 2);
  });

  it('does not verify a token again in a route-level tokenward() behind an app-wide one', async () => {
    const before = verifications;
    const user = await get(server.origin, '/api/admin', bearer(await issuer.mint()));
    const admin = await get(server.origin, '/api/admin', bearer(await issuer.mint({ roles: ['Orders.Admin'] })));
    expect([user.status, admin.status]).toEqual([403, 200]);
    expect(verifications).toBe(before + 2);
  });

  it('passes the Express req to a requirement check', async () => {
    const allowed = await get(server.origin, '/tenant', { headers: { ...bearer(await issuer.mint()).headers, 'x-tenant': 'contoso' } });
    const denied = await get(server.origin, '/tenant', { headers: { ...bearer(await issuer.mint()).headers, 'x-tenant': 'fabrikam' } });
    expect(allowed).toMatchObject({ status: 200, body: { sameRequest: true } });
    expect(denied).toMatchObject({ status: 403, body: { error: 'insufficient_scope', error_description: 'tenant not allowed' } });
  });

  it('answers a plain error thrown by a requirement check as a token failure, never 500', async () => {
    const response = await get(server.origin, '/check-throws', bearer(await issuer.mint()));
    expect(response).toMatchObject({ status: 401, body: { error: 'invalid_token' } });
  });

  it('passes an error thrown by the route handler to Express, not answered as a token failure', async () => {
    const response = await get(server.origin, '/handler-throws', bearer(await issuer.mint()));
    expect(response).toMatchObject({ status: 500, body: { handled: 'handler bug' } });
  });

  it('passes authorize() without a tokenward() in front to Express as a wiring error', async () => {
    const response = await get(server.origin, '/unwired', bearer(await issuer.mint({ scp: 'Orders.Read' })));
    expect(response).toMatchObject({ status: 500, body: { handled: expect.stringMatching(/no tokenward\(\) in front/) } });
  });
});
