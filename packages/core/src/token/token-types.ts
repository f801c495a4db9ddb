import { ClaimInvalidError } from '../shared/errors.js';
import type { JwtHeader } from '../shared/types.js';

/**
 * `typ` values (lower case, without `application/`) of JWTs that are never access tokens. RFC 8725 §3.11:
 * explicit typing exists so that one kind of JWT cannot be used as another; an issuer you trust for
 * access tokens also signs these, with the same keys.
 */
export const REFUSED_TOKEN_TYPES: readonly string[] = Object.freeze([
  'secevent+jwt', // RFC 8417 Security Event Tokens
  'logout+jwt', // OpenID Connect Back-Channel Logout 1.0
  'dpop+jwt', // RFC 9449 DPoP proofs
  'token-introspection+jwt', // RFC 9701 signed introspection responses
  'oauth-authz-req+jwt', // RFC 9101 request objects
  'entity-statement+jwt', // OpenID Federation 1.0
  'trust-mark+jwt', // OpenID Federation 1.0
  'resolve-response+jwt', // OpenID Federation 1.0
  'jwk-set+jwt', // OpenID Federation 1.0 signed JWK sets
  'kb+jwt', // SD-JWT key binding JWTs
  'vc+jwt', // W3C Verifiable Credentials JOSE/COSE
  'vp+jwt', // W3C Verifiable Presentations JOSE/COSE
  'openid4vci-proof+jwt', // OpenID for Verifiable Credential Issuance proofs
  'key-attestation+jwt', // OpenID for Verifiable Credential Issuance key attestations
  'oauth-client-attestation+jwt', // OAuth 2.0 Attestation-Based Client Authentication
  'oauth-client-attestation-pop+jwt', // OAuth 2.0 Attestation-Based Client Authentication
  'statuslist+jwt', // OAuth Token Status List
  'client-authentication+jwt', // RFC 7523bis client assertions
]);

const refused: ReadonlySet<string> = new Set(REFUSED_TOKEN_TYPES);

/** `typ` values compare case-insensitively and without the optional `application/` prefix (RFC 7515 §4.1.9). */
export function normaliseTyp(value: string): string {
  const lower = value.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}

/** For issuers that require no `typ`: refuses a token that says it is one of the {@link REFUSED_TOKEN_TYPES}. */
export function checkNotRefusedType(header: JwtHeader): void {
  const typ = header.typ;
  // What access tokens carry, without a lower-casing per token.
  if (typ === undefined || typ === 'JWT' || typ === 'at+jwt' || !refused.has(normaliseTyp(typ))) return;
  throw new ClaimInvalidError(`the token is not an access token: its "typ" header is ${typ} (expected JWT, at+jwt or none)`, {
    claim: 'typ',
    expected: ['JWT', 'at+jwt', 'none'],
    found: typ,
  });
}
