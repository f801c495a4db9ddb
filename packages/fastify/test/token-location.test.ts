import type { TestIssuer } from '@tokenward/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tokenward } from '../src/index.js';
import { appWith, bearer, entraIssuer, FASTIFY_VERSIONS, optionsFor } from './helpers.js';

let issuer: TestIssuer;
let token: string;

beforeAll(async () => {
  issuer = await entraIssuer();
  token = await issuer.mint({ oid: 'user-1' });
});

afterAll(() => issuer?.close());

describe.each(FASTIFY_VERSIONS)('tokenLocation on %s', (_version, factory) => {
  let app: FastifyInstance | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function appReading(tokenLocation: { cookie?: string; query?: boolean | string }): Promise<FastifyInstance> {
    const created = await appWith(factory, optionsFor(issuer, { tokenLocation }));
    created.get('/events', { config: { tokenward: true } }, async (request) => ({ subject: request.auth?.principal.subject }));
    created.get('/fresh', { config: { tokenward: true } }, async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      return { subject: request.auth?.principal.subject };
    });
    return created;
  }

  it('reads the query parameter, answering Cache-Control: private', async () => {
    app = await appReading({ query: true });
    const response = await app.inject({ url: `/events?access_token=${token}` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ subject: 'user-1' });
    expect(response.headers['cache-control']).toBe('private');
  });

  it('reads the cookie', async () => {
    app = await appReading({ cookie: 'at' });
    const response = await app.inject({ url: '/events', headers: { cookie: `at=${token}` } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('private');
  });

  it("lets the handler's own Cache-Control win", async () => {
    app = await appReading({ cookie: 'at' });
    const response = await app.inject({ url: '/fresh', headers: { cookie: `at=${token}` } });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('reads only the header by default', async () => {
    app = await appWith(factory, optionsFor(issuer));
    app.get('/events', { config: { tokenward: true } }, async () => ({}));
    expect((await app.inject({ url: `/events?access_token=${token}` })).statusCode).toBe(401);
  });

  it('answers a token in the header and the cookie with 400 invalid_request', async () => {
    app = await appReading({ cookie: 'at' });
    const response = await app.inject({ url: '/events', headers: { ...bearer(token), cookie: `at=${token}` } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('refuses a bad tokenLocation at registration', async () => {
    const instance = factory();
    await expect(instance.register(tokenward, optionsFor(issuer, { tokenLocation: { query: '' } }))).rejects.toThrow(
      'tokenward: fastify: tokenLocation.query must be true, false or a parameter name',
    );
    await instance.close();
  });
});

describe.each(FASTIFY_VERSIONS)("a route's config.tokenwardLocation on %s", (_version, factory) => {
  let app: FastifyInstance | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('reads the query parameter on that route only, with one verifier for all', async () => {
    app = await appWith(factory, optionsFor(issuer));
    const subject = async (request: { auth: { principal: { subject?: string } } | null }) => ({ subject: request.auth?.principal.subject });
    app.get('/events', { config: { tokenward: true, tokenwardLocation: { query: true } } }, subject);
    app.get('/orders', { config: { tokenward: true } }, subject);
    const events = await app.inject({ url: `/events?access_token=${token}` });
    expect([events.statusCode, events.json(), events.headers['cache-control']]).toEqual([200, { subject: 'user-1' }, 'private']);
    expect((await app.inject({ url: `/orders?access_token=${token}` })).statusCode).toBe(401);
  });

  it('still checks the route requirement', async () => {
    app = await appWith(factory, optionsFor(issuer));
    app.get('/events', { config: { tokenward: { scopes: 'Events.Read' }, tokenwardLocation: { query: true } } }, async () => ({}));
    expect((await app.inject({ url: `/events?access_token=${token}` })).statusCode).toBe(403);
  });

  it('refuses a bad location when the route is declared', async () => {
    app = await appWith(factory, optionsFor(issuer));
    expect(() => app?.get('/events', { config: { tokenward: true, tokenwardLocation: { cookie: 'a b' } } }, async () => ({}))).toThrow(
      'tokenward: fastify: config.tokenwardLocation: tokenLocation.cookie must be a cookie name',
    );
  });

  it('refuses a location on a route tokenward does not protect', async () => {
    app = await appWith(factory, optionsFor(issuer));
    expect(() => app?.get('/events', { config: { tokenwardLocation: { query: true } } }, async () => ({}))).toThrow(
      'config.tokenwardLocation needs config.tokenward',
    );
  });
});
