/**
 * One table of requests and the exact answers every tokenward adapter must give them. An adapter's
 * tests start the issuers (`startConformance()`), build the app from `setup` (plain data, so it can
 * cross into workerd as a binding), and run every case through a `send` function that speaks to the
 * real framework. An adapter that answers differently from the table fails.
 */

import { createDpopClient, type DpopClient } from './dpop.js';
import { createTestIssuer } from './test-issuer.js';
import { challenge, dpopChallenge } from './conformance-challenge.js';
import type { TestAlgorithm, TestIssuer } from './types.js';

/** The `realm` every conformance app is configured with. */
export const CONFORMANCE_REALM = 'tokenward-conformance';
/** The cookie the conformance apps read a token from (`setup.tokenLocation.cookie`). */
export const CONFORMANCE_COOKIE = 'tokenward_access';
/**
 * The public origin of the conformance apps (`setup.dpop.origin`): DPoP proofs are made for it, so every
 * transport (a socket, `inject`, workerd) is judged against the same request URI.
 */
export const CONFORMANCE_ORIGIN = 'https://api.conformance.example';

/** An Entra-shaped issuer to trust: give it to core's preset as `entra({ tenantId, audience, authority })`. */
export interface ConformanceIssuerSettings {
  readonly tenantId: string;
  readonly audience: string;
  readonly authority: string;
  /** The issuer's `algorithms`, when it signs with more than the preset's default (RS256). */
  readonly algorithms?: readonly TestAlgorithm[];
}

/**
 * Everything an adapter needs to build the conformance app: JSON-serialisable.
 *
 * Routes, each answering 200 with JSON `{ "subject": auth.principal.subject }`:
 * - `GET /orders`: requirement `{ scopes: 'Orders.Read' }`
 * - `GET /admin`: requirement `{ roles: 'Orders.Admin' }`
 * - `GET /partner`: requirement `createAccessPolicy(routes.partner.policy)`
 * - `GET /step-up`: requirement `{ authContext: 'c1' }` (Entra Conditional Access authentication context)
 *
 * Every route also reads the token from the `tokenLocation` places (a cookie, the query parameter).
 */
export interface ConformanceSetup {
  readonly issuers: readonly ConformanceIssuerSettings[];
  /** Verifier `jwks` options: keys go stale at once, so the outage cases exercise stale-if-error. */
  readonly jwks: { readonly cacheMaxAgeMs: number; readonly minCacheMaxAgeMs: number; readonly timeoutMs: number };
  /** Adapter settings: answers are compared exactly, so descriptions are core's fixed sentences. */
  readonly realm: string;
  readonly includeDescription: false;
  /** The adapter's (or core's) `tokenLocation`: the token may also come in this cookie or the `access_token` parameter. */
  readonly tokenLocation: { readonly cookie: typeof CONFORMANCE_COOKIE; readonly query: true };
  /** Verifier `dpop` options: the default mode (`'allowed'`) and algorithms, proofs checked against `CONFORMANCE_ORIGIN`. */
  readonly dpop: { readonly origin: typeof CONFORMANCE_ORIGIN };
  readonly routes: {
    readonly orders: { readonly path: '/orders'; readonly requirement: { readonly scopes: 'Orders.Read' } };
    readonly admin: { readonly path: '/admin'; readonly requirement: { readonly roles: 'Orders.Admin' } };
    readonly partner: {
      readonly path: '/partner';
      readonly policy: { readonly clientApplications: readonly string[]; readonly identities: 'any' };
    };
    readonly stepUp: { readonly path: '/step-up'; readonly requirement: { readonly authContext: 'c1' } };
  };
}

export type ConformancePath = ConformanceSetup['routes'][keyof ConformanceSetup['routes']]['path'];

export interface ConformanceRequest {
  readonly method: 'GET';
  /** The route, for apps that pick their handler by path. */
  readonly path: ConformancePath;
  /** What to send as the request target: the path, and the query when the case has one. */
  readonly target: string;
  /** In order; a name may repeat (two `Authorization` headers). Send them as separate header lines where the transport can. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

export interface ConformanceResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body: string;
}

/** Sends a request to the app under test, through the real framework, and reads the whole answer. */
export type ConformanceSend = (request: ConformanceRequest) => Promise<ConformanceResponse>;

/** The answer a case expects. Header values are compared exactly; `null` means the header must be absent. */
export interface ExpectedAnswer {
  readonly status: number;
  readonly wwwAuthenticate: string | null;
  /** Exact JSON body. */
  readonly body: Readonly<Record<string, string>>;
  /** `Cache-Control: no-store` on every error answer (RFC 6750 §5.1 for tokens; the same for challenges). */
  readonly noStore: boolean;
  /** A 503 names when to retry: `Retry-After` in whole seconds. */
  readonly retryAfter: boolean;
  /** An exact `Cache-Control` a success must carry (`private` for a token from a cookie or the query, RFC 6750 §2.3). */
  readonly cacheControl?: string;
}

export interface ConformanceCase {
  readonly name: string;
  /** The answer, or how to work it out from the issuers (a challenge naming the issuer's own URL). */
  readonly expected: ExpectedAnswer | ((environment: ConformanceEnvironment) => ExpectedAnswer);
  /** Sends the case's requests (some prepare the issuers first) and returns the answer to judge. */
  readonly run: (environment: ConformanceEnvironment, send: ConformanceSend) => Promise<ConformanceResponse>;
}

export interface ConformanceResult {
  readonly ok: boolean;
  /** One line per difference: what was expected and what was found. */
  readonly mismatches: readonly string[];
  readonly response: ConformanceResponse;
}

export interface ConformanceEnvironment {
  readonly setup: ConformanceSetup;
  /** Trusted; its keys go stale at once. */
  readonly primary: TestIssuer;
  /** Trusted; taken down by the "outage with cached keys" case, which alone uses it. */
  readonly flaky: TestIssuer;
  /** Trusted, and down from the start: its keys are never cached. */
  readonly cold: TestIssuer;
  /** Not in `setup`: its tokens must be rejected without contacting it. */
  readonly stranger: TestIssuer;
  /** The DPoP client of the DPoP cases: tokens bound to its key, proofs it makes. */
  readonly dpopClient: DpopClient;
  close(): Promise<void>;
}

const TENANTS = {
  primary: '0c5b0a8e-0a53-4d3e-9e36-6f2c1f0a0001',
  flaky: '0c5b0a8e-0a53-4d3e-9e36-6f2c1f0a0002',
  cold: '0c5b0a8e-0a53-4d3e-9e36-6f2c1f0a0003',
  stranger: '0c5b0a8e-0a53-4d3e-9e36-6f2c1f0a0004',
} as const;

const AUDIENCE = 'api://tokenward-conformance';
// Entra principals are identified by `oid`.
const USER = '7a3c0e52-1f7b-4c55-9a0e-0d5c0f0a0101';
const APP = '7a3c0e52-1f7b-4c55-9a0e-0d5c0f0a0102';
const OTHER_CLIENT = 'conformance-other-client';

/** Starts the four local issuers (on 127.0.0.1) the table needs. Close them with `close()`. */
export async function startConformance(): Promise<ConformanceEnvironment> {
  const start = (tenantId: string) => createTestIssuer({ provider: 'entra', tenantId, audience: AUDIENCE, jwksCacheControl: 'max-age=0' });
  const started = await Promise.allSettled([start(TENANTS.primary), start(TENANTS.flaky), start(TENANTS.cold), start(TENANTS.stranger)]);
  const issuers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = started.find((result) => result.status === 'rejected');
  if (failure !== undefined) {
    await Promise.all(issuers.map((issuer) => issuer.close()));
    throw failure.reason;
  }
  const [primary, flaky, cold, stranger] = issuers as [TestIssuer, TestIssuer, TestIssuer, TestIssuer];
  const dpopClient = await createDpopClient();
  cold.setFault({ kind: 'outage' });
  const trusted = (issuer: TestIssuer): ConformanceIssuerSettings => ({
    tenantId: issuer.tenantId ?? '',
    audience: issuer.audience,
    authority: issuer.url,
  });
  return {
    setup: {
      issuers: [trusted(primary), trusted(flaky), trusted(cold)],
      jwks: { cacheMaxAgeMs: 0, minCacheMaxAgeMs: 0, timeoutMs: 2_000 },
      realm: CONFORMANCE_REALM,
      includeDescription: false,
      tokenLocation: { cookie: CONFORMANCE_COOKIE, query: true },
      dpop: { origin: CONFORMANCE_ORIGIN },
      routes: {
        orders: { path: '/orders', requirement: { scopes: 'Orders.Read' } },
        admin: { path: '/admin', requirement: { roles: 'Orders.Admin' } },
        partner: { path: '/partner', policy: { clientApplications: [primary.clientId], identities: 'any' } },
        stepUp: { path: '/step-up', requirement: { authContext: 'c1' } },
      },
    },
    primary,
    flaky,
    cold,
    stranger,
    dpopClient,
    close: async () => {
      await Promise.all(issuers.map((issuer) => issuer.close()));
    },
  };
}

function identity(subject: string): ExpectedAnswer {
  return { status: 200, wwwAuthenticate: null, body: { subject }, noStore: false, retryAfter: false };
}

function failure(status: number, error: string, description: string, wwwAuthenticate: string | null): ExpectedAnswer {
  return { status, wwwAuthenticate, body: { error, error_description: description }, noStore: true, retryAfter: status === 503 };
}

// core's fixed descriptions (`includeDescription: false`): the table pins them so every adapter answers alike.
const NOT_VALID = failure(401, 'invalid_token', 'the access token is not valid', challenge(', error="invalid_token"'));
const NO_ACCESS = 'the access token does not grant access to this resource';
// base64 of {"access_token":{"acrs":{"essential":true,"value":"c1"}}}, written out so the table does not share core's encoder.
const STEP_UP_CLAIMS = 'eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiYzEifX19';

const get = (path: ConformancePath, ...headers: Array<readonly [string, string]>): ConformanceRequest => ({
  method: 'GET',
  path,
  target: path,
  headers,
});
const getWithQuery = (path: ConformancePath, query: string, ...headers: Array<readonly [string, string]>): ConformanceRequest => ({
  method: 'GET',
  path,
  target: `${path}?${query}`,
  headers,
});
const cookie = (token: string): readonly [string, string] => ['Cookie', `theme=dark; ${CONFORMANCE_COOKIE}=${token}`];
const bearer = (token: string): readonly [string, string] => ['Authorization', `Bearer ${token}`];
const orders = (environment: ConformanceEnvironment, claims: Record<string, unknown> = {}) =>
  environment.primary.mint({ oid: USER, scp: 'Orders.Read', ...claims });
/** A token bound to the conformance DPoP client, and the two headers that present it with a proof for `proofPath`. */
async function dpop(
  environment: ConformanceEnvironment,
  claims: Record<string, unknown> = {},
  proofPath: ConformancePath = '/orders',
): Promise<{ token: string; headers: Array<readonly [string, string]> }> {
  const { dpopClient } = environment;
  const token = await orders(environment, { cnf: { jkt: dpopClient.jkt }, ...claims });
  const proof = await dpopClient.proof({ method: 'GET', url: `${CONFORMANCE_ORIGIN}${proofPath}`, accessToken: token });
  return {
    token,
    headers: [
      ['Authorization', `DPoP ${token}`],
      ['DPoP', proof],
    ],
  };
}
const BAD_PROOF = failure(401, 'invalid_dpop_proof', 'the DPoP proof is not valid', dpopChallenge(', error="invalid_dpop_proof"'));

/** The cases, in no particular order: each prepares and restores what it needs. */
export const CONFORMANCE_CASES: readonly ConformanceCase[] = [
  {
    name: 'valid token with the required scope',
    expected: identity(USER),
    run: async (env, send) => send(get('/orders', bearer(await orders(env)))),
  },
  {
    name: 'missing Authorization header',
    expected: failure(401, 'invalid_request', 'a Bearer token is required', challenge()),
    run: (_env, send) => send(get('/orders')),
  },
  {
    name: 'two Authorization headers',
    expected: failure(400, 'invalid_request', 'the Authorization header is malformed', challenge(', error="invalid_request"')),
    run: async (env, send) => {
      const token = await orders(env);
      return send(get('/orders', bearer(token), bearer(token)));
    },
  },
  {
    name: 'another scheme (Basic)',
    expected: failure(401, 'invalid_request', 'a Bearer token is required', challenge()),
    run: (_env, send) => send(get('/orders', ['Authorization', 'Basic dXNlcjpwYXNzd29yZA=='])),
  },
  {
    name: 'malformed token',
    expected: NOT_VALID,
    run: (_env, send) => send(get('/orders', ['Authorization', 'Bearer not-a.jwt'])),
  },
  {
    name: 'expired token',
    expected: NOT_VALID,
    run: async (env, send) =>
      send(get('/orders', bearer(await env.primary.mint({ oid: USER, scp: 'Orders.Read' }, { expiresInSec: -600 })))),
  },
  {
    name: 'wrong audience',
    expected: NOT_VALID,
    run: async (env, send) => send(get('/orders', bearer(await orders(env, { aud: 'api://someone-else' })))),
  },
  {
    name: 'untrusted issuer, rejected without contacting it',
    expected: NOT_VALID,
    run: async (env, send) => {
      const response = await send(get('/orders', bearer(await env.stranger.mint({ oid: USER, scp: 'Orders.Read' }))));
      const contacted = env.stranger.requests.total;
      if (contacted !== 0) throw new Error(`the untrusted issuer was contacted: expected 0 requests, found ${contacted}`);
      return response;
    },
  },
  {
    name: 'unknown key id',
    expected: NOT_VALID,
    run: async (env, send) => {
      const token = await env.primary.mint({ oid: USER, scp: 'Orders.Read' }, { header: { kid: 'conformance-unknown-kid' } });
      return send(get('/orders', bearer(token)));
    },
  },
  {
    name: "signature by a key that is not the issuer's",
    expected: NOT_VALID,
    run: async (env, send) =>
      send(get('/orders', bearer(await env.primary.mint({ oid: USER, scp: 'Orders.Read' }, { signWith: 'foreign' })))),
  },
  {
    name: 'insufficient scope',
    expected: failure(403, 'insufficient_scope', NO_ACCESS, challenge(', error="insufficient_scope", scope="Orders.Read"')),
    run: async (env, send) => send(get('/orders', bearer(await orders(env, { scp: 'Orders.Write' })))),
  },
  {
    name: 'app role present',
    expected: identity(APP),
    run: async (env, send) =>
      send(get('/admin', bearer(await env.primary.mint({ oid: APP, sub: APP, roles: ['Orders.Admin'] }, { profile: 'app' })))),
  },
  {
    name: 'missing app role',
    expected: failure(403, 'insufficient_scope', NO_ACCESS, challenge(', error="insufficient_scope"')),
    run: async (env, send) =>
      send(get('/admin', bearer(await env.primary.mint({ oid: APP, sub: APP, roles: ['Orders.Read'] }, { profile: 'app' })))),
  },
  {
    name: 'allowed client application',
    expected: identity(USER),
    run: async (env, send) => send(get('/partner', bearer(await orders(env)))),
  },
  {
    name: 'denied client application',
    expected: failure(403, 'insufficient_scope', NO_ACCESS, challenge(', error="insufficient_scope"')),
    run: async (env, send) => send(get('/partner', bearer(await orders(env, { azp: OTHER_CLIENT })))),
  },
  {
    name: 'authentication context present',
    expected: identity(USER),
    run: async (env, send) => send(get('/step-up', bearer(await orders(env, { acrs: ['c1'] })))),
  },
  {
    name: 'missing authentication context (step-up challenge)',
    expected: (env) =>
      failure(
        401,
        'insufficient_claims',
        'the access token lacks claims this resource requires; sign in again with the claims requested',
        challenge(
          `, authorization_uri="${env.primary.url}/${env.primary.tenantId ?? ''}/oauth2/v2.0/authorize", error="insufficient_claims", claims="${STEP_UP_CLAIMS}"`,
        ),
      ),
    run: async (env, send) => send(get('/step-up', bearer(await orders(env, { acrs: ['c2'] })))),
  },
  {
    name: 'token in the cookie',
    expected: { ...identity(USER), cacheControl: 'private' },
    run: async (env, send) => send(get('/orders', cookie(await orders(env)))),
  },
  {
    name: 'token in the query parameter',
    expected: { ...identity(USER), cacheControl: 'private' },
    run: async (env, send) => send(getWithQuery('/orders', `view=open&access_token=${await orders(env)}`)),
  },
  {
    name: 'token in two places (header and query)',
    expected: failure(400, 'invalid_request', 'the request carries more than one access token', challenge(', error="invalid_request"')),
    run: async (env, send) => {
      const token = await orders(env);
      return send(getWithQuery('/orders', `access_token=${token}`, bearer(token)));
    },
  },
  {
    name: 'token in two places (header and cookie)',
    expected: failure(400, 'invalid_request', 'the request carries more than one access token', challenge(', error="invalid_request"')),
    run: async (env, send) => {
      const token = await orders(env);
      return send(get('/orders', bearer(token), cookie(token)));
    },
  },
  {
    name: 'DPoP-bound token with a valid proof',
    expected: identity(USER),
    run: async (env, send) => send(get('/orders', ...(await dpop(env)).headers)),
  },
  {
    name: 'DPoP proof replayed',
    expected: BAD_PROOF,
    run: async (env, send) => {
      const { headers } = await dpop(env);
      const first = await send(get('/orders', ...headers));
      if (first.status !== 200) throw new Error(`the first use of the proof failed: expected 200, found ${first.status}`);
      return send(get('/orders', ...headers));
    },
  },
  {
    name: 'DPoP proof for another URI (htu)',
    expected: BAD_PROOF,
    run: async (env, send) => send(get('/orders', ...(await dpop(env, {}, '/admin')).headers)),
  },
  {
    name: 'DPoP-bound token as a Bearer token',
    expected: failure(401, 'invalid_token', 'the access token must be presented with DPoP', dpopChallenge(', error="invalid_token"')),
    run: async (env, send) => send(get('/orders', bearer((await dpop(env)).token))),
  },
  {
    name: 'insufficient scope with DPoP',
    expected: failure(403, 'insufficient_scope', NO_ACCESS, dpopChallenge(', error="insufficient_scope", scope="Orders.Read"')),
    run: async (env, send) => send(get('/orders', ...(await dpop(env, { scp: 'Orders.Write' })).headers)),
  },
  {
    name: 'JWKS outage with cached keys',
    expected: identity(USER),
    run: async (env, send) => {
      const token = await env.flaky.mint({ oid: USER, scp: 'Orders.Read' });
      const first = await send(get('/orders', bearer(token)));
      if (first.status !== 200) throw new Error(`caching the keys failed: expected 200, found ${first.status}`);
      env.flaky.setFault({ kind: 'outage' });
      try {
        return await send(get('/orders', bearer(token)));
      } finally {
        env.flaky.setFault(null);
      }
    },
  },
  {
    name: 'JWKS outage without cached keys',
    expected: failure(503, 'temporarily_unavailable', 'the access token cannot be checked right now; retry later', null),
    run: async (env, send) => send(get('/orders', bearer(await env.cold.mint({ oid: USER, scp: 'Orders.Read' })))),
  },
];

function mediaType(value: string | null): string | null {
  return value === null ? null : (value.split(';')[0] ?? '').trim().toLowerCase();
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function sameBody(found: unknown, expected: Readonly<Record<string, string>>): boolean {
  if (typeof found !== 'object' || found === null || Array.isArray(found)) return false;
  const entries = Object.entries(found);
  return entries.length === Object.keys(expected).length && entries.every(([name, value]) => expected[name] === value);
}

/** Compares an answer with the table's; returns one line per difference. */
export function compareAnswer(expected: ExpectedAnswer, response: ConformanceResponse): string[] {
  const mismatches: string[] = [];
  const header = (name: string) => response.headers.get(name);
  const differ = (what: string, want: unknown, found: unknown) =>
    mismatches.push(`${what}: expected ${JSON.stringify(want)}, found ${JSON.stringify(found)}`);

  if (response.status !== expected.status) differ('status', expected.status, response.status);
  if (header('www-authenticate') !== expected.wwwAuthenticate)
    differ('WWW-Authenticate', expected.wwwAuthenticate, header('www-authenticate'));
  if (mediaType(header('content-type')) !== 'application/json') differ('Content-Type', 'application/json', header('content-type'));
  const body = parseBody(response.body);
  if (!sameBody(body, expected.body)) differ('body', expected.body, body ?? response.body);
  if (expected.noStore && header('cache-control') !== 'no-store') differ('Cache-Control', 'no-store', header('cache-control'));
  if (expected.cacheControl !== undefined && header('cache-control') !== expected.cacheControl)
    differ('Cache-Control', expected.cacheControl, header('cache-control'));
  const retryAfter = header('retry-after');
  if (expected.retryAfter !== (retryAfter !== null)) differ('Retry-After', expected.retryAfter ? 'whole seconds' : null, retryAfter);
  else if (retryAfter !== null && !/^\d+$/.test(retryAfter)) differ('Retry-After', 'whole seconds', retryAfter);
  return mismatches;
}

/** Runs one case against the app behind `send`. */
export async function runConformanceCase(
  environment: ConformanceEnvironment,
  testCase: ConformanceCase,
  send: ConformanceSend,
): Promise<ConformanceResult> {
  const response = await testCase.run(environment, send);
  const expected = typeof testCase.expected === 'function' ? testCase.expected(environment) : testCase.expected;
  const mismatches = compareAnswer(expected, response);
  return { ok: mismatches.length === 0, mismatches, response };
}
