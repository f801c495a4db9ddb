/**
 * Provider faults: each way an identity provider's key endpoint can misbehave, against the real local issuer of
 * `@tokenward/testing` over 127.0.0.1, through `createVerifier` (the public verify path), on a clock the
 * test moves (`now`). Every test asserts typed outcomes (error `code` and `status`) and the number of
 * requests that reached the key endpoint (`issuer.requests.jwks`), never timings. The only real waits are
 * the fetch deadline of the timeout scenarios (`timeoutMs: 100`).
 *
 * Where each scenario of the issue is tested:
 *
 * | scenario                                       | verify path, counts (this file)         | resolver level, same local issuer                                    |
 * | ---------------------------------------------- | --------------------------------------- | -------------------------------------------------------------------- |
 * | JWKS latency beyond the timeout                | 'JWKS latency beyond the timeout'       | hung server: jwks/integration.test.ts 'gives up on a hung server…'   |
 * | 500s                                           | '500s'                                  | jwks/integration.test.ts 'reports a 500 with its status…'            |
 * | malformed JSON                                 | 'malformed JSON'                        | jwks/integration.test.ts 'refuses malformed JSON'                    |
 * | an oversized response                          | 'an oversized response'                 | jwks/integration.test.ts 'refuses an oversized response'             |
 * | a slow-drip response                           | 'a slow-drip response'                  | jwks/integration.test.ts 'gives up on a body that drips…'            |
 * | key rotation mid-traffic (old and new kid)     | 'key rotation mid-traffic …'            | jwks/integration.test.ts 'finds a rotated key at first sight…'       |
 * | removal of a compromised key                   | 'removal of a compromised key'          | jwks/integration.test.ts 'stops accepting a removed (compromised)…'  |
 * | full outage with a warm cache → stale, then 503 | 'a full outage with a warm cache'       | jwks/integration.test.ts 'serves stale keys through an outage…'      |
 * | flood of tokens with random kids (cooldown)    | — (not duplicated)                      | jwks/integration.test.ts 'sends one JWKS request per cooldown window for a flood of 1,000 unknown kids' (1,000 kids → 1 request after the warm-up fetch) and '… while the server answers 503' (3 windows × 300 kids → 3 requests) |
 * | 1,000 simultaneous verifications, cold cache   | — (not duplicated)                      | jwks/integration.test.ts 'sends exactly one JWKS request for 1,000 concurrent resolves on a cold cache' (1 request) |
 *
 * The same behaviour against an in-memory key server (exact backoff schedule, cooldown edges, single
 * flight of failures) is in jwks/key-set-cache.test.ts; across a fleet with a shared store in
 * jwks/shared-store.test.ts.
 */
import { createTestIssuer, type Fault, type TestIssuer } from '@tokenward/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createVerifier, jwks, type JwksOptions, type Verifier } from '../src/index.js';
import { fakeClock } from './jwks/helpers.js';

/** The local issuer's default `Cache-Control: public, max-age=3600`. */
const MAX_AGE_MS = 3_600_000;
/** Core's defaults, restated so the arithmetic below reads on its own. */
const COOLDOWN_MS = 30_000;
const STALE_IF_ERROR_MS = 3_600_000;
/** Tokens outlive every clock jump of this file (max-age + stale window + a margin). */
const LIFETIME_SEC = 3 * 86_400;
/**
 * Short, so the timeout scenarios give up without slowing the suite much; long enough that a loaded
 * machine still delivers the request before it (the scenarios count requests that reach the issuer):
 * at 500 ms, the whole suite on 2 cores once delivered none in time.
 */
const TIMEOUT_MS = 1_500;

const issuers: TestIssuer[] = [];

afterEach(async () => {
  await Promise.all(issuers.splice(0).map((issuer) => issuer.close()));
});

async function startIssuer(): Promise<TestIssuer> {
  const issuer = await createTestIssuer();
  issuers.push(issuer);
  return issuer;
}

/** A verifier trusting `issuer` through its JWKS URL, on a clock the test moves. */
function verifierFor(issuer: TestIssuer, options: JwksOptions = {}): { verifier: Verifier; clock: ReturnType<typeof fakeClock> } {
  const clock = fakeClock(Date.now());
  const verifier = createVerifier({
    issuers: [jwks({ issuer: issuer.issuer, jwksUri: issuer.jwksUri, audience: issuer.audience })],
    // The awaited refetch (backgroundRefresh: false): each verification's outcome shows the fetch it waited for.
    // background-refresh.test.ts specifies the same faults behind the traffic.
    jwks: { backgroundRefresh: false, ...options },
    now: clock.now,
  });
  return { verifier, clock };
}

function mint(issuer: TestIssuer, kid?: string): Promise<string> {
  return issuer.mint({}, { expiresInSec: LIFETIME_SEC, ...(kid === undefined ? {} : { kid }) });
}

function activeKid(issuer: TestIssuer): string {
  return issuer.keys.find((key) => key.active)?.kid as string;
}

/** `'ok'` or the typed error's `code:status` (an untyped error fails the test). */
async function outcome(verification: Promise<unknown>): Promise<string> {
  try {
    await verification;
    return 'ok';
  } catch (error) {
    const { code, status } = error as { code?: unknown; status?: unknown };
    if (typeof code !== 'string' || typeof status !== 'number') throw error;
    return `${code}:${status}`;
  }
}

/** Verifies `tokens` all at once; returns how many ended in each outcome. */
async function verifyAll(verifier: Verifier, tokens: readonly string[]): Promise<Record<string, number>> {
  const outcomes = await Promise.all(tokens.map((token) => outcome(verifier.verify(token))));
  const tally: Record<string, number> = {};
  for (const o of outcomes) tally[o] = (tally[o] ?? 0) + 1;
  return tally;
}

const times = <T>(n: number, value: T): T[] => Array.from({ length: n }, () => value);

/**
 * A fault that makes every key fetch fail, first with nothing cached, then with a warm cache past its
 * max-age. Both checks count requests per backoff window (1 s, then 2 s, …).
 */
function failingFetchScenario(fault: Fault, jwksOptions: JwksOptions = {}): void {
  it('with a cold cache: 503 jwks_unavailable with Retry-After, one request per backoff window, verifying again once healed', async () => {
    const issuer = await startIssuer();
    const { verifier, clock } = verifierFor(issuer, jwksOptions);
    const token = await mint(issuer);
    issuer.setFault(fault);

    // 100 simultaneous verifications share the one failing fetch.
    expect(await verifyAll(verifier, times(100, token))).toEqual({ 'jwks_unavailable:503': 100 });
    expect(issuer.requests.jwks).toBe(1);
    const first = await verifier.verify(token).catch((error: unknown) => error);
    expect(first).toMatchObject({ code: 'jwks_unavailable', status: 503, retryAfterSec: 1 });
    expect(issuer.requests.jwks).toBe(1); // within the first backoff (1 s): answered without a request

    clock.advance(1_000);
    expect(await verifyAll(verifier, times(100, token))).toEqual({ 'jwks_unavailable:503': 100 });
    expect(issuer.requests.jwks).toBe(2);
    expect(await verifier.verify(token).catch((error: unknown) => error)).toMatchObject({ retryAfterSec: 2 });

    issuer.setFault(null);
    clock.advance(1_999);
    expect(await verifyAll(verifier, [token])).toEqual({ 'jwks_unavailable:503': 1 });
    expect(issuer.requests.jwks).toBe(2); // still backing off: the healed server is not asked yet
    clock.advance(1);
    expect(await verifyAll(verifier, times(100, token))).toEqual({ ok: 100 });
    expect(issuer.requests.jwks).toBe(3);
  });

  it('with a warm cache past its max-age: keeps verifying with the stale keys, one request per backoff window', async () => {
    const issuer = await startIssuer();
    const { verifier, clock } = verifierFor(issuer, jwksOptions);
    const token = await mint(issuer);
    expect(await verifyAll(verifier, [token])).toEqual({ ok: 1 });
    expect(issuer.requests.jwks).toBe(1);

    issuer.setFault(fault);
    clock.advance(MAX_AGE_MS);
    expect(await verifyAll(verifier, times(100, token))).toEqual({ ok: 100 });
    expect(issuer.requests.jwks).toBe(2);
    expect(await verifyAll(verifier, times(100, token))).toEqual({ ok: 100 });
    expect(issuer.requests.jwks).toBe(2); // backoff: the stale keys answer without a request
    clock.advance(1_000);
    expect(await verifyAll(verifier, times(100, token))).toEqual({ ok: 100 });
    expect(issuer.requests.jwks).toBe(3);
  });
}

describe('provider faults, through the verifier, against the local issuer', () => {
  describe('JWKS latency beyond the timeout', () => {
    // The issuer answers correctly, 5 s late; the verifier gives up after timeoutMs (TIMEOUT_MS).
    failingFetchScenario({ kind: 'latency', ms: 5_000 }, { timeoutMs: TIMEOUT_MS });

    it('latency within the timeout is no fault: one request, every token verified', async () => {
      const issuer = await startIssuer();
      issuer.setFault({ kind: 'latency', ms: 20 });
      const { verifier } = verifierFor(issuer, { timeoutMs: 2_000 });
      expect(await verifyAll(verifier, times(100, await mint(issuer)))).toEqual({ ok: 100 });
      expect(issuer.requests.jwks).toBe(1);
    });
  });

  describe('500s', () => {
    failingFetchScenario({ kind: 'status', status: 500 });
  });

  describe('malformed JSON', () => {
    failingFetchScenario({ kind: 'malformed-json' });
  });

  describe('an oversized response', () => {
    // 2 MiB of valid JSON, streamed without Content-Length, against the 256 KiB default cap.
    failingFetchScenario({ kind: 'oversized' });
  });

  describe('a slow-drip response', () => {
    // 16 bytes every 200 ms: headers arrive at once, the body would take several seconds.
    failingFetchScenario({ kind: 'slow-drip', chunkDelayMs: 200 }, { timeoutMs: TIMEOUT_MS });
  });

  describe('key rotation mid-traffic (old and new kid)', () => {
    it('keeps verifying old-kid tokens while the issuer rotates, and accepts new-kid tokens with one more request', async () => {
      const issuer = await startIssuer();
      const { verifier, clock } = verifierFor(issuer);
      const oldKid = activeKid(issuer);
      const oldToken = await mint(issuer);
      expect(await verifyAll(verifier, [oldToken])).toEqual({ ok: 1 });
      expect(issuer.requests.jwks).toBe(1);

      // Old-kid traffic in flight while the issuer generates and publishes a new key (keeping the old one).
      const during = verifyAll(verifier, times(500, oldToken));
      const { kid: newKid } = await issuer.rotate({ keepOld: true });
      const after = verifyAll(verifier, times(500, oldToken));
      expect(await during).toEqual({ ok: 500 });
      expect(await after).toEqual({ ok: 500 });
      expect(newKid).not.toBe(oldKid);
      expect(issuer.requests.jwks).toBe(1); // the old kid is cached: rotation alone costs nothing

      // The first new-kid tokens, past the cooldown of the last fetch, mixed with old-kid traffic.
      clock.advance(COOLDOWN_MS);
      const newToken = await mint(issuer);
      const mixed = [...times(500, oldToken), ...times(500, newToken)].sort(() => Math.random() - 0.5);
      expect(await verifyAll(verifier, mixed)).toEqual({ ok: 1_000 });
      expect(issuer.requests.jwks).toBe(2); // one refetch, shared by every new-kid verification

      // Both kids stay accepted while the old key is published, without further requests.
      expect(await verifyAll(verifier, [...times(200, oldToken), ...times(200, newToken)])).toEqual({ ok: 400 });
      expect(issuer.requests.jwks).toBe(2);
    });

    it('a new kid seen within the cooldown of the last fetch is rejected (key_not_found) without a request, then accepted once the cooldown has passed', async () => {
      const issuer = await startIssuer();
      const { verifier, clock } = verifierFor(issuer);
      expect(await verifyAll(verifier, [await mint(issuer)])).toEqual({ ok: 1 });
      await issuer.rotate({ keepOld: true });
      const newToken = await mint(issuer);

      clock.advance(COOLDOWN_MS - 1);
      expect(await verifyAll(verifier, times(100, newToken))).toEqual({ 'key_not_found:401': 100 });
      expect(issuer.requests.jwks).toBe(1);
      clock.advance(1);
      expect(await verifyAll(verifier, times(100, newToken))).toEqual({ ok: 100 });
      expect(issuer.requests.jwks).toBe(2);
    });
  });

  describe('removal of a compromised key', () => {
    it('rejects tokens of the removed kid (key_not_found) from the refetch that a new kid triggers, with no further requests', async () => {
      const issuer = await startIssuer();
      const { verifier, clock } = verifierFor(issuer);
      const compromised = activeKid(issuer);
      const compromisedToken = await mint(issuer);
      expect(await verifyAll(verifier, [compromisedToken])).toEqual({ ok: 1 });

      await issuer.rotate({ keepOld: true });
      issuer.removeKey(compromised);
      const replacementToken = await mint(issuer);
      // Until the cache learns of the removal (next refetch), the cached key still verifies.
      expect(await verifyAll(verifier, [compromisedToken])).toEqual({ ok: 1 });
      expect(issuer.requests.jwks).toBe(1);

      // The replacement kid is unknown: past the cooldown, one refetch, which drops the removed key.
      // (Verifications started before that refetch completes still use the set they started with.)
      clock.advance(COOLDOWN_MS);
      expect(await verifyAll(verifier, times(100, replacementToken))).toEqual({ ok: 100 });
      expect(issuer.requests.jwks).toBe(2);
      expect(await verifyAll(verifier, times(100, compromisedToken))).toEqual({ 'key_not_found:401': 100 });
      expect(issuer.requests.jwks).toBe(2);
      // A stream of tokens signed by the removed key costs no request per cooldown window beyond the first.
      clock.advance(COOLDOWN_MS);
      expect(await verifyAll(verifier, times(1_000, compromisedToken))).toEqual({ 'key_not_found:401': 1_000 });
      expect(issuer.requests.jwks).toBe(3);
    });

    it('rejects tokens of the removed kid at the latest when the cached set expires (max-age), with one request', async () => {
      const issuer = await startIssuer();
      const { verifier, clock } = verifierFor(issuer);
      const compromised = activeKid(issuer);
      const compromisedToken = await mint(issuer);
      expect(await verifyAll(verifier, [compromisedToken])).toEqual({ ok: 1 });

      await issuer.rotate({ keepOld: true });
      issuer.removeKey(compromised);
      clock.advance(MAX_AGE_MS - 1);
      expect(await verifyAll(verifier, [compromisedToken])).toEqual({ ok: 1 });
      expect(issuer.requests.jwks).toBe(1);
      clock.advance(1);
      expect(await verifyAll(verifier, times(100, compromisedToken))).toEqual({ 'key_not_found:401': 100 });
      expect(issuer.requests.jwks).toBe(2);
    });
  });

  describe('a full outage with a warm cache', () => {
    it('keeps verifying until the maximum stale age (staleIfErrorMs after expiry), then answers 503 jwks_unavailable; one request per backoff window', async () => {
      const issuer = await startIssuer();
      const { verifier, clock } = verifierFor(issuer);
      const token = await mint(issuer);
      expect(await verifyAll(verifier, [token])).toEqual({ ok: 1 });
      expect(issuer.requests.jwks).toBe(1);

      issuer.setFault({ kind: 'outage' }); // every connection is dropped
      clock.advance(MAX_AGE_MS - 1);
      expect(await verifyAll(verifier, times(100, token))).toEqual({ ok: 100 });
      expect(issuer.requests.jwks).toBe(1); // still fresh: the outage is not even noticed

      // Expired: each verification window tries once (single flight, then backoff) and serves the stale keys.
      clock.advance(1);
      expect(await verifyAll(verifier, times(100, token))).toEqual({ ok: 100 });
      expect(issuer.requests.jwks).toBe(2);
      // Every 10 minutes through the stale window: 100 verifications each, one failed attempt each.
      for (let minutes = 10; minutes < 60; minutes += 10) {
        clock.advance(600_000);
        expect(await verifyAll(verifier, times(100, token))).toEqual({ ok: 100 });
      }
      expect(issuer.requests.jwks).toBe(2 + 5);
      clock.advance(STALE_IF_ERROR_MS - 3_000_000 - 1); // the last millisecond of the stale window
      expect(await verifyAll(verifier, times(100, token))).toEqual({ ok: 100 });
      expect(issuer.requests.jwks).toBe(8);

      // Past the maximum stale age, during the backoff of that last attempt: 503 at once, no request.
      clock.advance(1);
      expect(await verifyAll(verifier, times(100, token))).toEqual({ 'jwks_unavailable:503': 100 });
      expect(issuer.requests.jwks).toBe(8);
      const unavailable = await verifier.verify(token).catch((error: unknown) => error);
      expect(unavailable).toMatchObject({ code: 'jwks_unavailable', status: 503, retryAfterSec: expect.any(Number) });
      // Once that backoff has passed (at most maxBackoffMs, 30 s): one more failed attempt, still 503.
      clock.advance(30_000);
      expect(await verifyAll(verifier, times(100, token))).toEqual({ 'jwks_unavailable:503': 100 });
      expect(issuer.requests.jwks).toBe(9);

      // The issuer comes back: verifying again after the current backoff, with one request.
      issuer.setFault(null);
      clock.advance(30_000);
      expect(await verifyAll(verifier, times(100, token))).toEqual({ ok: 100 });
      expect(issuer.requests.jwks).toBe(10);
    });
  });
});
