/**
 * One library, one scenario, in its own process with its own test issuer (generic OIDC shape, RS256).
 *   node worker.mjs <library> <scenario>   →  one JSON line on stdout
 * Counts are `issuer.requests.jwks` after the warm-up fetch (except in d, where there is none).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestIssuer } from '@tokenward/testing';
import { errorCode, libraries } from './libraries.mjs';

const TOKENS = Number(process.env.BENCH_JWKS_TOKENS ?? 1000);
const LOOP_LIMIT_MS = 30_000; // (a), (b): stop early past this
const RECOVERY_LIMIT_MS = 35_000; // (a), (b): stop waiting for a valid token to verify again after this
const HANG_LIMIT_MS = Number(process.env.BENCH_JWKS_HANG_LIMIT_MS ?? 10_000);
const COOLDOWN_MS = 30_000; // the cooldown the issue measures against (tokenward's and jose's default)
const TTL_MS = 2_000; // (e): key cache lifetime where the library lets you set it

const [name, scenario] = process.argv.slice(2);
const library = libraries[name];

/** Settles to { ok, code, ms }; never throws. */
async function attempt(verify, token, limitMs = 60_000) {
  const start = performance.now();
  let timer;
  const bound = new Promise((resolve) => (timer = setTimeout(() => resolve({ ok: false, code: 'still pending', pending: true }), limitMs)));
  const result = await Promise.race([
    Promise.resolve()
      .then(() => verify(token))
      .then(
        () => ({ ok: true }),
        (error) => ({ ok: false, code: errorCode(error) }),
      ),
    bound,
  ]);
  clearTimeout(timer);
  return { ...result, ms: performance.now() - start };
}

/** The valid token's signature and payload under a header naming a kid nobody publishes. */
function withUnknownKid(token) {
  const [, payload, signature] = token.split('.');
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: randomUUID() })).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

const tally = (results) => {
  const codes = {};
  for (const r of results) codes[r.ok ? 'accepted' : r.code] = (codes[r.ok ? 'accepted' : r.code] ?? 0) + 1;
  return codes;
};

/** From an empty cache: the first of the random kids causes the first fetch. */
async function unknownKids(issuer, verify, fault) {
  const token = await issuer.mint();
  if (fault) issuer.setFault(fault);
  issuer.resetCounters();
  const results = [];
  const start = performance.now();
  for (let i = 0; i < TOKENS && performance.now() - start < LOOP_LIMIT_MS; i++)
    results.push(await attempt(verify, withUnknownKid(token), 10_000));
  const elapsedMs = performance.now() - start;
  const requests = issuer.requests.jwks;
  // The server is healthy again: how long until a valid token (known kid) verifies? Polled every 250 ms, bounded.
  issuer.setFault(null);
  const healed = performance.now();
  let known;
  let firstCode;
  do {
    known = await attempt(verify, token, 10_000);
    firstCode ??= known.ok ? 'accepted' : known.code;
    if (!known.ok) await sleep(250);
  } while (!known.ok && performance.now() - healed < RECOVERY_LIMIT_MS);
  const recovery = known.ok
    ? { recoveryMs: firstCode === 'accepted' ? 0 : performance.now() - healed }
    : { recoveryMs: null, recoveryCode: known.code };
  recovery.firstCode = firstCode;
  return { requests, tokens: results.length, elapsedMs, codes: tally(results), ...recovery };
}

async function rotation(issuer, verify, waitMs) {
  const warm = await attempt(verify, await issuer.mint());
  if (!warm.ok) throw new Error(`warm-up failed: ${warm.code}`);
  const fetchedAt = performance.now();
  await sleep(waitMs);
  const { kid } = await issuer.rotate();
  const token = await issuer.mint({}, { kid });
  issuer.resetCounters();
  const seenAfterMs = performance.now() - fetchedAt;
  const first = await attempt(verify, token, 10_000);
  return { requests: issuer.requests.jwks, seenAfterMs, ok: first.ok, code: first.code };
}

async function hang(issuer, verify) {
  issuer.setFault({ kind: 'hang' });
  const result = await attempt(verify, await issuer.mint(), HANG_LIMIT_MS);
  return { requests: issuer.requests.jwks, ms: result.ms, pending: Boolean(result.pending), ok: result.ok, code: result.code };
}

async function staleOnOutage(issuer, verify) {
  const token = await issuer.mint();
  const warm = await attempt(verify, token);
  if (!warm.ok) throw new Error(`warm-up failed: ${warm.code}`);
  await sleep(TTL_MS + 1_000);
  issuer.setFault({ kind: 'outage' });
  issuer.resetCounters();
  const results = [];
  for (let i = 0; i < 5; i++) {
    results.push(await attempt(verify, token, 10_000));
    await sleep(200);
  }
  return { requests: issuer.requests.jwks, accepted: results.filter((r) => r.ok).length, of: results.length, codes: tally(results) };
}

const scenarios = {
  'a-unknown-kids': (issuer, verify) => unknownKids(issuer, verify),
  'b-unknown-kids-503': (issuer, verify) => unknownKids(issuer, verify, { kind: 'status', status: 503 }),
  'c-rotation-within': (issuer, verify) => rotation(issuer, verify, 1_000),
  'c-rotation-outside': (issuer, verify) => rotation(issuer, verify, COOLDOWN_MS + 1_000),
  'd-hang-empty-cache': hang,
  'e-ttl-expiry-outage': staleOnOutage,
};

const issuer = await createTestIssuer(scenario.startsWith('e-') ? { jwksCacheControl: null } : {});
let output;
try {
  const instance = await library.create(
    { issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri },
    scenario.startsWith('e-') ? { ttlMs: TTL_MS } : {},
  );
  output = { name, scenario, ...(await scenarios[scenario](issuer, instance.verify)) };
} catch (error) {
  output = { name, scenario, failed: String(error?.stack ?? error) };
} finally {
  await issuer.close();
}
process.stdout.write(`${JSON.stringify(output)}\n`);
process.exit(0);
