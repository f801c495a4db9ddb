/**
 * The DPoP half of `authenticate`: read the proof and the request's method and URI before the token is
 * verified, then (RFC 9449 §7.1) check the proof against the verified token, the server nonce, and replay.
 */

import type { Observer } from '../observe/events.js';
import { ClaimInvalidError, InvalidDpopProofError, UseDpopNonceError } from '../shared/errors.js';
import { bounded } from '../shared/bounded.js';
import type { HeadersInput, SignatureBackend, VerifiedToken } from '../shared/types.js';
import type { TokenCodec } from '../token/codec.js';
import { withDpop } from '../verify/verified-result.js';
import type { CompiledDpop } from './dpop-options.js';
import { proofOf, requestTarget } from './dpop-request.js';
import { createProofChecker } from './proof.js';

/** A store that does not answer within this long is passed over (as revocation lists do). */
const REPLAY_STORE_TIMEOUT_MS = 1_000;

/** What a DPoP request brings besides its token, read before the token is verified. */
export interface DpopRequest {
  readonly proof: string;
  readonly method: string;
  readonly htu: string;
}

export interface DpopAuthentication {
  /** The proof, method and URI of a request with the DPoP scheme; throws `InvalidDpopProofError`. */
  read(input: HeadersInput): DpopRequest;
  /** The verified token, confirmed as presented by its key holder: a copy with `dpop`. */
  confirm(request: DpopRequest, token: VerifiedToken): Promise<VerifiedToken>;
}

interface Dependencies {
  readonly backend: SignatureBackend;
  readonly codec: TokenCodec;
  readonly now: () => number;
  readonly observer: Observer;
}

function boundKey(token: VerifiedToken): string {
  const cnf = token.claims.cnf as { jkt?: unknown } | undefined;
  const jkt = typeof cnf === 'object' && cnf !== null ? cnf.jkt : undefined;
  if (typeof jkt === 'string' && jkt !== '') return jkt;
  throw new ClaimInvalidError('the token came with the DPoP scheme but is not DPoP-bound: expected a "cnf" claim with "jkt", found none', {
    claim: 'cnf',
    expected: 'cnf.jkt',
    found: 'none',
  });
}

export function createDpopAuthentication(settings: CompiledDpop, dependencies: Dependencies): DpopAuthentication {
  const { now, observer } = dependencies;
  const checkProof = createProofChecker(settings, dependencies.backend, dependencies.codec);
  const { nonces, replayStore } = settings;

  /** `undefined` when the proof's nonce is current, the current one when it was the previous window's. */
  async function checkNonce(nonce: string | undefined): Promise<string | undefined> {
    if (nonces === undefined) return undefined;
    if (nonce === undefined || !(await nonces.accepts(nonce))) {
      const current = await nonces.current();
      throw new UseDpopNonceError(
        nonce === undefined
          ? 'the DPoP proof must carry the nonce this server issues (sent in DPoP-Nonce), found none'
          : 'the DPoP proof carries a nonce this server does not accept (a new one is in DPoP-Nonce)',
        { nonce: current, claim: 'nonce' },
      );
    }
    const current = await nonces.current();
    return nonce === current ? undefined : current;
  }

  /** Fails open, like a revocation list: a store that throws or hangs must not refuse every DPoP request. */
  async function isFirstUse(key: string, ttlMs: number): Promise<boolean> {
    try {
      return (
        (await bounded(
          REPLAY_STORE_TIMEOUT_MS,
          () => Promise.resolve(replayStore.remember(key, ttlMs)),
          () => new Error('timeout'),
        )) !== false
      );
    } catch {
      if (observer.active('store-failure')) observer.emit({ type: 'store-failure', source: 'dpop-replay', operation: 'write' });
      return true;
    }
  }

  return {
    read(input) {
      const proof = proofOf(input);
      const { method, htu } = requestTarget(input, settings.origin);
      return { proof, method, htu };
    },
    async confirm(request, token) {
      const jkt = boundKey(token);
      const nowSec = now() / 1000;
      const proof = await checkProof(request.proof, { method: request.method, htu: request.htu, accessToken: token.token, jkt, nowSec });
      const nextNonce = await checkNonce(proof.nonce);
      const ttlMs = Math.ceil((proof.iat + settings.maxAgeSec + settings.clockToleranceSec - nowSec) * 1000);
      if (!(await isFirstUse(`${jkt}.${proof.jti}`, Math.max(ttlMs, 1_000)))) {
        throw new InvalidDpopProofError('the DPoP proof has been used before (its "jti" was seen): make a new proof for each request', {
          claim: 'jti',
        });
      }
      return withDpop(token, nextNonce === undefined ? { jkt } : { jkt, nonce: nextNonce });
    },
  };
}
