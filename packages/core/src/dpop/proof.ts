/** A DPoP proof (RFC 9449 §4.2) checked against its request and access token, as §4.3 lists the checks. */

import { algorithmsForKey } from '../crypto/algorithms.js';
import { whyKeyIsUnusable } from '../keys/check-public-key.js';
import { InvalidDpopProofError, isTokenwardError } from '../shared/errors.js';
import { isPromiseLike } from '../shared/promise-like.js';
import type { JwsAlgorithm, JwtClaims, PublicJwk, SignatureBackend } from '../shared/types.js';
import type { TokenCodec } from '../token/codec.js';
import { parseToken, type ParsedToken } from '../token/parse-token.js';
import { normaliseTyp } from '../token/token-types.js';
import type { CompiledDpop } from './dpop-options.js';
import { htuOf } from './request-uri.js';
import { sha256Base64Url, thumbprintInput } from './thumbprint.js';

/** A proof carries a public key and a few claims: 8 KiB holds an RSA-4096 key with room to spare. */
export const MAX_PROOF_BYTES = 8_192;
const MAX_JTI_LENGTH = 256;
const MAX_IMPORTED_KEYS = 1_000;

/** The request a proof must have been made for. */
export interface ProofRequest {
  readonly method: string;
  /** The request's target URI, normalised (`htuOf`). */
  readonly htu: string;
  /** The access token beside the proof (`ath` is its hash). */
  readonly accessToken: string;
  /** The token's `cnf.jkt`: the thumbprint of the only key that may sign the proof. */
  readonly jkt: string;
  readonly nowSec: number;
}

/** What a valid proof leaves for the checks that need state: replay (`jti`, `iat`) and the server nonce. */
export interface CheckedProof {
  readonly jti: string;
  readonly iat: number;
  readonly nonce: string | undefined;
}

const invalid = (message: string, details: { expected?: string; found?: string; claim?: string } = {}): InvalidDpopProofError =>
  new InvalidDpopProofError(`the DPoP proof ${message}`, details);

function describe(value: unknown): string {
  if (value === undefined) return 'none';
  if (value === null) return 'null';
  return typeof value === 'string' ? value : `a ${Array.isArray(value) ? 'array' : typeof value}`;
}

function parseProof(proof: string, codec: TokenCodec): ParsedToken {
  try {
    return parseToken(proof, MAX_PROOF_BYTES, codec);
  } catch (error) {
    const reason = isTokenwardError(error) ? error.message.replace(/^the token /, '') : 'cannot be read';
    throw invalid(`is not a signed JWT: ${reason}`, { expected: 'a compact JWS' });
  }
}

function checkHeader(parsed: ParsedToken, settings: CompiledDpop): { alg: JwsAlgorithm; jwk: PublicJwk; input: string } {
  const { header } = parsed;
  if (typeof header.typ !== 'string' || normaliseTyp(header.typ) !== 'dpop+jwt') {
    throw invalid(`has the wrong "typ": expected dpop+jwt, found ${describe(header.typ)}`, {
      claim: 'typ',
      expected: 'dpop+jwt',
      found: describe(header.typ),
    });
  }
  const alg = header.alg;
  if (!settings.algorithms.has(alg)) {
    const expected = [...settings.algorithms].join(', ');
    throw invalid(`is signed with an algorithm not accepted: expected one of ${expected}, found ${alg}`, {
      claim: 'alg',
      expected,
      found: alg,
    });
  }
  const jwk = (header as Record<string, unknown>).jwk;
  const unusable = whyKeyIsUnusable(jwk);
  if (unusable !== undefined) {
    throw invalid(`header "jwk" is not a usable public key: ${unusable}`, { claim: 'jwk', expected: 'a public JWK' });
  }
  const key = jwk as PublicJwk;
  if (!algorithmsForKey(key).includes(alg as JwsAlgorithm)) {
    throw invalid(`"alg" ${alg} does not fit its key (kty ${key.kty})`, { claim: 'alg', expected: `an algorithm for a ${key.kty} key` });
  }
  const input = thumbprintInput(key);
  if (input === undefined) throw invalid('header "jwk" has no thumbprint', { claim: 'jwk' });
  return { alg: alg as JwsAlgorithm, jwk: key, input };
}

function checkClaims(claims: JwtClaims, request: ProofRequest, settings: CompiledDpop): { jti: string; iat: number; ath: string } {
  const { jti, htm, htu, iat, ath } = claims as Record<string, unknown>;
  if (typeof jti !== 'string' || jti === '' || jti.length > MAX_JTI_LENGTH) {
    throw invalid(
      `needs a "jti" of 1 to ${MAX_JTI_LENGTH} characters, found ${typeof jti === 'string' ? `${jti.length} characters` : describe(jti)}`,
      {
        claim: 'jti',
      },
    );
  }
  if (htm !== request.method) {
    throw invalid(`was made for another method: expected "htm" ${request.method}, found ${describe(htm)}`, {
      claim: 'htm',
      expected: request.method,
      found: describe(htm),
    });
  }
  const proofHtu = typeof htu === 'string' ? htuOf(htu) : undefined;
  if (proofHtu !== request.htu) {
    throw invalid(`was made for another URI: expected "htu" ${request.htu}, found ${describe(htu)}`, {
      claim: 'htu',
      expected: request.htu,
      found: describe(htu),
    });
  }
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw invalid(`needs a numeric "iat", found ${describe(iat)}`, { claim: 'iat' });
  const tolerance = settings.clockToleranceSec;
  if (iat > request.nowSec + tolerance) {
    throw invalid(`is dated in the future: "iat" is ${Math.round(iat - request.nowSec)} s ahead of this server's clock`, { claim: 'iat' });
  }
  if (iat < request.nowSec - settings.maxAgeSec - tolerance) {
    throw invalid(`is too old: expected "iat" within the last ${settings.maxAgeSec} s, found ${Math.round(request.nowSec - iat)} s ago`, {
      claim: 'iat',
    });
  }
  if (typeof ath !== 'string') throw invalid(`needs "ath", the hash of the access token, found ${describe(ath)}`, { claim: 'ath' });
  return { jti, iat, ath };
}

/** Checks proofs for one verifier; imported proof keys are kept (bounded) as clients reuse theirs. */
export function createProofChecker(settings: CompiledDpop, backend: SignatureBackend, codec: TokenCodec) {
  const imported = new Map<string, PromiseLike<unknown>>();
  const importKey = (thumbprint: string, jwk: PublicJwk, alg: JwsAlgorithm): PromiseLike<unknown> => {
    const id = `${alg}.${thumbprint}`;
    let key = imported.get(id);
    if (key === undefined) {
      key = backend.importKey(jwk, alg);
      if (imported.size >= MAX_IMPORTED_KEYS) imported.delete(imported.keys().next().value as string);
      imported.set(id, key);
      // A key that failed to import is not kept.
      Promise.resolve(key).catch(() => imported.delete(id));
    }
    return key;
  };

  /** Every stateless check of §4.3 (and the `cnf.jkt` binding of §6.1); rejects with `InvalidDpopProofError`. */
  return async function checkProof(proof: string, request: ProofRequest): Promise<CheckedProof> {
    const parsed = parseProof(proof, codec);
    const { alg, jwk, input } = checkHeader(parsed, settings);
    const { jti, iat, ath } = checkClaims(parsed.claims, request, settings);
    const [thumbprint, tokenHash] = await Promise.all([sha256Base64Url(input), sha256Base64Url(request.accessToken)]);
    if (thumbprint !== request.jkt) {
      throw invalid("is signed by another key than the access token is bound to (its thumbprint is not the token's cnf.jkt)", {
        claim: 'jwk',
        expected: "the key whose thumbprint is the token's cnf.jkt",
      });
    }
    if (ath !== tokenHash) {
      throw invalid('was made for another access token ("ath" is not the hash of this one)', { claim: 'ath' });
    }
    let valid: unknown;
    try {
      const key = await importKey(thumbprint, jwk, alg);
      const data = codec.signingInput(parsed.token, parsed.signedLength, false);
      const verdict = backend.verify(alg, key, parsed.signature, data);
      valid = isPromiseLike(verdict) ? await verdict : verdict;
    } catch {
      valid = false;
    }
    if (valid !== true) throw invalid('signature is invalid', { claim: 'signature' });
    const nonce = (parsed.claims as Record<string, unknown>).nonce;
    if (nonce !== undefined && typeof nonce !== 'string')
      throw invalid(`"nonce" must be a string, found ${describe(nonce)}`, { claim: 'nonce' });
    return { jti, iat, nonce };
  };
}

export type ProofChecker = ReturnType<typeof createProofChecker>;
