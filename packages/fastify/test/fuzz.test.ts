import { createVerifier, entra, type Verifier } from '@tokenward/core';
import {
  createHttpSender,
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
import type { FastifyInstance } from 'fastify';
import { conformanceApp, FASTIFY_VERSIONS } from './helpers.js';

// Property-based fuzzing of the plugin's header handling over real HTTP (Fastify 4 and 5): any set of Authorization
// header lines (odd schemes, whitespace, lists, genuine, damaged and attack-table tokens) gets exactly
// the status core decides for the same lines, only ever 200/400/401/403, and no request leaves for a
// URL a token names. FUZZ_RUNS=100000 for a long run.
const SETTINGS = fuzzSettings(300);

let environment: AttackEnvironment;
let oracle: Verifier;
let tokens: FuzzTokenSet;

beforeAll(async () => {
  environment = await startAttacks();
  oracle = createVerifier({ issuers: environment.setup.issuers.map((settings) => entra(settings)), jwks: environment.setup.jwks });
  tokens = await fuzzTokens(environment);
});

afterAll(() => environment?.close());

const decide = (values: readonly string[]) => decideLikeCore((headers) => oracle.authenticate(headers), values, 'node');

describe.each(FASTIFY_VERSIONS)('fuzzing the plugin in %s over HTTP', (_name, factory) => {
  let app: FastifyInstance;
  let send: ConformanceSend;

  beforeAll(async () => {
    app = await conformanceApp(factory, environment.setup, { maxHeaderSize: 64 * 1024 });
    send = createHttpSender(await app.listen({ host: '127.0.0.1', port: 0 }));
  });

  afterAll(() => app?.close());

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

describe('fuzzing Fastify: what all the runs caused', () => {
  it("never contacted the attacker's server, whose URLs the tokens carried", () => {
    expect(environment.attacker.requests.total).toBe(0);
  });
});
