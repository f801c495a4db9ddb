/**
 * Shared settings and building blocks for the property-based (fast-check) fuzz tests of core and the
 * adapters. Plain data and functions, so the main entry never loads fast-check: the arbitrary built from
 * them lives in `@tokenward/testing/fuzz` (fuzz-arbitraries.ts), where fast-check is an optional peer.
 */

import { ATTACK_CASES, type AttackEnvironment } from './attacks.js';
import type { ConformanceResponse } from './conformance.js';

/** fast-check `assert` parameters plus the test timeout to go with them. */
export interface FuzzSettings {
  readonly numRuns: number;
  /** Stop a property after this long; a bounded run passes with the runs done so far. */
  readonly interruptAfterTimeLimit: number;
  readonly markInterruptAsFailure: false;
  readonly seed?: number;
  /** Give this to the test (vitest's per-test timeout), so a long run is not cut short. */
  readonly testTimeoutMs: number;
}

const BOUNDED_TIME_LIMIT_MS = 8_000;
const LONG_TIME_LIMIT_MS = 3_600_000;

function positiveInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number <= 0)
    throw new TypeError(`${name} must be a positive integer, found ${JSON.stringify(value)}`);
  return number;
}

/**
 * The fuzz budget. By default `defaultRuns` runs, each property stopped after 8 s. `FUZZ_RUNS=100000`
 * runs that many (for at most `FUZZ_TIME_LIMIT_MS`, default one hour, per property); `FUZZ_SEED`
 * replays a failure that fast-check reported.
 *
 * @example
 * fc.assert(property, fuzzSettings(500)); // FUZZ_RUNS=100000 npx pnpm@10 run test
 */
export function fuzzSettings(defaultRuns: number, env: Readonly<Record<string, string | undefined>> = process.env): FuzzSettings {
  const runs = positiveInteger('FUZZ_RUNS', env.FUZZ_RUNS);
  const limit =
    positiveInteger('FUZZ_TIME_LIMIT_MS', env.FUZZ_TIME_LIMIT_MS) ?? (runs === undefined ? BOUNDED_TIME_LIMIT_MS : LONG_TIME_LIMIT_MS);
  const seed = env.FUZZ_SEED === undefined || env.FUZZ_SEED === '' ? undefined : Number(env.FUZZ_SEED);
  if (seed !== undefined && !Number.isSafeInteger(seed))
    throw new TypeError(`FUZZ_SEED must be an integer, found ${JSON.stringify(env.FUZZ_SEED)}`);
  return {
    numRuns: runs ?? defaultRuns,
    interruptAfterTimeLimit: limit,
    markInterruptAsFailure: false,
    ...(seed === undefined ? {} : { seed }),
    testTimeoutMs: limit + 5_000,
  };
}

/**
 * Pieces of hostile `Authorization` values: schemes in odd spellings, whitespace between and around,
 * and trailers that turn one credential into a list. Tests combine them with tokens.
 * Every character is one an HTTP client can send (tab, 0x20-0x7e, 0x80-0xff).
 */
export const AUTHORIZATION_FUZZ = Object.freeze({
  schemes: Object.freeze(['Bearer', 'bearer', 'BEARER', 'BeArEr', 'Bearer,', 'Bearer:', 'Basic', 'DPoP', 'Token', 'JWT', 'Bearerx', '']),
  separators: Object.freeze([' ', '  ', '\t', ' \t', '', '    ', ' \u00a0']),
  padding: Object.freeze(['', ' ', '\t', '  ', ' \t ']),
  trailers: Object.freeze(['', ',', ', Bearer x', ',Bearer x', ' x', '=', '==', ';', ' , ', '\u00ff']),
});

/** Maximum wait for one verification or request inside a property: anything slower counts as a hang. */
export const FUZZ_CASE_TIMEOUT_MS = 2_000;

/** Rejects when `promise` takes longer than `ms`: how a property detects a hang. */
export function withinDeadline<T>(promise: Promise<T>, ms: number = FUZZ_CASE_TIMEOUT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: a hang`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** A verification outcome as an oracle: what core decided for the same header values. */
export type FuzzOracle = { readonly accepted: true } | { readonly accepted: false; readonly status: number };

/**
 * How a transport hands repeated `Authorization` lines to the app: Node's HTTP parser keeps each line
 * (trimmed of spaces and tabs, as `headersDistinct` shows them); Web `Headers` (workerd, `fetch`,
 * `@azure/functions`) join them with ", ".
 */
export type HeaderDelivery = 'node' | 'web';

/** What the app sees of these `Authorization` lines, in a form a verifier's `authenticate` accepts. */
export function deliveredHeaders(values: readonly string[], delivery: HeaderDelivery): Headers | Record<string, string[]> {
  if (delivery === 'web') {
    const headers = new Headers();
    for (const value of values) headers.append('Authorization', value);
    return headers;
  }
  const lines = values.map((value) => value.replace(/^[ \t]+|[ \t]+$/g, ''));
  return lines.length === 0 ? {} : { authorization: lines };
}

/**
 * The oracle for a fuzzed request: what a verifier's `authenticate` (core's, configured like the app's)
 * decides for the same lines, delivered as the app's transport delivers them.
 */
export async function decideLikeCore(
  authenticate: (headers: Headers | Record<string, string[]>) => Promise<unknown>,
  values: readonly string[],
  delivery: HeaderDelivery,
): Promise<FuzzOracle> {
  try {
    await authenticate(deliveredHeaders(values, delivery));
    return { accepted: true };
  } catch (error) {
    return { accepted: false, status: (error as { status: number }).status };
  }
}

/** The `error` an RFC 6750 body may carry for each client status tokenward answers with. */
const ERRORS_BY_STATUS: Readonly<Record<number, readonly string[]>> = {
  400: ['invalid_request'],
  401: ['invalid_token', 'invalid_request', 'insufficient_claims', 'invalid_dpop_proof', 'use_dpop_nonce'],
  403: ['insufficient_scope'],
};

/**
 * Judges an adapter's answer to a fuzzed request against core's decision for the same headers (the
 * oracle): the status must be core's (200 when core accepted), only ever 200, 400, 401 or 403, and an
 * error answer must carry a JSON body whose `error` fits the status. Returns one line per problem.
 */
export function judgeFuzzAnswer(response: ConformanceResponse, oracle: FuzzOracle): string[] {
  const problems: string[] = [];
  const expected = oracle.accepted ? 200 : oracle.status;
  if (![200, 400, 401, 403].includes(response.status)) problems.push(`status ${response.status} is not one of 200, 400, 401, 403`);
  if (response.status !== expected) problems.push(`status: core decided ${expected}, the adapter answered ${response.status}`);
  if (response.status === 200) return problems;
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    problems.push(`the ${response.status} body is not JSON: ${JSON.stringify(response.body.slice(0, 80))}`);
    return problems;
  }
  const error = (body as { error?: unknown } | null)?.error;
  if (!(ERRORS_BY_STATUS[response.status] ?? []).includes(error as string))
    problems.push(`body error ${JSON.stringify(error)} does not fit status ${response.status}`);
  return problems;
}

/** Tokens to build header lines from: genuine ones and hostile ones. */
export interface FuzzTokenSet {
  readonly valid: readonly string[];
  readonly hostile: readonly string[];
}

/** Tokens to fuzz headers with: genuine ones (scope `Orders.Read`, accepted on `/orders`) and every token of the attack table. */
export async function fuzzTokens(environment: AttackEnvironment): Promise<FuzzTokenSet> {
  const valid = await Promise.all([environment.validToken(), environment.primary.mint({ scp: 'Orders.Read' }, { alg: 'ES256' })]);
  const inputs = await Promise.all(ATTACK_CASES.map((attack) => attack.build(environment)));
  const hostile = inputs.flatMap((input) => ('token' in input && input.token.length < 12_000 ? [input.token] : []));
  return { valid, hostile };
}
