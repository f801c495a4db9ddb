/**
 * The claims provider's configuration. Production trusts your Entra tenant and your self-hosted Fauna;
 * local development trusts a local Entra issuer and the local Fauna server on 127.0.0.1. Only the
 * arguments differ: the function is the same.
 */
import { createClaimsProvider, type ClaimsProvider } from '@tokenward/fauna';

/**
 * Production, from the function app's application settings:
 *
 *   TENANT_ID          your directory (tenant) id, a GUID
 *   EXTENSION_APP_ID   the custom authentication extension's app registration (its client id)
 *   FAUNA_ENDPOINT     your Fauna endpoint (there is no default: Fauna's hosted service closed)
 *   FAUNA_SECRET       a server key secret (Key Vault reference recommended)
 */
export function productionProvider(env: NodeJS.ProcessEnv = process.env): ClaimsProvider {
  return createClaimsProvider({
    tenantId: env.TENANT_ID ?? '',
    audience: env.EXTENSION_APP_ID ?? '',
    fauna: { endpoint: env.FAUNA_ENDPOINT ?? '', secret: env.FAUNA_SECRET ?? '' },
    timeoutMs: 1000, // the extension's timeout configured in Entra
    ttlSec: 3600, // as long as the access tokens it goes into
    extraClaims: ({ expiresAt }) => ({ FaunaTokenExpiresAt: expiresAt }),
    onFailure: 'fail',
  });
}

/** Local: the same provider against a local Entra issuer (`url`, `tenantId`) and the local Fauna server. */
export function localProvider(
  entra: { readonly url: string; readonly tenantId?: string; readonly audience: string },
  fauna: { readonly url: string; readonly secret: string },
): ClaimsProvider {
  return createClaimsProvider({
    tenantId: entra.tenantId ?? '',
    audience: entra.audience,
    authority: entra.url, // instead of https://login.microsoftonline.com
    fauna: { endpoint: fauna.url, secret: fauna.secret },
    extraClaims: ({ expiresAt }) => ({ FaunaTokenExpiresAt: expiresAt }),
  });
}
