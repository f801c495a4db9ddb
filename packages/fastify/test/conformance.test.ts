import {
  CONFORMANCE_CASES,
  createHttpSender,
  runConformanceCase,
  startConformance,
  type ConformanceEnvironment,
  type ConformanceSend,
} from '@tokenward/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceApp, FASTIFY_VERSIONS } from './helpers.js';

// The conformance table of @tokenward/testing, answered by real Fastify servers (4 and 5) over HTTP,
// so two Authorization headers arrive as two header lines.
let environment: ConformanceEnvironment;

beforeAll(async () => {
  environment = await startConformance();
});

afterAll(() => environment?.close());

const cases = CONFORMANCE_CASES.map((testCase) => [testCase.name, testCase] as const);

describe.each(FASTIFY_VERSIONS)('conformance: %s over HTTP', (_version, factory) => {
  let app: FastifyInstance;
  let send: ConformanceSend;

  beforeAll(async () => {
    app = await conformanceApp(factory, environment.setup);
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
  const send: ConformanceSend = async ({ method, target, headers }) => {
    const lines: Record<string, string[]> = {};
    for (const [name, value] of headers) (lines[name.toLowerCase()] ??= []).push(value);
    const response = await app.inject({ method, url: target, headers: lines });
    return { status: response.statusCode, headers: new Headers(response.headers as Record<string, string>), body: response.body };
  };

  beforeAll(async () => {
    app = await conformanceApp(factory, environment.setup);
    await app.ready();
  });

  afterAll(() => app?.close());

  const injected = [
    'valid token with the required scope',
    'missing Authorization header',
    'two Authorization headers',
    'insufficient scope',
    'missing app role',
    'denied client application',
  ];
  it.each(cases.filter(([name]) => injected.includes(name)))('%s', async (_name, testCase) => {
    const result = await runConformanceCase(environment, testCase, send);
    expect(result.mismatches).toEqual([]);
  });
});
