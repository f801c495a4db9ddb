import {
  ENTRA_DEFAULTS,
  ENTRA_JWK,
  entraEndpoints,
  entraOpaque,
  entraSettingsBase,
  tenantOf,
  v2Issuer,
  v2KeysUri,
} from './entra-shared.js';
import type { HeaderInput, ProviderDefinition } from './types.js';

export function entraHeader({ alg, kid, x5t }: HeaderInput): Record<string, unknown> {
  return x5t === undefined ? { typ: 'JWT', alg, kid } : { typ: 'JWT', alg, x5t, kid };
}

/** Microsoft Entra ID v2.0 access tokens (`accessTokenAcceptedVersion: 2`). */
export const entra: ProviderDefinition = {
  name: 'entra',
  settingNames: ['audience', 'clientId', 'tenantId'],
  jwk: ENTRA_JWK,
  certificateSubject: () => 'accounts.accesscontrol.windows.net',
  mintsNbf: true,
  settings: (options) => entraSettingsBase('entra', options, ENTRA_DEFAULTS.apiClientId),
  issuer: (url, s) => v2Issuer(url, s.tenantId ?? ''),
  jwksUri: (ctx) => v2KeysUri(ctx.url, tenantOf(ctx)),
  endpoints: entraEndpoints,
  header: entraHeader,
  claims: (ctx, { profile, now, exp, nbf }) => {
    const tid = tenantOf(ctx);
    const times = { iat: now, nbf: nbf ?? now, exp };
    if (profile === 'app') {
      return {
        aud: ctx.audience,
        iss: ctx.issuer,
        ...times,
        ...entraOpaque(),
        azp: ctx.clientId,
        azpacr: '1',
        idtyp: 'app',
        oid: ENTRA_DEFAULTS.appOid,
        roles: ['Data.Read'],
        sub: ENTRA_DEFAULTS.appOid,
        tid,
        ver: '2.0',
      };
    }
    return {
      aud: ctx.audience,
      iss: ctx.issuer,
      ...times,
      ...entraOpaque(),
      azp: ctx.clientId,
      azpacr: '0',
      name: ENTRA_DEFAULTS.name,
      oid: ENTRA_DEFAULTS.userOid,
      preferred_username: ENTRA_DEFAULTS.username,
      scp: 'access_as_user',
      sub: ENTRA_DEFAULTS.userSub,
      tid,
      ver: '2.0',
    };
  },
};
