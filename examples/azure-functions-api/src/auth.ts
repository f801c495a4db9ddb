/**
 * Where the API's tokens come from. Production trusts your Entra ID tenant; local development trusts the
 * tokenward dev issuer on 127.0.0.1. Only the preset's arguments differ: the functions are the same.
 */
import { createVerifier, entra } from '@tokenward/core';
import type { AuthOptions } from '@tokenward/azure-functions';

/**
 * Production: Microsoft Entra ID, from the function app's application settings.
 *
 *   TENANT_ID      your directory (tenant) id, a GUID
 *   API_CLIENT_ID  the application (client) id of the API's app registration
 *   AUTHORITY      optional: a national cloud, an External ID tenant, or a dev issuer on 127.0.0.1
 *
 * Entra v2.0 tokens carry the client id in `aud`, v1.0 tokens the App ID URI (api://…): accept both.
 * The verifier lives at module scope: one key cache per worker process, shared by every invocation.
 */
export function productionAuth(env: NodeJS.ProcessEnv = process.env): AuthOptions {
  const clientId = env.API_CLIENT_ID ?? '';
  const verifier = createVerifier({
    issuers: [
      entra({
        tenantId: env.TENANT_ID ?? '',
        audience: [clientId, `api://${clientId}`],
        ...(env.AUTHORITY ? { authority: env.AUTHORITY } : {}),
      }),
    ],
  });
  return { verifier, realm: 'orders' };
}

/** Local: the dev issuer (`tokenward dev-issuer`, or `startDevIssuer()`), Entra-shaped, on 127.0.0.1. */
export function localAuth(dev: { readonly url: string; readonly tenantId?: string; readonly audience: string }): AuthOptions {
  return {
    // Same preset; `authority` points it at the dev issuer instead of https://login.microsoftonline.com.
    verifier: createVerifier({ issuers: [entra({ tenantId: dev.tenantId ?? '', audience: dev.audience, authority: dev.url })] }),
    realm: 'orders',
  };
}
