import { createAccessPolicy, entra } from '@tokenward/core';
import { CONFORMANCE_CASES, createHttpSender, runConformanceCase, startConformance, type ConformanceEnvironment, type ConformanceSend } from '@tokenward/testing';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorResponses, tokenward } from '../src/index.js';
import { FASTIFY_VERSIONS, type FastifyFactory } from './helpers.js';

// The conformance table of @tokenward/testing, answered by real Fastify servers (4 and 5) over HTTP,
// so two Authorization headers arrive as two header lines.
let environment: ConformanceEnvironment;

beforeAll(async () => {
  environment = await startConformance();
});

afterAll(() => environment?.close());

/** The conformance app, built from `setup` exactly like core's reference driver. */
async function conformanceApp(factory: FastifyFactory): Promise<FastifyInstance> {
  const { setup } = environment;
  const app = factory();
  await app.register(tokenward, {
    issuers: setup.issuers.map((settings) => entra(settings)),
    jwks: setup.jwks,
    realm: setup.realm,
    includeDescription: setup.includeDescription,
  });
  const identify = async (request: Pick<FastifyRequest, 'auth'>) => ({ subject: request.auth?.principal.subject });
  const schema = { response: errorResponses };
  app.get(setup.routes.orders.path, { config: { tokenward: setup.routes.orders.requirement }, schema }, identify);
  app.get(setup.routes.admin.path, { config: { tokenward: setup.routes.admin.requirement }, schema }, identify);
  app.get(setup.routes.partner.path, { config: { tokenward: createAccessPolicy(setup.routes.partner.policy) }, schema }, identify);
  return app;
}

const cases = CONFORMANCE_CASES.map((testCase) => [testCase.name, testCase] as const);

describe.each(FASTIFY_VERSIONS)('conformance: %s over HTTP', (_version, factory) => {
  let app: FastifyInstance;
  let send: ConformanceSend;

  beforeAll(async () => {
    app = await conformanceApp(factory);
    send = createHttpSender(await app.listen({ host: '127.0.0.1', port: 0 }));
  });

  afterAll(() => app?.close());

  it.each(cases)('%s', async (_name, testCase) => {
    const result = await runConformanceCase(environment, testCase, send);
    expect(result.mismatches).toEqual([]);
  });
});

describe.each(FASTIFY_VERSIONS)('conformance: %s through fastify.inject', (_version, factory) => {
  let app: FastifyInstance;
  // inject passes repeated headers as an array; light-my-request reports them as separate raw lines.
  const send: ConformanceSend = async ({ method, path, headers }) => {
    const lines: Record<string, string[]> = {};
    for (const [name, value] of headers) (lines[name.toLowerCase()] ??= []).push(value);
    const response = await app.inject({ method, url: path, headers: lines });
    return { status: response.statusCode, headers: new Headers(response.headers as Record<string, string>), body: response.body };
  };

  beforeAll(async () => {
    app = await conformanceApp(factory);
    await app.ready();
  });

  afterAll(() => app?.close());

  const injected = ['valid token with the required scope', 'missing Authorization header', 'two Authorization headers', 'insufficient scope', 'missing app role', 'denied client application'];
  it.each(cases.filter(([name]) => injected.includes(name)))('%s', async (_name, testCase) => {
    const result = await runConformanceCase(environment, testCase, send);
    expect(result.mismatches).toEqual([]);
  });
});
