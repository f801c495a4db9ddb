/** Entra's TokenIssuanceStart event, as the custom authentication extension posts it, for tests. */
import { randomUUID } from 'node:crypto';

export interface TokenIssuanceStartEventOptions {
  /** The tenant (GUID). Default: the test issuer's default tenant. */
  readonly tenantId?: string;
  /** The user's object id. Default: a random GUID. */
  readonly userId?: string;
  /** `user.mail`; `null` for a user without one. Default `'ada@example.test'`. */
  readonly mail?: string | null;
  readonly displayName?: string;
  /** The app the token is being issued for. Default a fixed GUID. */
  readonly resourceAppId?: string;
  /** Replaces members of `data.authenticationContext.user`. */
  readonly user?: Readonly<Record<string, unknown>>;
}

export const DEFAULT_EVENT_TENANT = '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';

/**
 * A `microsoft.graph.authenticationEvent.tokenIssuanceStart` event as Entra sends it to a custom claims
 * provider (all of its documented members).
 *
 * @example
 * const body = JSON.stringify(tokenIssuanceStartEvent({ mail: null }));
 */
export function tokenIssuanceStartEvent(options: TokenIssuanceStartEventOptions = {}) {
  const tenantId = options.tenantId ?? DEFAULT_EVENT_TENANT;
  const resourceAppId = options.resourceAppId ?? '6e74172b-be56-4843-9ff4-e66a39bb12e3';
  return {
    type: 'microsoft.graph.authenticationEvent.tokenIssuanceStart',
    source: `/tenants/${tenantId}/applications/${resourceAppId}`,
    data: {
      '@odata.type': 'microsoft.graph.onTokenIssuanceStartCalloutData',
      tenantId,
      authenticationEventListenerId: randomUUID(),
      customAuthenticationExtensionId: randomUUID(),
      authenticationContext: {
        correlationId: randomUUID(),
        client: { ip: '127.0.0.1', locale: 'en-us', market: 'en-us' },
        protocol: 'OAUTH2.0',
        clientServicePrincipal: { id: randomUUID(), appId: resourceAppId, appDisplayName: 'Orders SPA', displayName: 'Orders SPA' },
        resourceServicePrincipal: { id: randomUUID(), appId: resourceAppId, appDisplayName: 'Orders API', displayName: 'Orders API' },
        user: {
          companyName: 'Contoso',
          createdDateTime: '2024-01-01T00:00:00Z',
          displayName: options.displayName ?? 'Ada Lovelace',
          givenName: 'Ada',
          id: options.userId ?? randomUUID(),
          mail: options.mail === undefined ? 'ada@example.test' : options.mail,
          onPremisesSamAccountName: null,
          onPremisesSecurityIdentifier: null,
          onPremisesUserPrincipalName: null,
          preferredLanguage: 'en-us',
          surname: 'Lovelace',
          userPrincipalName: 'ada@contoso.example',
          userType: 'Member',
          ...options.user,
        },
      },
    },
  };
}
