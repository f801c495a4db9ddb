import { createVerifier, type Verifier } from '@tokenward/core';
import type { TestIssuer } from '@tokenward/testing';
import type { Request } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenward } from '../src/index.js';
import { EXPRESS_VERSIONS, bearer, entraIssuer, get, listen, optionsFor, type Server } from './helpers.js';

// `tokenLocation` per mount: the query parameter on the one route that needs it (an EventSource), a
// cookie for a browser front end, the header everywhere; one verifier and key cache for all of them.
describe.each(EXPRESS_VERSIONS)('tokenLocation on %s', (_name, createApp) => {
  let issuer: TestIssuer;
  let server: Server;
  let token: string;

  beforeAll(async () => {
    issuer = await entraIssuer();
    token = await issuer.mint({ oid: 'user-1' });
    const verifier: Verifier = createVerifier(optionsFor(issuer));
    const app = createApp();
    const subject = (req: Request) => ({ subject: req.auth?.principal.subject });
    app.get('/orders', tokenward({ verifier }), (req, res) => void res.json(subject(req)));
    app.get('/events', tokenward({ verifier, tokenLocation: { query: true } }), (req, res) => void res.json(subject(req)));
    app.get('/session', tokenward({ verifier, tokenLocation: { cookie: '__Host-at' } }), (req, res) => void res.json(subject(req)));
    app.get('/session/cached', tokenward({ verifier, tokenLocation: { cookie: '__Host-at' } }), (req, res) => {
      res.set('Cache-Control', 'no-store').json(subject(req));
    });
    server = await listen(app);
  });

  afterAll(async () => {
    await server?.close();
    await issuer?.close();
  });

  it('reads the query parameter where the mount asks for it, answering Cache-Control: private', async () => {
    const response = await get(server.origin, `/events?access_token=${token}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ subject: 'user-1' });
    expect(response.headers.get('cache-control')).toBe('private');
  });

  it('ignores the query parameter on a mount that does not ask for it', async () => {
    const response = await get(server.origin, `/orders?access_token=${token}`);
    expect(response.status).toBe(401);
  });

  it('reads the cookie', async () => {
    const response = await get(server.origin, '/session', { headers: { cookie: `__Host-at=${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private');
  });

  it("keeps the handler's own Cache-Control", async () => {
    const response = await get(server.origin, '/session/cached', { headers: { cookie: `__Host-at=${token}` } });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('adds no Cache-Control for a token from the header', async () => {
    const response = await get(server.origin, '/events', bearer(token));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBeNull();
  });

  it('answers a token in the header and the query with 400 invalid_request', async () => {
    const response = await get(server.origin, `/events?access_token=${token}`, bearer(token));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_request' });
  });

  it('refuses a bad tokenLocation when the middleware is created', () => {
    expect(() => tokenward({ issuers: [], tokenLocation: { cookie: 'two words' } })).toThrow(
      'tokenward: express: tokenLocation.cookie must be a cookie name',
    );
  });
});
