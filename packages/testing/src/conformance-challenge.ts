/** The settings the conformance and attack apps share, and the challenges they answer with. */

/** The `realm` every conformance app is configured with. */
export const CONFORMANCE_REALM = 'tokenward-conformance';
/** The cookie the conformance apps read a token from (`setup.tokenLocation.cookie`). */
export const CONFORMANCE_COOKIE = 'tokenward_access';
/**
 * The public origin of the conformance apps (`setup.dpop.origin`): DPoP proofs are made for it, so every
 * transport (a socket, `inject`, workerd) is judged against the same request URI.
 */
export const CONFORMANCE_ORIGIN = 'https://api.conformance.example';

// With DPoP allowed (core's default), every challenge offers DPoP beside Bearer with core's default proof
// algorithms (RFC 9449 §7.1), and the error sits on the challenge of the scheme the request used.
const DPOP_ALGS = 'ES256 ES384 ES512 PS256 PS384 PS512 RS256 RS384 RS512 EdDSA Ed25519';

/** The answer's challenges, the error attributes (`params`) on Bearer's. */
export const challenge = (params = ''): string =>
  `Bearer realm="${CONFORMANCE_REALM}"${params}, DPoP realm="${CONFORMANCE_REALM}", algs="${DPOP_ALGS}"`;

/** The answer's challenges, the error attributes on DPoP's. */
export const dpopChallenge = (params: string): string =>
  `Bearer realm="${CONFORMANCE_REALM}", DPoP realm="${CONFORMANCE_REALM}"${params}, algs="${DPOP_ALGS}"`;
