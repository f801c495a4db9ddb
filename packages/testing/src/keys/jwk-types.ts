/** JWK shapes of the committed test keys. */

export interface RsaPublicJwk {
  readonly kid: string;
  readonly kty: 'RSA';
  readonly n: string;
  readonly e: string;
}

export interface RsaPrivateJwk extends RsaPublicJwk {
  readonly d: string;
  readonly p: string;
  readonly q: string;
  readonly dp: string;
  readonly dq: string;
  readonly qi: string;
}

export interface EcPublicJwk<Crv extends 'P-256' | 'P-384' | 'P-521' = 'P-256' | 'P-384' | 'P-521'> {
  readonly kid: string;
  readonly kty: 'EC';
  readonly crv: Crv;
  readonly x: string;
  readonly y: string;
}

export interface EcPrivateJwk<Crv extends 'P-256' | 'P-384' | 'P-521' = 'P-256' | 'P-384' | 'P-521'> extends EcPublicJwk<Crv> {
  readonly d: string;
}

export interface OkpPublicJwk {
  readonly kid: string;
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
}

export interface OkpPrivateJwk extends OkpPublicJwk {
  readonly d: string;
}

export type TestPrivateJwk = RsaPrivateJwk | EcPrivateJwk | OkpPrivateJwk;
export type TestPublicKeyJwk = RsaPublicJwk | EcPublicJwk | OkpPublicJwk;

/** The committed key families, as tuples so `TEST_KEYS.rsa[0]` is never `undefined`. */
export interface TestKeySet {
  readonly rsa: readonly [RsaPrivateJwk, RsaPrivateJwk, RsaPrivateJwk, RsaPrivateJwk, RsaPrivateJwk, RsaPrivateJwk];
  readonly p256: readonly [EcPrivateJwk<'P-256'>, EcPrivateJwk<'P-256'>, EcPrivateJwk<'P-256'>];
  readonly p384: readonly [EcPrivateJwk<'P-384'>, EcPrivateJwk<'P-384'>];
  readonly p521: readonly [EcPrivateJwk<'P-521'>, EcPrivateJwk<'P-521'>];
  readonly ed25519: readonly [OkpPrivateJwk, OkpPrivateJwk, OkpPrivateJwk];
}

/** Strips the private members of a JWK. */
export function toPublicJwk(jwk: RsaPrivateJwk | RsaPublicJwk): RsaPublicJwk;
export function toPublicJwk<Crv extends 'P-256' | 'P-384' | 'P-521'>(jwk: EcPrivateJwk<Crv> | EcPublicJwk<Crv>): EcPublicJwk<Crv>;
export function toPublicJwk(jwk: OkpPrivateJwk | OkpPublicJwk): OkpPublicJwk;
export function toPublicJwk(jwk: TestPrivateJwk | TestPublicKeyJwk): TestPublicKeyJwk;
export function toPublicJwk(jwk: TestPrivateJwk | TestPublicKeyJwk): TestPublicKeyJwk {
  switch (jwk.kty) {
    case 'RSA':
      return { kid: jwk.kid, kty: 'RSA', n: jwk.n, e: jwk.e };
    case 'EC':
      return { kid: jwk.kid, kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y };
    case 'OKP':
      return { kid: jwk.kid, kty: 'OKP', crv: jwk.crv, x: jwk.x };
  }
}
