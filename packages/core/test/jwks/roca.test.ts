import { readFileSync } from 'node:fs';
import { TEST_KEYS } from '@tokenward/testing';
import { describe, expect, it } from 'vitest';
import { whyKeyIsUnusable } from '../../src/jwks/check-public-key.js';
import { hasRocaFingerprint } from '../../src/jwks/roca.js';

const modulus = (n: string) => new Uint8Array(Buffer.from(n, 'base64url'));

function rocaVectorKey(): { n: string } & Record<string, unknown> {
  const file = new URL('../vectors/wycheproof/json_web_key_test.json', import.meta.url);
  const groups = (JSON.parse(readFileSync(file, 'utf8')) as { testGroups: { comment: string; public?: { keys: { n: string }[] } }[] }).testGroups;
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

describe('whyKeyIsUnusable with ROCA', () => {
  it('skips a published key with the ROCA weakness and says why', () => {
    expect(whyKeyIsUnusable(rocaVectorKey())).toMatch(/ROCA/);
  });
});
