import { fileURLToPath } from 'node:url';
import {
  CONFORMANCE_CASES,
  runConformanceCase,
  startConformance,
  type ConformanceEnvironment,
  type ConformanceSend,
} from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type Workers } from './harness.js';

// The conformance table of @tokenward/testing, answered in workerd by both entry points.
const ENTRY = fileURLToPath(new URL('./fixtures/conformance-worker.ts', import.meta.url));

let environment: ConformanceEnvironment;
let workers: Workers;

beforeAll(async () => {
  environment = await startConformance();
  // One isolate per entry point, so neither warms the other's key cache.
  const bindings = { CONFORMANCE: JSON.stringify(environment.setup) };
  workers = await startWorkers({ fetch: bindings, hono: bindings }, ENTRY);
});

afterAll(async () => {
  await workers?.dispose();
  await environment?.close();
});

function sendTo(host: string): ConformanceSend {
  return async ({ method, target, headers }) => {
    // Web Headers (and so workerd) join repeated fields with ", ", as Cloudflare's edge does.
    const response = await workers.fetch(`http://${host}${target}`, {
      method,
      headers: headers.map(([name, value]): [string, string] => [name, value]),
    });
    return { status: response.status, headers: response.headers, body: await response.text() };
  };
}

const cases = CONFORMANCE_CASES.map((testCase) => [testCase.name, testCase] as const);

describe('conformance: withAuth in workerd', () => {
  it.each(cases)('%s', async (_name, testCase) => {
    const result = await runConformanceCase(environment, testCase, sendTo('fetch.fetch.test'));
    expect(result.mismatches).toEqual([]);
  });
});

describe('conformance: the Hono middleware in workerd', () => {
  it.each(cases)('%s', async (_name, testCase) => {
    const result = await runConformanceCase(environment, testCase, sendTo('hono.hono.test'));
    expect(result.mismatches).toEqual([]);
  });
});
