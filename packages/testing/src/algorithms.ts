import type { TestAlgorithm } from './types.js';

/** Key families: one key material can sign with any algorithm of its family. */
export type KeyFamily = 'rsa' | 'p256' | 'p384' | 'p521' | 'ed25519';

const FAMILY: Readonly<Record<TestAlgorithm, KeyFamily>> = {
  RS256: 'rsa',
  RS384: 'rsa',
  RS512: 'rsa',
  PS256: 'rsa',
  PS384: 'rsa',
  PS512: 'rsa',
  ES256: 'p256',
  ES384: 'p384',
  ES512: 'p521',
  EdDSA: 'ed25519',
};

export const TEST_ALGORITHMS: readonly TestAlgorithm[] = Object.freeze(Object.keys(FAMILY) as TestAlgorithm[]);

export function isTestAlgorithm(value: unknown): value is TestAlgorithm {
  return typeof value === 'string' && Object.hasOwn(FAMILY, value);
}

export function familyOf(alg: TestAlgorithm): KeyFamily {
  return FAMILY[alg];
}

export function assertAlgorithm(where: string, value: unknown): TestAlgorithm {
  if (!isTestAlgorithm(value)) {
    throw new TypeError(`@tokenward/testing: ${where} must be one of ${TEST_ALGORITHMS.join(', ')}; got ${JSON.stringify(value)}`);
  }
  return value;
}
