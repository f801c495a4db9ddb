/**
 * The dev issuer's OAuth 2.0 token endpoint: the client credentials grant (RFC 6749 §4.4), with the
 * client authenticated by `client_secret_basic` or `client_secret_post`, answering in RFC 6749 §5.
 */
import { timingSafeEqual } from 'node:crypto';
import { parseBasicCredentials } from '../http/basic-credentials.js';
import type { DevProvider } from './personas.js';

export interface TokenRequestContext {
  readonly provider: DevProvider;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly audience: string;
}

export type TokenGrant =
  { readonly ok: true } | { readonly ok: false; readonly status: 400 | 401; readonly error: string; readonly description: string };

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The scope a client asks for to get app tokens for `audience`: `api://<id>/.default`, or `<URI>/.default` when the audience is a URI already. */
export function defaultScopeFor(audience: string): string {
  return `${/^[a-z][a-z0-9+.-]*:\/\//i.test(audience) ? audience : `api://${audience}`}/.default`;
}

/** Validates a client credentials request; the caller mints the app token when it is `ok`. */
export function checkTokenRequest(
  fields: Readonly<Record<string, unknown>>,
  authorization: string | undefined,
  context: TokenRequestContext,
): TokenGrant {
  const text = (name: string): string | undefined => (typeof fields[name] === 'string' ? (fields[name] as string) : undefined);
  const grantType = text('grant_type');
  if (grantType === undefined) return { ok: false, status: 400, error: 'invalid_request', description: 'grant_type is required' };
  if (grantType !== 'client_credentials') {
    return {
      ok: false,
      status: 400,
      error: 'unsupported_grant_type',
      description: `the dev issuer supports client_credentials only, found ${grantType}`,
    };
  }
  const basic = parseBasicCredentials(authorization);
  if (basic === 'malformed') {
    return {
      ok: false,
      status: 400,
      error: 'invalid_request',
      description:
        'the Basic credentials are malformed or not valid percent-encoding (RFC 6749 §2.3.1: form-encode the client id and secret, then base64 "id:secret")',
    };
  }
  const id = basic?.id ?? text('client_id');
  const secret = basic?.secret ?? text('client_secret');
  if (id === undefined || secret === undefined || !same(id, context.clientId) || !same(secret, context.clientSecret)) {
    return {
      ok: false,
      status: 401,
      error: 'invalid_client',
      description: 'unknown client or wrong secret (the dev issuer prints its client id and secret at startup)',
    };
  }
  const scope = text('scope');
  if (context.provider === 'entra') {
    // Entra's client credentials flow takes exactly `<resource>/.default`.
    if (scope === undefined || !scope.endsWith('/.default')) {
      return {
        ok: false,
        status: 400,
        error: 'invalid_scope',
        description: `scope must be <your API>/.default, e.g. ${defaultScopeFor(context.audience)}`,
      };
    }
  }
  const audience = text('audience');
  if (audience !== undefined && audience !== context.audience) {
    return {
      ok: false,
      status: 400,
      error: 'invalid_request',
      description: `unknown audience ${audience}: this issuer mints tokens for ${context.audience}`,
    };
  }
  return { ok: true };
}
