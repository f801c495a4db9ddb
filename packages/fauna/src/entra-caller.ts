/** Who may call the claims provider: Entra's custom authentication extension service, with an app-only token. */
import { ClaimInvalidError, type ClaimCheck } from '@tokenward/core';
import { CUSTOM_AUTH_EXTENSION_APP_ID } from './entra-event.js';

/**
 * Entra's calls are app-only tokens of Microsoft's custom authentication extension service. `azp` alone is
 * not enough: a user signed in to that service would get a delegated token with the same `azp`. App-only
 * tokens carry no `scp`, and `idtyp: app` where Entra sends `idtyp`.
 */
const appOnly: ClaimCheck = (claims) => {
  const found =
    claims.scp !== undefined
      ? 'a delegated token (scp)'
      : claims.idtyp !== undefined && claims.idtyp !== 'app'
        ? `idtyp ${JSON.stringify(claims.idtyp)}`
        : undefined;
  if (found === undefined) return;
  throw new ClaimInvalidError(
    `the caller is not Entra's custom authentication extension service: expected an app-only token (no scp, idtyp app), found ${found}`,
    {
      claim: claims.scp !== undefined ? 'scp' : 'idtyp',
      expected: 'an app-only token',
      found,
    },
  );
};

/** Entra's calls carry Microsoft's custom authentication extension service as the client application. */
const calledByEntra: ClaimCheck = (claims) => {
  const client = typeof claims.azp === 'string' ? claims.azp : typeof claims.appid === 'string' ? claims.appid : undefined;
  if (client?.toLowerCase() === CUSTOM_AUTH_EXTENSION_APP_ID) return;
  throw new ClaimInvalidError(
    `the caller is not Entra's custom authentication extension service: expected azp/appid ${CUSTOM_AUTH_EXTENSION_APP_ID}, found ${client ?? 'none'}`,
    {
      claim: client === undefined || typeof claims.azp === 'string' ? 'azp' : 'appid',
      expected: CUSTOM_AUTH_EXTENSION_APP_ID,
      found: client ?? 'none',
    },
  );
};

/** Both checks, applied after the token verified. */
export const ENTRA_CALLER_CHECKS: readonly ClaimCheck[] = [calledByEntra, appOnly];
