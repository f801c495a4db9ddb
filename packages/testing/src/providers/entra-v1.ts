import {
  ENTRA_DEFAULTS,
  ENTRA_JWK,
  entraEndpoints,
  entraOpaque,
  entraSettingsBase,
  tenantOf,
  v1Issuer,
  v1KeysUri,
} from './entra-shared.js';
import { entraHeader } from './entra.js';
import type { ProviderDefinition } from './types.js';

/** Pairwise `sub` of the user in v1 tokens. */
const V1_USER_SUB = 'Zr3pK8mW1qT6vY9bD2fH5jL7nQ0sU4xA6cE8gI1kM3o';

/** Microsoft Entra ID v1.0 access tokens (issuer `https://sts.windows.net/{tenant}/`). */
export const entraV1: ProviderDefinition = {
  name: 'entra-v1',
  settingNames: ['audience', 'clientId', 'tenantId'],
  jwk: ENTRA_JWK,
  certificateSubject: () => 'accounts.accesscontrol.windows.net',
  mintsNbf: true,
  settings: (options) => entraSettingsBase('entra-v1', options, `api://${ENTRA_DEFAULTS.apiClientId}`),
  issuer: (url, s) => v1Issuer(url, s.tenantId ?? ''),
  jwksUri: (ctx) => v1KeysUri(ctx.url, tenantOf(ctx)),
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
        appid: ctx.clientId,
        appidacr: '1',
        idp: ctx.issuer,
        idtyp: 'app',
        oid: ENTRA_DEFAULTS.appOid,
        roles: ['Data.Read'],
        sub: ENTRA_DEFAULTS.appOid,
        tid,
        ver: '1.0',
      };
    }
    return {
      aud: ctx.audience,
      iss: ctx.issuer,
      ...times,
      acr: '1',
      ...entraOpaque(),
      amr: ['pwd'],
      appid: ctx.clientId,
      appidacr: '0',
      family_name: 'Tester',
      given_name: 'Alex',
      ipaddr: '127.0.0.1',
      name: ENTRA_DEFAULTS.name,
      oid: ENTRA_DEFAULTS.userOid,
      scp: 'access_as_user',
      sub: V1_USER_SUB,
      tid,
      unique_name: ENTRA_DEFAULTS.username,
      upn: ENTRA_DEFAULTS.username,
      ver: '1.0',
    };
  },
};
