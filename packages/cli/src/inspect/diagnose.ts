/**
 * Turns core's typed errors into one diagnosis in plain words, with the fix. One case per failure of
 * core's error table, plus the provider-specific cases users hit most (Entra v1/v2, Graph tokens,
 * another tenant, ID tokens sent as access tokens).
 */
import {
  MICROSOFT_GRAPH_AUDIENCES,
  parseEntraIssuer,
  type EntraIssuerParts,
  type IssuerConfig,
  type TokenwardErrorUnion,
} from '@tokenward/core';
import type { CheckId } from './checks.js';

export type DiagnosisCode =
  | 'valid'
  | 'issuer_not_named'
  | 'could_not_check'
  | 'keys_unavailable'
  | 'malformed'
  | 'encrypted_token'
  | 'graph_token'
  | 'entra_v1_token'
  | 'entra_v2_token'
  | 'wrong_tenant'
  | 'untrusted_issuer'
  | 'key_issuer_mismatch'
  | 'algorithm_not_allowed'
  | 'unknown_key'
  | 'bad_signature'
  | 'expired'
  | 'too_old'
  | 'not_yet_valid'
  | 'wrong_audience'
  | 'wrong_token_type'
  | 'claim_invalid'
  | 'revoked'
  | 'missing_scope'
  | 'missing_role';

export interface Diagnosis {
  readonly code: DiagnosisCode;
  /** One line: what is wrong. */
  readonly summary: string;
  /** One line: what to do about it. */
  readonly fix: string;
}

export interface DiagnoseInput {
  readonly failures: ReadonlyMap<CheckId, TokenwardErrorUnion>;
  readonly header: Readonly<Record<string, unknown>> | undefined;
  readonly claims: Readonly<Record<string, unknown>> | undefined;
  readonly configs: readonly IssuerConfig[];
  readonly nowMs: number;
}

/** The order in which failures explain each other: the first one present is the diagnosis. */
const PRIORITY: readonly CheckId[] = [
  'format',
  'issuer',
  'tenant',
  'algorithm',
  'key',
  'signature',
  'audience',
  'expiry',
  'not-before',
  'claims',
  'scope',
  'role',
];

function list(value: string | readonly string[] | undefined): string {
  if (value === undefined) return 'nothing';
  return typeof value === 'string' ? value : value.length === 0 ? 'nothing' : value.join(', ');
}

function audiences(claims: Readonly<Record<string, unknown>> | undefined): string[] {
  const aud = claims?.aud;
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((v): v is string => typeof v === 'string') : [];
}

/** `3 min`, `2 h 5 min`, `4 days`. */
export function formatDuration(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) {
    const h = Math.floor(s / 3600);
    const m = Math.round((s % 3600) / 60);
    return m === 0 ? `${h} h` : `${h} h ${m} min`;
  }
  return `${Math.round(s / 86_400)} days`;
}

function expectedIssuers(configs: readonly IssuerConfig[]): string[] {
  return configs.map((config) => (typeof config.issuer === 'string' ? config.issuer : config.issuer.template));
}

function diagnoseIssuer(error: TokenwardErrorUnion, input: DiagnoseInput): Diagnosis {
  const iss = typeof input.claims?.iss === 'string' ? input.claims.iss : undefined;
  const expected = expectedIssuers(input.configs);
  if (iss === undefined) {
    return {
      code: 'untrusted_issuer',
      summary: 'the token has no issuer ("iss" claim), so no trusted issuer can vouch for it',
      fix: 'send an access token issued by your identity provider; tokens without "iss" are never accepted',
    };
  }
  if (
    error.claim === 'iss' &&
    typeof error.expected === 'string' &&
    error.found === iss &&
    !expected.includes(error.expected) &&
    input.configs.some((c) => c.keyCheck)
  ) {
    return {
      code: 'key_issuer_mismatch',
      summary: `the key that signed the token belongs to another issuer (${error.expected}), not to ${iss}`,
      fix: "the token was minted with another tenant's or application's key: request it from the right tenant, or set signingKeyAppId if your app registration uses app-specific signing keys",
    };
  }
  const found = parseEntraIssuer(iss);
  if (found) {
    const candidates = expected.map(parseEntraIssuer).filter((e): e is EntraIssuerParts => e !== undefined);
    const sameTenant = candidates.filter((e) => e.tenant === found.tenant || e.tenant === '{tenantid}');
    if (sameTenant.length > 0 && sameTenant.every((e) => e.version !== found.version)) {
      return found.version === 1
        ? {
            code: 'entra_v1_token',
            summary: `this is an Entra ID v1.0 token (issuer ${iss}), but your API accepts only v2.0 tokens (${list(expected)})`,
            fix: 'set "accessTokenAcceptedVersion": 2 in the manifest of your API\'s app registration (not the client\'s) and get a new token, or accept v1 tokens: entra({ tokenVersions: [1, 2] })',
          }
        : {
            code: 'entra_v2_token',
            summary: `this is an Entra ID v2.0 token (issuer ${iss}), but your API accepts only v1.0 tokens (${list(expected)})`,
            fix: 'accept v2 tokens: entra({ tokenVersions: [1, 2] }) (the default), or set "accessTokenAcceptedVersion": null in your API\'s app registration manifest',
          };
    }
    const otherTenant = candidates.find((e) => e.tenant !== found.tenant && e.tenant !== '{tenantid}');
    if (otherTenant) {
      return {
        code: 'wrong_tenant',
        summary: `the token comes from tenant ${found.tenant}, but your API trusts tenant ${otherTenant.tenant}`,
        fix: `sign in through your tenant's authority (${otherTenant.authority}/${otherTenant.tenant}), or accept several tenants: entra({ tenantId: 'organizations', allowedTenants: ['${found.tenant}', …] })`,
      };
    }
  }
  const slash = expected.find((e) => e.replace(/\/$/, '') === iss.replace(/\/$/, ''));
  if (slash) {
    return {
      code: 'untrusted_issuer',
      summary: `the token's issuer ${iss} differs from the trusted ${slash} only by a trailing slash; issuers are compared exactly`,
      fix: `configure the issuer exactly as the token writes it (${iss}); the presets do this for you (Auth0 keeps the trailing slash)`,
    };
  }
  return {
    code: 'untrusted_issuer',
    summary: `the token comes from ${iss}, which is not a trusted issuer (trusted: ${list(expected)})`,
    fix: 'request the token from the identity provider your API trusts, or add a preset for this issuer if you do trust it',
  };
}

function diagnoseAudience(error: TokenwardErrorUnion, input: DiagnoseInput): Diagnosis {
  const found = audiences(input.claims);
  if (found.some((aud) => MICROSOFT_GRAPH_AUDIENCES.has(aud.replace(/\/$/, '')))) {
    return {
      code: 'graph_token',
      summary:
        'this is a Microsoft Graph access token: the client asked for Graph scopes (such as User.Read), so Entra issued it for Graph, not for your API',
      fix: "request a token for your API's own scope (api://<your API client id>/Orders.Read, or api://<your API client id>/.default for app-only) and send that one; Graph tokens cannot be validated by anyone but Graph",
    };
  }
  const expected = typeof error.expected === 'string' ? [error.expected] : [...(error.expected ?? [])];
  const formMismatch = found.find((aud) => expected.some((e) => e === `api://${aud}` || aud === `api://${e}`));
  if (formMismatch !== undefined) {
    return {
      code: 'wrong_audience',
      summary: `the token is for ${formMismatch}, the other name of your API (Entra v1.0 tokens carry the App ID URI api://…, v2.0 tokens the client id)`,
      fix: `accept both names: audience: [${[...new Set([...expected, formMismatch])].map((a) => `'${a}'`).join(', ')}]`,
    };
  }
  if (found.length > 0 && found.every((aud) => /\/userinfo$/.test(aud))) {
    return {
      code: 'wrong_audience',
      summary: `the token is only for the provider's userinfo endpoint (${list(found)}): it was requested without your API's audience`,
      fix: `request it with your API's identifier (Auth0: audience=${list(expected)})`,
    };
  }
  return {
    code: 'wrong_audience',
    summary:
      found.length === 0
        ? `the token has no audience ("aud"), and your API expects ${list(expected)}`
        : `the token is meant for ${list(found)}, not for your API (${list(expected)})`,
    fix: "request the token for your API (Entra: a scope of api://<your API>/…; Auth0 and Okta: audience=<your API identifier>); if that audience is yours, add it to the preset's audience",
  };
}

function diagnoseClaims(error: TokenwardErrorUnion, input: DiagnoseInput): Diagnosis {
  if (error.claim === 'typ' || error.claim === 'token_use') {
    const idToken = error.found === 'id' || input.claims?.nonce !== undefined || input.claims?.at_hash !== undefined;
    return {
      code: 'wrong_token_type',
      summary: `${error.message}${idToken ? ': this looks like an ID token, which tells the client who signed in; APIs take access tokens' : ''}`,
      fix:
        error.claim === 'token_use'
          ? 'send the access token from the token response (access_token), not the id_token'
          : `send a token of type ${list(error.expected)} (the access_token of the token response), or change the preset's typ`,
    };
  }
  return {
    code: 'claim_invalid',
    summary: error.message,
    fix:
      error.claim === 'client_id'
        ? "call the API from an allowed app client, or add this client to the preset's clientId"
        : "get a token whose claims satisfy the issuer's rules (the checklist shows which claim and what was expected)",
  };
}

function diagnoseFailure(check: CheckId, error: TokenwardErrorUnion, input: DiagnoseInput): Diagnosis {
  const nowSec = input.nowMs / 1000;
  const claims = input.claims;
  switch (check) {
    case 'format':
      return {
        code: 'malformed',
        summary: `this is not a signed JWT: ${error.message}`,
        fix: "send the access_token of the token response as it is (three base64url parts separated by dots); opaque or reference tokens can only be checked by their issuer's introspection endpoint",
      };
    case 'issuer':
      return diagnoseIssuer(error, input);
    case 'tenant':
      return {
        code: 'wrong_tenant',
        summary: `the token comes from another tenant: expected ${list(error.expected)}, found ${list(error.found)}`,
        fix: 'sign in through your own tenant (authority https://login.microsoftonline.com/<your tenant id>), or list the tenant in allowedTenants of a multi-tenant entra() preset',
      };
    case 'algorithm': {
      const alg = typeof input.header?.alg === 'string' ? input.header.alg : 'none';
      const symmetric = /^HS/i.test(alg) || alg.toLowerCase() === 'none';
      return {
        code: 'algorithm_not_allowed',
        summary: `the token is signed with ${alg}, which is not allowed here (${error.message})`,
        fix: symmetric
          ? "tokens signed with a shared secret (HS256) or unsigned (none) are never accepted: switch the issuer to RS256 (Auth0: the API's signing algorithm), or the token was forged"
          : "allow this algorithm in the preset's algorithms, or have the issuer sign with one you allow",
      };
    }
    case 'key':
      return {
        code: 'unknown_key',
        summary: `the issuer publishes no key with this kid (${typeof input.header?.kid === 'string' ? input.header.kid : 'none'}): ${error.message}`,
        fix: 'the token was signed by another environment or tenant, by a key rotated out long ago, or with app-specific signing keys (entra({ signingKeyAppId })); get a fresh token from the issuer you configured',
      };
    case 'signature':
      if (error.code === 'verification_failed') {
        return {
          code: 'bad_signature',
          summary: `the token could not be verified: ${error.message}`,
          fix: "run again with --json to see each check; report the token's header (never the token) if this persists",
        };
      }
      return {
        code: 'bad_signature',
        summary:
          "the signature does not match the issuer's published key: the token was changed after signing, or signed by someone else under the same kid",
        fix: 'get a new token from the issuer; never edit tokens. If you mint tokens yourself, you are signing with a private key that does not belong to the published one',
      };
    case 'expiry': {
      if (error.claim === 'iat') {
        return {
          code: 'too_old',
          summary: `the token is older than the preset's maxTokenAgeSec (${list(error.found)})`,
          fix: 'get a new token, or raise maxTokenAgeSec',
        };
      }
      const exp = typeof claims?.exp === 'number' ? claims.exp : undefined;
      return {
        code: 'expired',
        summary:
          exp === undefined
            ? error.message
            : `the token expired ${formatDuration(nowSec - exp)} ago, at ${new Date(exp * 1000).toISOString()}`,
        fix: 'get a new token (clients should refresh before exp); if it should still be valid, check the clocks of the issuing and the verifying machines',
      };
    }
    case 'not-before': {
      const at = error.claim === 'iat' ? claims?.iat : claims?.nbf;
      return {
        code: 'not_yet_valid',
        summary:
          typeof at === 'number'
            ? `the token is not valid yet: it starts in ${formatDuration(at - nowSec)}, at ${new Date(at * 1000).toISOString()}`
            : error.message,
        fix: 'a clock is off: sync the clocks (NTP) of the machine that issued the token and of the one verifying it; the verifier already allows 60 s of drift',
      };
    }
    case 'audience':
      return diagnoseAudience(error, input);
    case 'claims':
      if (error.code === 'token_revoked')
        return { code: 'revoked', summary: 'the token has been revoked', fix: 'sign in again to get a new token' };
      return diagnoseClaims(error, input);
    case 'scope':
      return {
        code: 'missing_scope',
        summary: `the token lacks the scope your API requires: ${error.message}`,
        fix:
          input.claims?.idtyp === 'app' || (input.claims?.roles !== undefined && input.claims?.scp === undefined)
            ? 'this is an app-only token: apps get app roles (roles), never scopes; require a role for daemon callers, or call as a signed-in user'
            : "expose the scope on your API's app registration, have the client request it (scope api://<your API>/Orders.Read), consent, and get a new token",
      };
    case 'role':
      return {
        code: 'missing_role',
        summary: `the token lacks the app role your API requires: ${error.message}`,
        fix: 'assign the app role to the user or group (Entra: Enterprise applications → Users and groups), or grant it to the calling app as an application permission with admin consent; then get a new token',
      };
  }
}

/**
 * The diagnosis of a checked token: the first failure in order of cause (format, Graph, issuer, tenant,
 * keys and signature, audience, lifetime, claims, requirements), or `valid`.
 *
 * @example
 * diagnose({ failures, header, claims, configs, nowMs: Date.now() }).summary
 */
export function diagnose(input: DiagnoseInput): Diagnosis {
  // A Graph token also fails its signature (Graph signs them for itself): name the cause, not the symptom.
  const graph = input.failures.get('audience');
  if (
    graph &&
    audiences(input.claims).some((aud) => MICROSOFT_GRAPH_AUDIENCES.has(aud.replace(/\/$/, ''))) &&
    !input.failures.has('format')
  ) {
    return diagnoseAudience(graph, input);
  }
  for (const check of PRIORITY) {
    const error = input.failures.get(check);
    if (error) return diagnoseFailure(check, error, input);
  }
  return { code: 'valid', summary: 'the token is valid for the configured issuer', fix: 'nothing to fix' };
}
