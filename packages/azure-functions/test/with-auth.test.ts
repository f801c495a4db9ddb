import { HttpResponse } from '@azure/functions';
import { DEFAULT_DPOP_ALGORITHMS, requireRoles, type VerifierOptions } from '@tokenward/core';
import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authOf, withAuth } from '../src/index.js';
import { bearer, invocation, optionsFor, requestFor, sent } from './helpers.js';

let issuer: TestIssuer;
let down: TestIssuer;
let options: VerifierOptions & { realm: string };

beforeAll(async () => {
  [issuer, down] = await Promise.all([createTestIssuer({ provider: 'entra' }), createTestIssuer({ provider: 'entra' })]);
  down.setFault({ kind: 'outage' });
  options = { ...optionsFor(issuer), realm: 'orders' };
});

afterAll(() => Promise.all([issuer?.close(), down?.close()]));

const subject = async (_request: unknown, _context: unknown, auth: { principal: { subject: string | undefined } }) => ({
  jsonBody: { subject: auth.principal.subject },
});

describe('withAuth', () => {
  it('calls the handler with the request, the invocation context and the verified token', async () => {
    const request = requestFor([bearer(await issuer.mint({ scp: 'Orders.Read' }))]);
    const context = invocation();
    const handler = vi.fn(subject);
    const response = await sent(await withAuth(options, { scopes: 'Orders.Read' }, handler)(request, context));
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ subject: expect.any(String) });
    expect(handler).toHaveBeenCalledWith(
      request,
      context,
      expect.objectContaining({ claims: expect.objectContaining({ scp: 'Orders.Read' }) }),
    );
  });

  it('answers a request without a token with 401, a bare challenge carrying the realm, no-store and a JSON body', async () => {
    const handler = vi.fn(subject);
    const result = await withAuth(options, null, handler)(requestFor(), invocation());
    expect(result).toMatchObject({ status: 401, jsonBody: { error: 'invalid_request' } });
    const response = await sent(result);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer realm="orders", DPoP realm="orders", algs="${DEFAULT_DPOP_ALGORITHMS.join(' ')}"`,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(handler).not.toHaveBeenCalled();
  });

  it('answers a token without the required scope with 403 insufficient_scope naming the scope', async () => {
    const response = await sent(
      await withAuth(options, { scopes: 'Orders.Read' }, subject)(requestFor([bearer(await issuer.mint())]), invocation()),
    );
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="orders", error="insufficient_scope", .*scope="Orders.Read"/);
  });

  it('answers two Authorization headers, joined by the host into one value, with 400 invalid_request', async () => {
    const token = await issuer.mint();
    const response = await sent(await withAuth(options, null, subject)(requestFor([bearer(token), bearer(token)]), invocation()));
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('gives a requirement check the token, the Functions request and the invocation context', async () => {
    const check = vi.fn(() => true);
    const request = requestFor([bearer(await issuer.mint())]);
    const context = invocation();
    await withAuth(options, check, subject)(request, context);
    expect(check).toHaveBeenCalledWith(expect.objectContaining({ principal: expect.any(Object) }), { request, context });
  });

  it('answers 403 forbidden with the message when a requirement check returns one', async () => {
    const onlyTenantRoute = withAuth(
      options,
      ({ principal }, { request }) => principal.tenantId === request.query.get('tenant') || "another tenant's data",
      subject,
    );
    const token = await issuer.mint();
    const allowed = await sent(
      await onlyTenantRoute(requestFor([bearer(token)], `http://127.0.0.1/api/orders?tenant=${issuer.tenantId}`), invocation()),
    );
    const denied = await sent(await onlyTenantRoute(requestFor([bearer(token)], 'http://127.0.0.1/api/orders?tenant=other'), invocation()));
    expect(allowed.status).toBe(200);
    expect(denied.status).toBe(403);
    expect(denied.json()).toEqual({ error: 'insufficient_scope', error_description: "another tenant's data" });
  });

  it('answers an authorization error thrown by the handler itself like one from the requirement', async () => {
    const handler = withAuth(options, null, (_request, _context, auth) => {
      requireRoles(auth, 'Orders.Admin');
      return { status: 204 };
    });
    const response = await sent(await handler(requestFor([bearer(await issuer.mint())]), invocation()));
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
  });

  it('lets errors that are not token problems propagate to the Functions host', async () => {
    const handler = withAuth(options, null, () => {
      throw new Error('a bug in the handler');
    });
    await expect(handler(requestFor([bearer(await issuer.mint())]), invocation())).rejects.toThrow('a bug in the handler');
  });

  it('passes an HttpResponse from the handler through unchanged', async () => {
    const response = new HttpResponse({ status: 202, body: 'accepted' });
    expect(await withAuth(options, null, () => response)(requestFor([bearer(await issuer.mint())]), invocation())).toBe(response);
  });

  it('answers 503 temporarily_unavailable with Retry-After, not 500, and warns through the context without the token', async () => {
    const token = await down.mint();
    const context = invocation();
    const response = await sent(await withAuth(optionsFor(down), null, subject)(requestFor([bearer(token)]), context));
    expect(response.status).toBe(503);
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(response.json()).toMatchObject({ error: 'temporarily_unavailable' });
    expect(context.logs).toEqual([{ level: 'warning', message: expect.stringContaining('tokenward: ') }]);
    expect(context.logs[0]?.message).not.toContain(token.split('.')[1]);
  });

  it("logs nothing for a client's token problem", async () => {
    const context = invocation();
    await withAuth(options, null, subject)(requestFor([bearer('not-a.jwt')]), context);
    expect(context.logs).toEqual([]);
  });

  it('exposes the identity through authOf(context) during the invocation', async () => {
    const handler = withAuth(options, null, (_request, context, auth) => ({ jsonBody: { same: authOf(context) === auth } }));
    expect(await handler(requestFor([bearer(await issuer.mint())]), invocation())).toEqual({ jsonBody: { same: true } });
    expect(authOf(invocation())).toBeUndefined();
  });

  it('builds one verifier for every handler given the same options object, and fetches keys once', async () => {
    const fresh = await createTestIssuer({ provider: 'entra' });
    try {
      const shared = optionsFor(fresh);
      const first = withAuth(shared, null, subject);
      const second = withAuth(shared, { scopes: 'Orders.Read' }, subject);
      const token = await fresh.mint({ scp: 'Orders.Read' });
      for (let i = 0; i < 3; i++) {
        expect((await sent(await first(requestFor([bearer(token)]), invocation()))).status).toBe(200);
        expect((await sent(await second(requestFor([bearer(token)]), invocation()))).status).toBe(200);
      }
      expect(fresh.requests.jwks).toBe(1);
    } finally {
      await fresh.close();
    }
  });
});

describe('onError', () => {
  it('replaces the answer with the response it returns, given the error, the default response, the request and the context', async () => {
    const onError = vi.fn((error: { code: string }, { response }: { response: { status?: number } }) => ({
      status: response.status,
      jsonBody: { code: error.code },
    }));
    const request = requestFor([bearer('not-a.jwt')]);
    const context = invocation();
    const result = await withAuth({ ...options, onError }, null, subject)(request, context);
    expect(result).toEqual({ status: 401, jsonBody: { code: 'token_malformed' } });
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'token_malformed' }), {
      request,
      context,
      response: expect.objectContaining({ status: 401, jsonBody: expect.objectContaining({ error: 'invalid_token' }) }),
    });
  });

  it('sends the default answer when it returns nothing', async () => {
    const result = await withAuth({ ...options, onError: () => undefined }, null, subject)(requestFor(), invocation());
    expect(result).toMatchObject({ status: 401, jsonBody: { error: 'invalid_request' } });
  });

  it('hands the error to the Functions host when it throws', async () => {
    const handler = withAuth(
      {
        ...options,
        onError: (error) => {
          throw error;
        },
      },
      { scopes: 'Orders.Read' },
      subject,
    );
    await expect(handler(requestFor([bearer(await issuer.mint())]), invocation())).rejects.toMatchObject({
      code: 'insufficient_scope',
      status: 403,
    });
  });
});

describe('optional', () => {
  it('calls the handler without an identity when the request carries no credential', async () => {
    const handler = withAuth({ ...options, optional: true }, null, (_request, _context, auth) => ({
      jsonBody: { anonymous: auth === undefined },
    }));
    expect(await handler(requestFor(), invocation())).toEqual({ jsonBody: { anonymous: true } });
  });

  it('still verifies a token that is present', async () => {
    const handler = withAuth({ ...options, optional: true }, null, (_request, _context, auth) => ({
      jsonBody: { subject: auth?.principal.subject },
    }));
    expect(await handler(requestFor([bearer(await issuer.mint())]), invocation())).toEqual({ jsonBody: { subject: expect.any(String) } });
  });

  it('still rejects a token that is present but invalid', async () => {
    const handler = vi.fn(() => ({ status: 204 }));
    const result = await withAuth(
      { ...options, optional: true },
      null,
      handler,
    )(requestFor([bearer(await issuer.mint({}, { expiresInSec: -600 }))]), invocation());
    expect(result).toMatchObject({ status: 401, jsonBody: { error: 'invalid_token' } });
    expect(handler).not.toHaveBeenCalled();
  });
});
