/**
 * Project Wycheproof's JOSE vectors run through the verifier's own signature path: strict compact
 * parsing, key validation and selection by the key resolver (static keys), algorithm from the key,
 * and the WebCrypto backend. Expectations are Wycheproof's labels, except where tokenward rejects by
 * design (HMAC and other symmetric keys, JSON serialization, JWE) and the data defects SOURCE.md lists.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/verify/check-signature.js';
import { webCryptoBackend } from '../../src/crypto/webcrypto-backend.js';
import { isTokenwardError } from '../../src/shared/errors.js';
import { keys } from '../../src/issuers/index.js';
import { createKeyResolver } from '../../src/keys/index.js';
import { portableCodec } from '../../src/token/codec.js';
import { parseCompactJws } from '../../src/token/parse-token.js';
import type { IssuerConfig, JwsAlgorithm, PublicJwk } from '../../src/shared/types.js';

interface Vector {
  readonly tcId: number;
  readonly comment: string;
  readonly result: 'valid' | 'invalid' | 'acceptable';
  readonly jws?: unknown;
  readonly jwe?: unknown;
}
interface Group {
  readonly comment: string;
  readonly public?: PublicJwk | { keys: PublicJwk[] };
  readonly private?: PublicJwk | { keys: PublicJwk[] };
  readonly tests: readonly Vector[];
}
type Expectation = 'verifies' | 'rejects' | 'either';
interface Case {
  readonly title: string;
  readonly expectation: Expectation;
  readonly token: unknown;
  readonly issuer: IssuerConfig;
}

const SIGNATURE_FILE = 'json_web_signature_test.json';
// SOURCE.md: byte-identical to a valid vector yet labelled invalid (367, 370); a `?` inserted into a
// segment yet labelled valid (372, 373); alg mismatches labelled valid against Wycheproof's own docs.
const DATA_DEFECTS = new Set([346, 347, 350, 351, 367, 370, 372, 373]);

function load(file: string): readonly Group[] {
  const url = new URL(`./wycheproof/${file}`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { testGroups: Group[] }).testGroups;
}

function keySetOf(group: Group): PublicJwk[] {
  const material = group.public ?? group.private;
  if (material === undefined) return [];
  return 'keys' in material ? (material.keys as PublicJwk[]) : [material as PublicJwk];
}

function headerAlg(token: unknown): string | undefined {
  if (typeof token !== 'string') return undefined;
  try {
    return (JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: unknown }).alg as string;
  } catch {
    return undefined;
  }
}

function classify(file: string, group: Group, vector: Vector, keySet: readonly PublicJwk[]): { expectation: Expectation; why: string } {
  if (vector.jwe !== undefined) return { expectation: 'rejects', why: 'JWE presented as JWS' };
  if (typeof vector.jws !== 'string') return { expectation: 'rejects', why: 'JSON serialization: compact only, by design' };
  const alg = headerAlg(vector.jws);
  if (keySet.some((key) => key.kty === 'oct') || (typeof alg === 'string' && alg.startsWith('HS'))) {
    return { expectation: 'rejects', why: 'symmetric key or HMAC: asymmetric keys only, by design' };
  }
  if (file === SIGNATURE_FILE && DATA_DEFECTS.has(vector.tcId)) return { expectation: 'either', why: 'data defect listed in SOURCE.md' };
  if (vector.result === 'acceptable') return { expectation: 'either', why: 'acceptable' };
  return { expectation: vector.result === 'valid' ? 'verifies' : 'rejects', why: vector.result };
}

function casesOf(file: string): Case[] {
  const cases: Case[] = [];
  for (const group of load(file)) {
    const keySet = keySetOf(group);
    const issuer = keys({ issuer: 'https://wycheproof.test', keys: keySet.length > 0 ? keySet : [{ kty: 'none' }], audience: null });
    for (const vector of group.tests) {
      const { expectation, why } = classify(file, group, vector, keySet);
      cases.push({
        title: `${file.replace('_test.json', '')} tcId ${vector.tcId}: ${group.comment} ${vector.comment} (${why}) ${expectation}`,
        expectation,
        token: vector.jws ?? vector.jwe,
        issuer,
      });
    }
  }
  return cases;
}

// One resolver for the whole suite: static key sources are cached per issuer config, as in the verifier.
const resolver = createKeyResolver({ backend: webCryptoBackend, now: Date.now });
// The platform's own pair, as the verifier uses them: the signing input may live in the codec's reused buffer.
const signatureCheck = { backend: webCryptoBackend, codec: portableCodec, reusableInput: true };

async function outcome(testCase: Case): Promise<'verified' | 'rejected'> {
  try {
    const parsed = parseCompactJws(testCase.token, 16_384);
    const key = await resolver.resolve(testCase.issuer, parsed.header.kid, parsed.header.alg as JwsAlgorithm);
    await verifySignature(parsed, signatureCheck, key);
    return 'verified';
  } catch (error) {
    // Whatever the vector, a rejection must be one of tokenward's typed errors.
    expect(isTokenwardError(error), `untyped error: ${String(error)}`).toBe(true);
    return 'rejected';
  }
}

const files = [SIGNATURE_FILE, 'json_web_key_test.json', 'json_web_crypto_test.json'];
const allCases = files.flatMap(casesOf);

describe('Wycheproof JOSE vectors', () => {
  it.each(allCases.map((c) => [c.title, c] as const))('%s', async (_title, testCase) => {
    const result = await outcome(testCase);
    if (testCase.expectation === 'verifies') expect(result).toBe('verified');
    if (testCase.expectation === 'rejects') expect(result).toBe('rejected');
  });

  it('covers every vector of the three files', () => {
    const total = files.reduce((sum, file) => sum + load(file).reduce((n, group) => n + group.tests.length, 0), 0);
    expect(allCases).toHaveLength(total);
  });
});
