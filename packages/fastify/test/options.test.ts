import { createVerifier, entra } from '@tokenward/core';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { tokenward, type TokenwardFastifyOptions } from '../src/index.js';
import { FASTIFY_VERSIONS } from './helpers.js';

// Config mistakes are TypeErrors when the plugin is registered or a route is declared, never per request.
const issuers = [entra({ tenantId: '0c5b0a8e-0a53-4d3e-9e36-6f2c1f0a0001', audience: 'api://orders' })];
const register = (app: FastifyInstance, options: unknown) => app.register(tokenward, options as TokenwardFastifyOptions);

describe.each(FASTIFY_VERSIONS)('configuration mistakes on %s', (_version, factory) => {
  let app: FastifyInstance;

  afterEach(() => app?.close());

  it.each([
    ['no issuers and no verifier', {}],
    ['an empty issuer list', { issuers: [] }],
    ['a realm that is not a string', { issuers, realm: 42 }],
    ['includeDescription that is not a boolean', { issuers, includeDescription: 'no' }],
    ['optional that is not a boolean', { issuers, optional: 1 }],
    ['an unknown errorMode', { issuers, errorMode: 'log' }],
    ['onError with errorMode throw', { issuers, errorMode: 'throw', onError: () => ({ status: 401 }) }],
    ['onError that is not a function', { issuers, onError: 'reply' }],
    ['a verifier that is not one', { verifier: {} }],
  ])('rejects %s with a TypeError at registration', async (_name, options) => {
    app = factory();
    await expect(register(app, options)).rejects.toThrow(TypeError);
  });

  it('rejects verifier options beside a verifier, which it would otherwise ignore', async () => {
    app = factory();
    await expect(register(app, { verifier: createVerifier({ issuers }), clockToleranceSec: 30 })).rejects.toThrow(
      new TypeError('tokenward: fastify: give either a verifier or verifier options, found verifier and clockToleranceSec'),
    );
  });

  it('accepts a verifier from createVerifier()', async () => {
    app = factory();
    await expect(register(app, { verifier: createVerifier({ issuers }), realm: 'orders' })).resolves.toBeDefined();
  });

  it('rejects an invalid route requirement with a TypeError when the route is declared', async () => {
    app = factory();
    await register(app, { issuers });
    expect(() => app.get('/x', { config: { tokenward: { scopes: [] } } }, async () => 'x')).toThrow(TypeError);
    expect(() => app.get('/y', { config: { tokenward: { scopez: 'Orders.Read' } as never } }, async () => 'y')).toThrow(
      /unknown option 'scopez'/,
    );
  });

  it('rejects config.tokenward: false, which would read as protection but give none', async () => {
    app = factory();
    await register(app, { issuers });
    expect(() => app.get('/x', { config: { tokenward: false as never } }, async () => 'x')).toThrow(TypeError);
  });

  it('rejects authorize() without a requirement, or with an invalid one, when called', async () => {
    app = factory();
    await register(app, { issuers });
    expect(() => app.authorize(undefined as never)).toThrow(TypeError);
    expect(() => app.authorize({ roles: '' })).toThrow(TypeError);
  });

  it('refuses a second registration in the same context', async () => {
    app = factory();
    await register(app, { issuers });
    await expect(register(app, { issuers })).rejects.toThrow();
  });
});
