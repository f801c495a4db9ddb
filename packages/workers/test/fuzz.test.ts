import { fileURLToPath } from 'node:url';
import { createVerifier, entra, type Verifier } from '@tokenward/core';
import {
  decideLikeCore,
  fuzzSettings,
  fuzzTokens,
  judgeFuzzAnswer,
  startAttacks,
  withinDeadline,
  type AttackEnvironment,
  type FuzzTokenSet,
  type ConformanceSend,
} from '@tokenward/testing';
import { authorizationLines } from '@tokenward/testing/fuzz';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type Workers } from './harness.js';

// Property-based fuzzing of the Worker entry points' header handling in workerd: any set of
// Authorization header lines (joined with ", " as Web Headers and Cloudflare's edge join them) (odd schemes, whitespace, lists, genuine, damaged and attack-table tokens) gets exactly
// the status core decides for the same lines, only ever 200/400/401/403, and no request leaves for a
// URL a token names. FUZZ_RUNS=100000 for a long run.
const SETTINGS = fuzzSettings(200);
const ENTRY = fileURLToPath(new URL('./fixtures/conformance-worker.ts', import.meta.url));

let environment: AttackEnvironment;
let oracle: Verifier;
let tokens: FuzzTokenSet;
let workers: Workers;

beforeAll(async () => {
  environment = await startAttacks();
  oracle = createVerifier({ issuers: environment.setup.issuers.map((settings) => entra(settings)), jwks: environment.setup.jwks });
  tokens = await fuzzTokens(environment);
  const bindings = { CONFORMANCE: JSON.stringify(environment.setup) };
  workers = await startWorkers({ fetch: bindings, hono: bindings }, ENTRY);
});

afterAll(async () => {
  await workers?.dispose();
  await environment?.close();
});

const decide = (values: readonly string[]) => decideLikeCore((headers) => oracle.authenticate(headers), values, 'web');

describe.each([
  ['withAuth', 'fetch.fetch.test'],
  ['the Hono middleware', 'hono.hono.test'],
])('fuzzing %s in workerd', (_entry, host) => {
  const send: ConformanceSend = async ({ method, path, headers }) => {
    const response = await workers.fetch(`http://${host}${path}`, {
      method,
      headers: headers.map(([name, value]): [string, string] => [name, value]),
    });
    return { status: response.status, headers: response.headers, body: await response.text() };
  };

  it(
    "answers any Authorization lines with core's decision, never a 5xx, within the deadline",
    { timeout: SETTINGS.testTimeoutMs },
    async () => {
      await fc.assert(
        fc.asyncProperty(authorizationLines(tokens), async (values) => {
          const response = await withinDeadline(
            send({ method: 'GET', path: '/orders', target: '/orders', headers: values.map((value) => ['Authorization', value] as const) }),
          );
          expect(judgeFuzzAnswer(response, await decide(values))).toEqual([]);
        }),
        SETTINGS,
      );
    },
  );
});

describe('fuzzing in workerd: what all the runs caused', () => {
  it("never contacted the attacker's server, whose URLs the tokens carried", () => {
    expect(environment.attacker.requests.total).toBe(0);
  });
});
