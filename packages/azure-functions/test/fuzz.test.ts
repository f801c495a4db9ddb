import { createVerifier, entra, type Verifier } from '@tokenward/core';
import {
  AUTHORIZATION_FUZZ,
  decideLikeCore,
  fuzzSettings,
  fuzzTokens,
  judgeFuzzAnswer,
  startAttacks,
  withinDeadline,
  type AttackEnvironment,
  type ConformanceSend,
} from '@tokenward/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceSend } from './helpers.js';

// Property-based fuzzing of withAuth's header handling through real @azure/functions objects: any set of
// Authorization header lines (joined with ", " as the Functions host joins them) (odd schemes, whitespace, lists, genuine, damaged and attack-table tokens) gets exactly
// the status core decides for the same lines, only ever 200/400/401/403, and no request leaves for a
// URL a token names. FUZZ_RUNS=100000 for a long run.
const SETTINGS = fuzzSettings(300);

let environment: AttackEnvironment;
let oracle: Verifier;
let tokens: { valid: readonly string[]; hostile: readonly string[] };

beforeAll(async () => {
  environment = await startAttacks();
  oracle = createVerifier({ issuers: environment.setup.issuers.map((settings) => entra(settings)), jwks: environment.setup.jwks });
  tokens = await fuzzTokens(environment);
});

afterAll(() => environment?.close());

const headerValues = () => {
  const token = fc.oneof(
    fc.constantFrom(...tokens.valid),
    fc.constantFrom(...tokens.hostile),
    fc.tuple(fc.constantFrom(...tokens.valid), fc.nat(), fc.constantFrom('A', '.', '-', '=')).map(([valid, at, char]) => `${valid.slice(0, at % valid.length)}${char}${valid.slice((at % valid.length) + 1)}`),
    fc.string({ maxLength: 120 }),
  );
  const value = fc
    .tuple(fc.constantFrom(...AUTHORIZATION_FUZZ.padding), fc.constantFrom(...AUTHORIZATION_FUZZ.schemes), fc.constantFrom(...AUTHORIZATION_FUZZ.separators), token, fc.constantFrom(...AUTHORIZATION_FUZZ.trailers), fc.constantFrom(...AUTHORIZATION_FUZZ.padding))
    .map((parts) => parts.join(''));
  return fc.array(value, { maxLength: 3 });
};

const decide = (values: readonly string[]) => decideLikeCore((headers) => oracle.authenticate(headers), values, 'web');

describe('fuzzing withAuth', () => {
  let send: ConformanceSend;

  beforeAll(() => {
    send = conformanceSend(environment.setup);
  });

  it('answers any Authorization lines with core\'s decision, never a 5xx, within the deadline', { timeout: SETTINGS.testTimeoutMs }, async () => {
    await fc.assert(
      fc.asyncProperty(headerValues(), async (values) => {
        const response = await withinDeadline(send({ method: 'GET', path: '/orders', headers: values.map((value) => ['Authorization', value] as const) }));
        expect(judgeFuzzAnswer(response, await decide(values))).toEqual([]);
      }),
      SETTINGS,
    );
  });
});

describe('fuzzing Azure Functions: what all the runs caused', () => {
  it('never contacted the attacker\'s server, whose URLs the tokens carried', () => {
    expect(environment.attacker.requests.total).toBe(0);
  });
});
