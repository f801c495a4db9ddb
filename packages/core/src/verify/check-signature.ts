import { SignatureInvalidError } from '../shared/errors.js';
import type { ResolvedKey } from '../keys/index.js';
import { isPromiseLike } from '../shared/promise-like.js';
import type { TokenCodec } from '../token/codec.js';
import type { ParsedJws } from '../token/parse-token.js';
import type { SignatureBackend } from '../shared/types.js';

function judge(valid: unknown): void {
  // Only `true`: a backend answering 1, 'false' or an object must not pass by being truthy.
  if (valid !== true) throw new SignatureInvalidError('the token signature is invalid');
}

/** How the signature is checked: the backend, and how it is given the bytes the signature covers. */
export interface SignatureCheck {
  readonly backend: SignatureBackend;
  readonly codec: TokenCodec;
  /** True only for a backend that has read `data` when `verify` returns (the platform's own), see `TokenCodec.signingInput`. */
  readonly reusableInput: boolean;
}

/**
 * Checks a parsed JWS's signature with the key resolved for it. The token's `alg` is only a claim to be
 * checked: the resolver accepted it only when it is supported, allowed by the issuer, and allowed by
 * the key's own type (and `alg`, when the key names one), so `none` and HMAC never reach a key.
 * Synchronous when the backend answers synchronously (node:crypto); may throw.
 */
export function verifySignature(jws: ParsedJws, check: SignatureCheck, resolved: ResolvedKey): void | Promise<void> {
  // Made here, just before the call: nothing else can run between the bytes being written and read.
  const data = check.codec.signingInput(jws.token, jws.signedLength, check.reusableInput);
  let valid: boolean | PromiseLike<boolean>;
  try {
    valid = check.backend.verify(resolved.alg, resolved.key, jws.signature, data);
  } catch (cause) {
    throw new SignatureInvalidError('the token signature is invalid', { cause });
  }
  if (!isPromiseLike(valid)) return judge(valid);
  return Promise.resolve(valid).then(judge, (cause: unknown) => {
    throw new SignatureInvalidError('the token signature is invalid', { cause });
  });
}
