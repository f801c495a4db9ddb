/** What a DPoP request carries besides its token: one proof, its method and its target URI. */

import { headersOf, headerValues } from '../rfc6750/bearer.js';
import { InvalidDpopProofError } from '../shared/errors.js';
import type { HeadersInput } from '../shared/types.js';
import { MAX_PROOF_BYTES } from './proof.js';
import { requestHtu } from './request-uri.js';

/** The one `DPoP` header's proof (RFC 9449 §4.3: exactly one; a JWT has no comma, so a comma means two joined). */
export function proofOf(input: HeadersInput): string {
  const values = headerValues(headersOf(input), 'dpop');
  const count = values.reduce((total, value) => total + value.split(',').length, 0);
  if (values.length === 0 || values.every((value) => value.trim() === '')) {
    throw new InvalidDpopProofError('expected a DPoP header with a proof beside Authorization: DPoP, found none', {
      expected: 'one DPoP header',
      found: 'none',
    });
  }
  if (count > 1) {
    throw new InvalidDpopProofError(`expected one DPoP header, found ${count} proofs`, { expected: 'one DPoP header', found: `${count}` });
  }
  const proof = (values[0] as string).trim();
  if (proof.length > MAX_PROOF_BYTES) {
    throw new InvalidDpopProofError(
      `the DPoP proof is too large: expected at most ${MAX_PROOF_BYTES} bytes, found ${proof.length} characters`,
      {
        expected: `at most ${MAX_PROOF_BYTES} bytes`,
      },
    );
  }
  return proof;
}

/** The request's method and target URI, or a typed error saying which one the server did not pass. */
export function requestTarget(input: HeadersInput, origin: string | undefined): { readonly method: string; readonly htu: string } {
  const { method, url } = input as { method?: unknown; url?: unknown };
  if (typeof method !== 'string' || method === '') {
    throw new InvalidDpopProofError(
      'cannot be checked: the server did not pass the request method (authenticate({ headers, url, method }))',
      {
        claim: 'htm',
      },
    );
  }
  const htu = requestHtu(url, origin);
  if (htu === undefined) {
    throw new InvalidDpopProofError(
      'cannot be checked: the server knows no absolute URL for the request (pass an absolute url, or set dpop.origin)',
      { claim: 'htu' },
    );
  }
  return { method, htu };
}
