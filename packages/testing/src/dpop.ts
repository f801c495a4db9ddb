/**
 * A DPoP client for tests (RFC 9449): a key pair, its thumbprint for the `cnf.jkt` of the tokens you
 * mint, and proofs made by an independent client library (`dpop`), plus `forge` for the proofs no
 * client would make (another `typ`, a stale `iat`, a private key in the header).
 */

import { generateKeyPair, generateProof, type KeyPair } from 'dpop';
import { calculateJwkThumbprint, exportJWK, SignJWT, type JWK } from 'jose';

/** The proof algorithms `createDpopClient` can use (what the `dpop` library supports). */
export type DpopClientAlgorithm = 'ES256' | 'PS256' | 'RS256' | 'Ed25519';

export interface DpopProofRequest {
  /** The request's method, e.g. `GET`. */
  readonly method: string;
  /** The request's absolute URL; the proof's `htu` is it without query and fragment (the library's rule). */
  readonly url: string;
  /** The access token sent beside the proof (its hash becomes `ath`). */
  readonly accessToken?: string;
  /** The server's nonce, from `DPoP-Nonce`. */
  readonly nonce?: string;
}

export interface ForgedProof {
  /** Protected header; `jwk` defaults to the client's public key, `typ` to `dpop+jwt`, `alg` to the client's. */
  readonly header?: Readonly<Record<string, unknown>>;
  /** Claims; `htm`, `htu`, `iat`, `jti` and `ath` default as a real proof's. `undefined` removes one. */
  readonly claims?: Readonly<Record<string, unknown>>;
  readonly request: DpopProofRequest;
}

export interface DpopClient {
  readonly alg: DpopClientAlgorithm;
  /** RFC 7638 SHA-256 thumbprint of the public key: mint tokens with `{ cnf: { jkt } }`. */
  readonly jkt: string;
  readonly publicJwk: JWK;
  /** A proof as a real client makes it: `Authorization: DPoP <token>` goes beside `DPoP: <proof>`. */
  proof(request: DpopProofRequest): Promise<string>;
  /** A proof with the given header and claims, signed with the client's key (jose). */
  forge(forged: ForgedProof): Promise<string>;
}

const htuOf = (url: string): string => {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
};

async function hashOf(token: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
  return Buffer.from(digest).toString('base64url');
}

/**
 * Creates a client with a fresh key pair.
 *
 * @example
 * const client = await createDpopClient();
 * const token = await issuer.mint({ cnf: { jkt: client.jkt } });
 * const proof = await client.proof({ method: 'GET', url: 'https://api.example/orders', accessToken: token });
 * await fetch(url, { headers: { authorization: `DPoP ${token}`, dpop: proof } });
 */
export async function createDpopClient(alg: DpopClientAlgorithm = 'ES256'): Promise<DpopClient> {
  const keyPair: KeyPair = await generateKeyPair(alg);
  const publicJwk = await exportJWK(keyPair.publicKey);
  const jkt = await calculateJwkThumbprint(publicJwk, 'sha256');
  return Object.freeze({
    alg,
    jkt,
    publicJwk,
    proof: (request: DpopProofRequest) => generateProof(keyPair, htuOf(request.url), request.method, request.nonce, request.accessToken),
    async forge({ header = {}, claims = {}, request }: ForgedProof): Promise<string> {
      const defaults: Record<string, unknown> = {
        htm: request.method,
        htu: htuOf(request.url),
        iat: Math.floor(Date.now() / 1000),
        jti: crypto.randomUUID(),
        ...(request.accessToken === undefined ? {} : { ath: await hashOf(request.accessToken) }),
        ...(request.nonce === undefined ? {} : { nonce: request.nonce }),
      };
      const payload = Object.fromEntries(Object.entries({ ...defaults, ...claims }).filter(([, value]) => value !== undefined));
      const protectedHeader = Object.fromEntries(
        Object.entries({ alg, typ: 'dpop+jwt', jwk: publicJwk, ...header }).filter(([, value]) => value !== undefined),
      );
      return new SignJWT(payload).setProtectedHeader(protectedHeader as { alg: string }).sign(keyPair.privateKey);
    },
  });
}
