import { readFileSync } from 'node:fs';
import { TEST_KEYS } from '@tokenward/testing';
import { describe, expect, it } from 'vitest';
import { whyKeyIsUnusable } from '../../src/keys/check-public-key.js';
import { hasRocaFingerprint } from '../../src/keys/roca.js';

const modulus = (n: string) => new Uint8Array(Buffer.from(n, 'base64url'));

function rocaVectorKey(): { n: string } & Record<string, unknown> {
  const file = new URL('../vectors/wycheproof/json_web_key_test.json', import.meta.url);
  const groups = (JSON.parse(readFileSync(file, 'utf8')) as { testGroups: { comment: string; public?: { keys: { n: string }[] } }[] })
    .testGroups;
  const key = groups.find((group) => group.comment === 'jws_rsa_roca_key')?.public?.keys[0];
  if (!key) throw new Error('ROCA vector not found');
  return key;
}

describe('hasRocaFingerprint', () => {
  it('flags the Wycheproof ROCA key', () => {
    expect(hasRocaFingerprint(modulus(rocaVectorKey().n))).toBe(true);
  });

  it('does not flag ordinary RSA keys', () => {
    for (const key of TEST_KEYS.rsa) expect(hasRocaFingerprint(modulus(key.n))).toBe(false);
  });
});

describe('hasRocaFingerprint against the definition', () => {
  const PRIMES = [
    3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137,
    139, 149, 151, 157, 163, 167,
  ];
  const M = PRIMES.reduce((product, p) => product * BigInt(p), 1n);

  /** The definition, spelled out: for every prime, n mod p is a power of 65537 mod p. */
  function definition(n: bigint): boolean {
    return PRIMES.every((p) => {
      const residue = Number(n % BigInt(p));
      let x = 1;
      for (let i = 0; i < p; i++, x = (x * (65537 % p)) % p) if (x === residue) return true;
      return false;
    });
  }

  // A deterministic generator (xorshift): the same moduli on every run.
  let seed = 0x9e3779b9;
  const next = () => ((seed ^= seed << 13), (seed ^= seed >>> 17), (seed ^= seed << 5), seed >>> 0);
  const randomBig = (bytes: number) => Array.from({ length: bytes }, () => BigInt(next() & 0xff)).reduce((n, b) => (n << 8n) | b, 0n);
  const bytesOf = (n: bigint) => new Uint8Array(Buffer.from(n.toString(16).padStart(512, '0'), 'hex'));
  const powMod = (base: bigint, exponent: bigint, m: bigint) => {
    let result = 1n;
    for (let b = base % m, e = exponent; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) result = (result * b) % m;
    return result;
  };

  it('flags every modulus of the ROCA form k·M + (65537^a mod M)', () => {
    for (let i = 0; i < 200; i++) {
      const n = randomBig(200) * M + powMod(65537n, randomBig(8), M);
      expect(hasRocaFingerprint(bytesOf(n))).toBe(true);
    }
  });

  it('agrees with the definition on ROCA-shaped moduli one step off and on random moduli', () => {
    for (let i = 0; i < 2_000; i++) {
      const roca = randomBig(200) * M + powMod(65537n, randomBig(8), M);
      const n = i % 2 === 0 ? roca + BigInt(1 + (next() % 1000)) : randomBig(256);
      expect(hasRocaFingerprint(bytesOf(n)), n.toString(16)).toBe(definition(n));
    }
  });
});

describe('whyKeyIsUnusable with ROCA', () => {
  it('skips a published key with the ROCA weakness and says why', () => {
    expect(whyKeyIsUnusable(rocaVectorKey())).toMatch(/ROCA/);
  });
});
