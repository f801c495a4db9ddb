/**
 * @module @tokenward/core
 *
 * Verify bearer tokens from Microsoft Entra ID, Auth0, Amazon Cognito, Firebase, Google, Okta,
 * Keycloak or any OpenID Connect issuer: `createVerifier({ issuers: [entra(...)] })`, then
 * `verifier.authenticate(request)`; authorize with `requireScopes`/`requireRoles`/`createAccessPolicy`;
 * answer failures with `toErrorResponse(error)`.
 */
import { createVerifierOn, type Verifier } from './verify/verifier.js';
import type { VerifierOptions } from './shared/types.js';
import { webPlatform } from './platform/web.js';

export * from './exports.js';

/**
 * Creates a verifier for the given issuers. Configuration is validated once, here: a mistake throws a
 * `TypeError` at startup rather than failing requests. Signatures are checked with WebCrypto and keys
 * fetched with the global `fetch` (on Node, the `node` entry uses `node:crypto` and `node:http`).
 *
 * @example
 * const verifier = createVerifier({ issuers: [entra({ tenantId, audience: 'api://my-api' })] });
 * const { principal } = await verifier.authenticate(request);
 */
export function createVerifier(options: VerifierOptions): Verifier {
  return createVerifierOn(webPlatform, options);
}
