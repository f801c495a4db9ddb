/** The adapters' `tokenLocation` setting (passed to `authenticate` on each call), and what a success answer adds. */

import { compileTokenLocation } from '../rfc6750/token-location-option.js';
import type { AuthenticateOptions, TokenLocation, VerifiedToken } from '../shared/types.js';

/**
 * Rule for `defineAdapterOptions`'s table: checked at startup as core checks the verifier's own; the
 * resolved options' `authenticateOptions` carry it.
 */
export const TOKEN_LOCATION_SETTING_RULES = { tokenLocation: 'tokenLocation' } as const;

/**
 * The `authenticate` options for a token location an adapter takes elsewhere than in its options (a
 * route's config), checked now: a mistake is a `TypeError` naming `where`, at declaration, never per request.
 *
 * @example
 * const callOptions = tokenLocationOptions(route.config.tokenwardLocation, `fastify: route ${route.url}: config.tokenwardLocation`);
 */
export function tokenLocationOptions(tokenLocation: unknown, where: string): AuthenticateOptions | undefined {
  if (tokenLocation === undefined) return undefined;
  compileTokenLocation(tokenLocation, where);
  return Object.freeze({ tokenLocation: tokenLocation as TokenLocation });
}

const PRIVATE: Readonly<Record<string, string>> = Object.freeze({ 'Cache-Control': 'private' });
const NONCE = /^[\x21-\x7e]{1,256}$/;

/**
 * Headers a successful answer needs for how the token came: `Cache-Control: private` when it came from a
 * cookie or the query (RFC 6750 §2.3; a shared cache would otherwise keep one user's answer for the
 * next, as it never does for requests with an Authorization header, RFC 9111 §3.5), and `DPoP-Nonce`
 * when a DPoP proof's server nonce is about to stop being accepted (RFC 9449 §9). Set each unless the
 * handler sets its own. `undefined` when there are none (a Bearer token from the header).
 */
export function successHeaders(token: VerifiedToken): Readonly<Record<string, string>> | undefined {
  const nonce = token.dpop?.nonce;
  if (nonce === undefined || !NONCE.test(nonce)) return token.location === undefined ? undefined : PRIVATE;
  return token.location === undefined ? { 'DPoP-Nonce': nonce } : { ...PRIVATE, 'DPoP-Nonce': nonce };
}
