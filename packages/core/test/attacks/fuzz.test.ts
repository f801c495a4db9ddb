import { AUTHORIZATION_FUZZ, fuzzSettings, startAttacks, withinDeadline, type AttackEnvironment } from '@tokenward/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, entra, isTokenwardError, type Verifier } from '../../src/index.js';

// Property-based fuzzing of the verify path: whatever the input, verify and authenticate settle within
// a deadline, reject only with tokenward errors of status 400 or 401 (the issuer is warm, so no 503),
// and never contact a URL the token names. FUZZ_RUNS=100000 for a long run (see the README).
const SETTINGS = fuzzSettings(1_000);
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

let environment: AttackEnvironment;
let verifier: Verifier;
let validTokens: string[];
let startedAt: number;

beforeAll(async () => {
  environment = await startAttacks();
  verifier = createVerifier({ issuers: environment.setup.issuers.map((settings) => entra(settings)), jwks: environment.setup.jwks });
  // The weak issuer has no usable key by design, so warm() rejects naming it; the other keys are cached all the same.
  await verifier.warm().catch(() => undefined);
  const { primary } = environment;
  validTokens = await Promise.all([
    environment.validToken(),
    primary.mint({ scp: 'Orders.Read' }, { alg: 'ES256' }),
    primary.mint({}, { profile: 'app' }),
  ]);
  environment.primary.resetCounters();
  startedAt = Date.now();
});

afterAll(() => environment?.close());

type Outcome = { accepted: true } | { accepted: false; error: unknown };

async function settle(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    await withinDeadline(run());
    return { accepted: true };
  } catch (error) {
    if (error instanceof Error && /a hang$/.test(error.message)) throw error;
    return { accepted: false, error };
  }
}

/** The property every input must hold: a typed rejection of a client error, or (when allowed) acceptance. */
function expectTypedRejection(outcome: Outcome, statuses: readonly number[] = [401]): void {
  if (outcome.accepted) throw new Error('a hostile input was accepted');
  if (!isTokenwardError(outcome.error)) throw new Error(`an untyped rejection: ${String(outcome.error)}`);
  if (!statuses.includes(outcome.error.status))
    throw new Error(`status ${outcome.error.status} (${outcome.error.code}), expected one of ${statuses.join(', ')}`);
}

const b64 = (value: string | Uint8Array) => Buffer.from(value).toString('base64url');
const segment = fc.uint8Array({ maxLength: 300 }).map(b64);
const base64urlChar = fc.constantFrom(...BASE64URL);

/** Header values an attacker would try: real algorithms, none and HMAC, kids and key URLs, including the attacker's. */
const hostileHeader = () => {
  const { attacker, primary } = environment;
  return fc.record(
    {
      alg: fc.oneof(
        fc.constantFrom('RS256', 'ES256', 'PS256', 'EdDSA', 'none', 'None', 'HS256', 'HS512', 'RSA-OAEP', ''),
        fc.string(),
        fc.integer(),
        fc.constant(null),
      ),
      kid: fc.oneof(
        fc.constantFrom(...primary.keys.map((key) => key.kid), attacker.jwksUri, '../../dev/null', '__proto__', ''),
        fc.string({ maxLength: 200 }),
        fc.object({ maxDepth: 1 }),
      ),
      jku: fc.constantFrom(attacker.jwksUri, `${attacker.url}/`, attacker.discoveryUrl),
      x5u: fc.constantFrom(`${attacker.url}/cert.pem`, attacker.jwksUri),
      jwk: fc.constant(attacker.publicJwks().keys[0]),
      x5c: fc.array(fc.base64String({ maxLength: 80 }), { maxLength: 2 }),
      typ: fc.constantFrom('JWT', 'at+jwt', 'JOSE', ''),
      crit: fc.array(fc.string({ maxLength: 8 }), { maxLength: 2 }),
      b64: fc.boolean(),
      enc: fc.constantFrom('A256GCM', 'A128CBC-HS256'),
      zip: fc.constant('DEF'),
    },
    { requiredKeys: [] },
  );
};

const hostileClaims = () => {
  const { attacker, primary } = environment;
  return fc.record(
    {
      iss: fc.oneof(
        fc.constantFrom(primary.issuer, `${primary.issuer}/`, attacker.issuer, environment.weak.issuer),
        fc.string(),
        fc.array(fc.string(), { maxLength: 2 }),
      ),
      aud: fc.oneof(fc.constantFrom(primary.audience, 'api://other'), fc.array(fc.string(), { maxLength: 3 })),
      tid: fc.oneof(fc.constant(primary.tenantId), fc.uuid()),
      exp: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(Math.floor(Date.now() / 1000) + 600)),
      nbf: fc.oneof(fc.integer(), fc.constant(null)),
      scp: fc.string(),
    },
    { requiredKeys: [] },
  );
};

/** One edit of a valid token: the kinds of damage a proxy, a bug or an attacker does. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('replace-char' as const), at: fc.nat(), char: base64urlChar }),
  fc.record({
    kind: fc.constant('insert-char' as const),
    at: fc.nat(),
    char: fc.oneof(base64urlChar, fc.constantFrom('.', '=', '+', '/', ' ', '%', '\u00ff')),
  }),
  fc.record({ kind: fc.constant('delete-char' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace-segment' as const), index: fc.integer({ min: 0, max: 2 }), with: segment }),
  fc.record({ kind: fc.constant('swap-segments' as const), a: fc.integer({ min: 0, max: 2 }), b: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant('repeat-segment' as const), index: fc.integer({ min: 0, max: 2 }) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(token: string, edit: Mutation): string {
  const parts = token.split('.');
  switch (edit.kind) {
    case 'replace-char': {
      const at = edit.at % token.length;
      return token[at] === '.' ? token : `${token.slice(0, at)}${edit.char}${token.slice(at + 1)}`;
    }
    case 'insert-char': {
      const at = edit.at % (token.length + 1);
      return `${token.slice(0, at)}${edit.char}${token.slice(at)}`;
    }
    case 'delete-char': {
      const at = edit.at % token.length;
      return `${token.slice(0, at)}${token.slice(at + 1)}`;
    }
    case 'truncate':
      return token.slice(0, edit.at % token.length);
    case 'replace-segment':
      parts[edit.index] = edit.with;
      return parts.join('.');
    case 'swap-segments':
      [parts[edit.a], parts[edit.b]] = [parts[edit.b] as string, parts[edit.a] as string];
      return parts.join('.');
    case 'repeat-segment':
      parts.splice(edit.index, 0, parts[edit.index] as string);
      return parts.join('.');
  }
}

describe('fuzzing verify', () => {
  it('rejects arbitrary strings with a typed 401', { timeout: SETTINGS.testTimeoutMs }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 400 }),
          fc.string({ unit: 'grapheme', maxLength: 400 }),
          fc.string({ maxLength: 20_000 }),
        ),
        async (input) => {
          expectTypedRejection(await settle(() => verifier.verify(input)));
        },
      ),
      SETTINGS,
    );
  });

  it('rejects arbitrary bytes as base64url segments with a typed 401', { timeout: SETTINGS.testTimeoutMs }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 6 }), async (parts) => {
        expectTypedRejection(await settle(() => verifier.verify(parts.join('.'))));
      }),
      SETTINGS,
    );
  });

  it('accepts a valid token only unchanged: every edit is a typed 401', { timeout: SETTINGS.testTimeoutMs }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (pick, edits) => {
        const original = validTokens[pick % validTokens.length] as string;
        const token = edits.reduce(mutate, original);
        const outcome = await settle(() => verifier.verify(token));
        if (token === original) expect(outcome.accepted).toBe(true);
        else expectTypedRejection(outcome);
      }),
      SETTINGS,
    );
  });

  it(
    'rejects random JSON headers and claims (random alg, kid, jku, x5u, jwk) with a typed 401',
    { timeout: SETTINGS.testTimeoutMs },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          hostileHeader(),
          hostileClaims(),
          fc.oneof(segment, fc.constant(validTokens[0]?.split('.')[2] ?? '')),
          async (header, claims, signature) => {
            const token = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(claims))}.${signature}`;
            expectTypedRejection(await settle(() => verifier.verify(token)));
          },
        ),
        SETTINGS,
      );
    },
  );
});

describe('fuzzing authenticate', () => {
  const value = () =>
    fc.oneof(
      fc
        .tuple(
          fc.constantFrom(...AUTHORIZATION_FUZZ.padding),
          fc.constantFrom(...AUTHORIZATION_FUZZ.schemes),
          fc.constantFrom(...AUTHORIZATION_FUZZ.separators),
          fc.oneof(
            fc.constantFrom(...validTokens),
            fc.string({ maxLength: 200 }),
            fc.tuple(fc.constantFrom(...validTokens), mutation).map(([token, edit]) => mutate(token, edit)),
          ),
          fc.constantFrom(...AUTHORIZATION_FUZZ.trailers),
          fc.constantFrom(...AUTHORIZATION_FUZZ.padding),
        )
        .map((parts) => parts.join('')),
      fc.string({ unit: 'binary', maxLength: 300 }),
    );

  /** Exactly one header holding exactly one well-formed Bearer credential with a valid, unchanged token. */
  const isCleanCredential = (values: readonly string[]) => {
    if (values.length !== 1) return false;
    const match = /^[ \t]*bearer +(\S+)[ \t]*$/i.exec(values[0] as string);
    return match !== null && validTokens.includes(match[1] as string);
  };

  it(
    'answers any set of Authorization header values with a typed 400 or 401, or a clean credential',
    { timeout: SETTINGS.testTimeoutMs },
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(value(), { minLength: 0, maxLength: 3 }), async (values) => {
          const outcome = await settle(() =>
            verifier.authenticate({ authorization: values.length === 1 ? (values[0] as string) : values }),
          );
          if (outcome.accepted) expect(isCleanCredential(values)).toBe(true);
          else expectTypedRejection(outcome, [400, 401]);
        }),
        SETTINGS,
      );
    },
  );

  it('rejects arbitrary JavaScript values as requests with a typed 400 or 401', { timeout: SETTINGS.testTimeoutMs }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything({ maxDepth: 2, withNullPrototype: true, withMap: true }), async (input) => {
        expectTypedRejection(await settle(() => verifier.authenticate(input as never)), [400, 401]);
      }),
      SETTINGS,
    );
  });
});

describe('fuzzing: what all the runs caused', () => {
  it("never contacted the attacker's server, whose URLs the tokens carried", () => {
    expect(environment.attacker.requests.total).toBe(0);
  });

  it('fetched the trusted keys at most once per cooldown, however many unknown kids arrived', () => {
    const cooldownMs = 30_000;
    expect(environment.primary.requests.jwks).toBeLessThanOrEqual(1 + Math.ceil((Date.now() - startedAt) / cooldownMs));
  });
});
