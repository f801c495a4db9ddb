/**
 * Process-wide key material: the committed test keys first, generated keys when they run out.
 * Open issuers lease their keys, so two issuers alive at the same time never share a key (a token
 * from one must not verify against the other's JWKS). Imported CryptoKeys are cached per key and alg.
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';
import { familyOf, type KeyFamily } from './algorithms.js';
import type { TestPrivateJwk } from './keys/jwk-types.js';
import { TEST_KEYS } from './keys/test-keys.js';
import type { TestAlgorithm } from './types.js';

export interface KeyMaterial {
  readonly kid: string;
  readonly family: KeyFamily;
  readonly jwk: TestPrivateJwk;
}

const GENERATE_AS: Readonly<Record<KeyFamily, TestAlgorithm>> = {
  rsa: 'RS256',
  p256: 'ES256',
  p384: 'ES384',
  p521: 'ES512',
  ed25519: 'EdDSA',
};

const pool: KeyMaterial[] = (Object.keys(TEST_KEYS) as KeyFamily[]).flatMap((family) =>
  TEST_KEYS[family].map((jwk): KeyMaterial => ({ kid: jwk.kid, family, jwk })),
);
const leased = new Set<string>();
const imported = new Map<string, Promise<CryptoKey>>();

/** Fresh key material (generated keys join the pool so later issuers can reuse them). */
export async function generateKeyMaterial(family: KeyFamily, kid?: string): Promise<KeyMaterial> {
  const { privateKey } = await generateKeyPair(GENERATE_AS[family], { extractable: true, modulusLength: 2048 });
  const exported = await exportJWK(privateKey);
  const jwk = { ...exported, kid: kid ?? (await calculateJwkThumbprint(exported)) } as unknown as TestPrivateJwk;
  return { kid: jwk.kid, family, jwk };
}

/** Leases a key of `family` that is not leased and not in `exclude`, generating one if none is left. */
export async function leaseKeyMaterial(family: KeyFamily, exclude: ReadonlySet<string>): Promise<KeyMaterial> {
  let material = pool.find((k) => k.family === family && !leased.has(k.kid) && !exclude.has(k.kid));
  if (!material) {
    material = await generateKeyMaterial(family);
    pool.push(material);
  }
  leased.add(material.kid);
  return material;
}

export function releaseKeyMaterial(kid: string): void {
  leased.delete(kid);
}

const foreign = new Map<KeyFamily, Promise<KeyMaterial>>();

/** A key of `family` outside `exclude`, not leased: it may belong to another issuer, never to this one. */
export function foreignKeyMaterial(family: KeyFamily, exclude: ReadonlySet<string>): Promise<KeyMaterial> {
  const committed = pool.find((k) => k.family === family && !exclude.has(k.kid));
  if (committed) return Promise.resolve(committed);
  let pending = foreign.get(family);
  if (!pending) {
    pending = generateKeyMaterial(family);
    foreign.set(family, pending);
  }
  return pending;
}

/** The private CryptoKey of `material` for `alg`, imported once per process. */
export function signingKey(material: KeyMaterial, alg: TestAlgorithm): Promise<CryptoKey> {
  if (familyOf(alg) !== material.family) throw new TypeError(`@tokenward/testing: key ${material.kid} cannot sign ${alg}`);
  const cacheKey = `${material.kid}\u0000${alg}`;
  let pending = imported.get(cacheKey);
  if (!pending) {
    pending = importJWK({ ...material.jwk }, alg) as Promise<CryptoKey>;
    imported.set(cacheKey, pending);
    pending.catch(() => imported.delete(cacheKey));
  }
  return pending;
}
