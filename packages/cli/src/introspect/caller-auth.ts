/**
 * Who may ask `tokenward introspect` about a token (RFC 7662 §2.1: the endpoint authenticates its
 * callers, or it is an oracle anyone can ask whether a stolen token still works). Callers present a
 * bearer credential (`Authorization: Bearer …`) or client credentials (`Authorization: Basic …`, or
 * `client_id` and `client_secret` in the body, RFC 6749 §2.3.1). Secrets are compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { parseBasicCredentials } from '../http/basic-credentials.js';

/** One accepted caller, with its secret resolved. */
export type CallerCredential = { readonly bearerToken: string } | { readonly clientId: string; readonly clientSecret: string };

export type CallerCheck = { readonly ok: true; readonly caller: string } | { readonly ok: false; readonly reason: string };

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Equal in constant time whatever the lengths (both sides are hashed first). */
function same(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

function matchClient(callers: readonly CallerCredential[], id: string, secret: string): string | undefined {
  let found: string | undefined;
  for (const caller of callers) {
    // Every entry is compared, so the time taken does not say which one matched.
    if ('clientId' in caller && same(caller.clientId, id) && same(caller.clientSecret, secret)) found ??= `client ${caller.clientId}`;
  }
  return found;
}

function matchBearer(callers: readonly CallerCredential[], token: string): string | undefined {
  let found: string | undefined;
  callers.forEach((caller, index) => {
    if ('bearerToken' in caller && same(caller.bearerToken, token)) found ??= `bearer #${index + 1}`;
  });
  return found;
}

/** The `WWW-Authenticate` challenges for the kinds of credential configured. */
export function challenges(callers: readonly CallerCredential[]): string {
  const kinds: string[] = [];
  if (callers.some((c) => 'bearerToken' in c)) kinds.push('Bearer realm="tokenward-introspect"');
  if (callers.some((c) => 'clientId' in c)) kinds.push('Basic realm="tokenward-introspect"');
  return kinds.join(', ');
}

/**
 * Checks the caller of one request. `authorization` is the header; `fields` the parsed body (for
 * `client_id` / `client_secret`), `undefined` when the body was not read or did not parse.
 */
export function checkCaller(
  callers: readonly CallerCredential[],
  authorization: string | undefined,
  fields: Readonly<Record<string, unknown>> | undefined,
): CallerCheck {
  if (authorization !== undefined && authorization.trim() !== '') {
    const bearer = /^bearer +(\S+)$/i.exec(authorization.trim());
    if (bearer) {
      const caller = matchBearer(callers, bearer[1] as string);
      return caller ? { ok: true, caller } : { ok: false, reason: 'the bearer credential is not one of the configured callers' };
    }
    const basic = parseBasicCredentials(authorization);
    if (basic !== undefined) {
      if (basic === 'malformed')
        return { ok: false, reason: 'the Basic credentials are malformed (base64 of form-encoded id:secret expected)' };
      const caller = matchClient(callers, basic.id, basic.secret);
      return caller ? { ok: true, caller } : { ok: false, reason: 'unknown client or wrong secret' };
    }
    return { ok: false, reason: 'the Authorization scheme must be Bearer or Basic' };
  }
  const id = fields?.client_id;
  const secret = fields?.client_secret;
  if (typeof id === 'string' && typeof secret === 'string') {
    const caller = matchClient(callers, id, secret);
    return caller ? { ok: true, caller } : { ok: false, reason: 'unknown client or wrong secret' };
  }
  return {
    ok: false,
    reason:
      'authenticate the caller: Authorization: Bearer <credential>, Basic client credentials, or client_id and client_secret in the body',
  };
}
