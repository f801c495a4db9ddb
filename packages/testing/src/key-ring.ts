/** The keys of one issuer: which are published, which signs by default, and their certificates. */
import { familyOf } from './algorithms.js';
import { rsaCertificate, type TestCertificate } from './certificate.js';
import { foreignKeyMaterial, leaseKeyMaterial, releaseKeyMaterial, signingKey, type KeyMaterial } from './key-pool.js';
import type { TestAlgorithm, TestKeyInfo } from './types.js';

export interface IssuerKey {
  readonly kid: string;
  readonly alg: TestAlgorithm;
  readonly material: KeyMaterial;
  readonly signer: CryptoKey;
  /** Self-signed certificate, for RSA keys of providers that publish certificates. */
  readonly certificate: TestCertificate | undefined;
  published: boolean;
  /** Published ahead of use: the key the next rotate() makes the signer. */
  next: boolean;
}

export class KeyRing {
  readonly #keys: IssuerKey[] = [];
  readonly #everUsed = new Set<string>();
  #active: IssuerKey | undefined;
  readonly #certificateSubject: string | undefined;

  /** `certificateSubject`: CN of the self-signed certificates, or undefined when none are published. */
  constructor(certificateSubject: string | undefined) {
    this.#certificateSubject = certificateSubject;
  }

  /**
   * Adds a published key for `alg`; it becomes the default signer when `activate` is set, or the
   * announced next key when `next` is set.
   */
  async add(alg: TestAlgorithm, activate: boolean, next = false): Promise<IssuerKey> {
    const material = await leaseKeyMaterial(familyOf(alg), this.#everUsed);
    this.#everUsed.add(material.kid);
    try {
      const [signer, certificate] = await Promise.all([
        signingKey(material, alg),
        this.#certificateSubject !== undefined && material.jwk.kty === 'RSA'
          ? rsaCertificate(material.jwk, this.#certificateSubject)
          : undefined,
      ]);
      const key: IssuerKey = { kid: material.kid, alg, material, signer, certificate, published: true, next };
      this.#keys.push(key);
      if (activate || !this.#active) this.#active = key;
      return key;
    } catch (error) {
      releaseKeyMaterial(material.kid);
      throw error;
    }
  }

  get active(): IssuerKey {
    if (!this.#active) throw new Error('@tokenward/testing: the issuer has no keys');
    return this.#active;
  }

  /** The announced next key, if one is published. */
  get next(): IssuerKey | undefined {
    return this.#keys.find((k) => k.next);
  }

  /** Makes `key` the default signer (it stops being the announced next key). */
  activate(key: IssuerKey): void {
    key.next = false;
    this.#active = key;
  }

  get all(): readonly IssuerKey[] {
    return this.#keys;
  }

  published(): IssuerKey[] {
    return this.#keys.filter((k) => k.published);
  }

  info(): TestKeyInfo[] {
    return this.#keys.map((k) =>
      Object.freeze({ kid: k.kid, alg: k.alg, published: k.published, active: k === this.#active, next: k.next }),
    );
  }

  find(kid: string): IssuerKey | undefined {
    return this.#keys.find((k) => k.kid === kid);
  }

  /** A key this issuer never held, of the same family as `key`, imported for `key.alg`. */
  async foreignSigner(key: IssuerKey): Promise<CryptoKey> {
    return signingKey(await foreignKeyMaterial(familyOf(key.alg), this.#everUsed), key.alg);
  }

  /** Returns the leased key material to the process pool. */
  release(): void {
    for (const key of this.#keys) releaseKeyMaterial(key.kid);
  }
}
