import { HttpResponse } from '@azure/functions';
import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withAuth } from '../src/index.js';
import { bearer, invocation, optionsFor, requestFor, sent } from './helpers.js';

// `tokenLocation` per handler: the query parameter for the one function that needs it, on real
// @azure/functions request and response objects.
let issuer: TestIssuer;
let token: string;

beforeAll(async () => {
  issuer = await createTestIssuer({ provider: 'entra' });
  token = await issuer.mint({ oid: 'user-1' });
});

afterAll(() => issuer?.close());

const events = 'http://127.0.0.1:7071/api/events';
const subject = async (_request: unknown, _context: unknown, auth: { principal: { subject: string | undefined } }) => ({
  jsonBody: { subject: auth.principal.subject },
});

describe('withAuth with tokenLocation', () => {
  it('reads the query parameter and answers Cache-Control: private', async () => {
    const handler = withAuth({ ...optionsFor(issuer), tokenLocation: { query: true } }, null, subject);
    const response = await sent(await handler(requestFor([], `${events}?access_token=${token}`), invocation()));
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ subject: 'user-1' });
    expect(response.headers.get('cache-control')).toBe('private');
  });

  it('reads the cookie, adding Cache-Control to an HttpResponse the handler returns', async () => {
    const handler = withAuth(
      { ...optionsFor(issuer), tokenLocation: { cookie: 'at' } },
      null,
      async () => new HttpResponse({ jsonBody: { ok: true }, headers: { 'x-handler': 'yes' } }),
    );
    const response = await sent(await handler(requestFor([['Cookie', `at=${token}`]]), invocation()));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private');
    expect(response.headers.get('x-handler')).toBe('yes');
  });

  it("keeps the handler's own Cache-Control", async () => {
    const handler = withAuth({ ...optionsFor(issuer), tokenLocation: { cookie: 'at' } }, null, async () => ({
      jsonBody: {},
      headers: { 'Cache-Control': 'no-store' },
    }));
    const response = await sent(await handler(requestFor([['Cookie', `at=${token}`]]), invocation()));
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('reads only the header by default', async () => {
    const handler = withAuth(optionsFor(issuer), null, subject);
    expect((await sent(await handler(requestFor([], `${events}?access_token=${token}`), invocation()))).status).toBe(401);
  });

  it('answers a token in the header and the query with 400 invalid_request', async () => {
    const handler = withAuth({ ...optionsFor(issuer), tokenLocation: { query: true } }, null, subject);
    const response = await sent(await handler(requestFor([bearer(token)], `${events}?access_token=${token}`), invocation()));
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('refuses a bad tokenLocation when the handler is declared', () => {
    expect(() => withAuth({ ...optionsFor(issuer), tokenLocation: { cookie: '' } }, null, subject)).toThrow(
      'tokenward: azure-functions: tokenLocation.cookie must be a cookie name',
    );
  });
});
