import { describe, expect, it } from 'vitest';
import { buildWwwAuthenticate, toErrorResponse } from '../src/rfc6750/error-response.js';
import {
  AlgorithmNotAllowedError,
  AudienceMismatchError,
  AuthorizationMalformedError,
  MultipleTokensError,
  ClaimInvalidError,
  ForbiddenError,
  InsufficientClaimsError,
  InsufficientScopeError,
  IssuerNotAllowedError,
  JwksUnavailableError,
  KeyNotFoundError,
  SignatureInvalidError,
  TenantNotAllowedError,
  TokenExpiredError,
  TokenMalformedError,
  TokenMissingError,
  TokenNotYetValidError,
  TokenRevokedError,
  VerificationFailedError,
  InvalidDpopProofError,
  UseDpopNonceError,
  DpopRequiredError,
  type ErrorCode,
  type TokenwardErrorUnion,
} from '../src/shared/errors.js';

// RFC 7235 challenge with RFC 6750 quoted attributes: one line, no quote or backslash inside a value.
const WELL_FORMED_CHALLENGE = /^Bearer( [a-z_]+="[\x20\x21\x23-\x5b\x5d-\x7e]*"(, [a-z_]+="[\x20\x21\x23-\x5b\x5d-\x7e]*")*)?$/;

interface Case {
  readonly error: TokenwardErrorUnion;
  readonly status: number;
  readonly challenge: string | undefined;
  readonly body: { readonly error: string; readonly error_description: string };
}

function invalidToken(error: TokenwardErrorUnion): Case {
  return {
    error,
    status: 401,
    challenge: `Bearer realm="orders", error="invalid_token", error_description="${error.message}"`,
    body: { error: 'invalid_token', error_description: error.message },
  };
}

const CASES = {
  token_missing: {
    error: new TokenMissingError('expected an Authorization header with a Bearer token, found no Authorization header'),
    status: 401,
    challenge: 'Bearer realm="orders"',
    body: {
      error: 'invalid_request',
      error_description: 'expected an Authorization header with a Bearer token, found no Authorization header',
    },
  },
  authorization_malformed: {
    error: new AuthorizationMalformedError('expected one Authorization header, found 2 Authorization headers'),
    status: 400,
    challenge:
      'Bearer realm="orders", error="invalid_request", error_description="expected one Authorization header, found 2 Authorization headers"',
    body: { error: 'invalid_request', error_description: 'expected one Authorization header, found 2 Authorization headers' },
  },
  multiple_tokens: {
    error: new MultipleTokensError('expected the token in one place, found it in the Authorization header and the at cookie'),
    status: 400,
    challenge:
      'Bearer realm="orders", error="invalid_request", error_description="expected the token in one place, found it in the Authorization header and the at cookie"',
    body: {
      error: 'invalid_request',
      error_description: 'expected the token in one place, found it in the Authorization header and the at cookie',
    },
  },
  token_malformed: invalidToken(new TokenMalformedError('expected a compact JWS, found 2 segments')),
  token_expired: invalidToken(new TokenExpiredError('the token expired at 2024-01-01T00:00:00Z')),
  token_not_yet_valid: invalidToken(new TokenNotYetValidError('the token is not valid before 2030-01-01T00:00:00Z')),
  signature_invalid: invalidToken(new SignatureInvalidError('the signature does not match the key')),
  algorithm_not_allowed: invalidToken(new AlgorithmNotAllowedError('expected RS256, found HS256')),
  issuer_not_allowed: invalidToken(new IssuerNotAllowedError('expected a configured issuer, found https://evil.test')),
  audience_mismatch: invalidToken(new AudienceMismatchError('expected api://orders, found api://billing')),
  tenant_not_allowed: invalidToken(new TenantNotAllowedError('expected tenant a, found b')),
  claim_invalid: invalidToken(new ClaimInvalidError('expected typ at+jwt, found JWT')),
  key_not_found: invalidToken(new KeyNotFoundError('expected a key with kid k1, found none')),
  verification_failed: invalidToken(new VerificationFailedError('the token could not be verified')),
  token_revoked: invalidToken(new TokenRevokedError('the token has been revoked')),
  jwks_unavailable: {
    error: new JwksUnavailableError('the issuer keys could not be fetched', { retryAfterSec: 30 }),
    status: 503,
    challenge: undefined,
    body: { error: 'temporarily_unavailable', error_description: 'the access token cannot be checked right now; retry later' },
  },
  insufficient_scope: {
    error: new InsufficientScopeError('missing required scope: expected all of [Orders.Read], found none', {
      requiredScopes: ['Orders.Read', 'Orders.Write'],
    }),
    status: 403,
    challenge:
      'Bearer realm="orders", error="insufficient_scope", error_description="missing required scope: expected all of [Orders.Read], found none", scope="Orders.Read Orders.Write"',
    body: { error: 'insufficient_scope', error_description: 'missing required scope: expected all of [Orders.Read], found none' },
  },
  insufficient_claims: {
    error: new InsufficientClaimsError('missing required authentication context: expected all of [c1] in acrs, found none', {
      claimsRequest: '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}',
      authorizationUri: 'https://login.microsoftonline.com/0c5b0a8e-0a53-4d3e-9e36-6f2c1f0a0001/oauth2/v2.0/authorize',
    }),
    status: 401,
    challenge:
      'Bearer realm="orders", authorization_uri="https://login.microsoftonline.com/0c5b0a8e-0a53-4d3e-9e36-6f2c1f0a0001/oauth2/v2.0/authorize", error="insufficient_claims", error_description="missing required authentication context: expected all of [c1] in acrs, found none", claims="eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiYzEifX19"',
    body: {
      error: 'insufficient_claims',
      error_description: 'missing required authentication context: expected all of [c1] in acrs, found none',
    },
  },
  invalid_dpop_proof: {
    error: new InvalidDpopProofError('the DPoP proof was made for another method: expected "htm" GET, found POST'),
    status: 401,
    challenge:
      'Bearer realm="orders", DPoP realm="orders", error="invalid_dpop_proof", error_description="the DPoP proof was made for another method: expected \'htm\' GET, found POST"',
    body: { error: 'invalid_dpop_proof', error_description: "the DPoP proof was made for another method: expected 'htm' GET, found POST" },
  },
  use_dpop_nonce: {
    error: new UseDpopNonceError('the DPoP proof must carry the nonce this server issues (sent in DPoP-Nonce), found none', {
      nonce: 'n1.abc',
    }),
    status: 401,
    challenge:
      'Bearer realm="orders", DPoP realm="orders", error="use_dpop_nonce", error_description="the DPoP proof must carry the nonce this server issues (sent in DPoP-Nonce), found none"',
    body: {
      error: 'use_dpop_nonce',
      error_description: 'the DPoP proof must carry the nonce this server issues (sent in DPoP-Nonce), found none',
    },
  },
  dpop_required: {
    error: new DpopRequiredError('the token is DPoP-bound (cnf.jkt): expected it with the DPoP scheme and a DPoP proof'),
    status: 401,
    challenge:
      'Bearer realm="orders", DPoP realm="orders", error="invalid_token", error_description="the token is DPoP-bound (cnf.jkt): expected it with the DPoP scheme and a DPoP proof"',
    body: {
      error: 'invalid_token',
      error_description: 'the token is DPoP-bound (cnf.jkt): expected it with the DPoP scheme and a DPoP proof',
    },
  },
  forbidden: {
    error: new ForbiddenError('missing required role: expected all of [Orders.Admin], found none'),
    status: 403,
    challenge:
      'Bearer realm="orders", error="insufficient_scope", error_description="missing required role: expected all of [Orders.Admin], found none"',
    body: { error: 'insufficient_scope', error_description: 'missing required role: expected all of [Orders.Admin], found none' },
  },
} satisfies Record<ErrorCode, Case>;

describe('toErrorResponse: one answer per error code', () => {
  it.each(Object.entries(CASES))('%s', (code, expected) => {
    expect(expected.error.code).toBe(code);
    const response = toErrorResponse(expected.error, { realm: 'orders' });
    expect(response.status).toBe(expected.status);
    expect(response.headers['WWW-Authenticate']).toBe(expected.challenge);
    expect(response.body).toEqual(expected.body);
    expect(response.headers['Content-Type']).toBe('application/json');
    expect(response.headers['Cache-Control']).toBe('no-store');
  });
});

describe('toErrorResponse', () => {
  it("never shows a key outage's upstream detail (endpoints, statuses) to the client", () => {
    const outage = new JwksUnavailableError('the keys of issuer entra are unavailable: JWKS at https://idp.internal/keys answered 500');
    const response = toErrorResponse(outage);
    expect(JSON.stringify(response)).not.toContain('idp.internal');
    expect(response.body.error_description).toBe('the access token cannot be checked right now; retry later');
  });

  it('sends the nonce of use_dpop_nonce in DPoP-Nonce (RFC 9449 §9)', () => {
    const response = toErrorResponse(new UseDpopNonceError('needs a nonce', { nonce: 'n1.abc' }));
    expect(response.headers['DPoP-Nonce']).toBe('n1.abc');
  });

  it('leaves out a nonce that could break the header', () => {
    const response = toErrorResponse(new UseDpopNonceError('needs a nonce', { nonce: 'n1\r\nSet-Cookie: a=b' }));
    expect(response.headers['DPoP-Nonce']).toBeUndefined();
  });

  it('answers a request without a token with a challenge that has no error attributes (RFC 6750 §3.1)', () => {
    const response = toErrorResponse(new TokenMissingError('expected an Authorization header with a Bearer token'));
    expect(response.headers['WWW-Authenticate']).toBe('Bearer');
  });

  it('leaves realm out of the challenge when none is configured', () => {
    expect(toErrorResponse(new TokenExpiredError('expired')).headers['WWW-Authenticate']).toBe(
      'Bearer error="invalid_token", error_description="expired"',
    );
  });

  it('treats an unknown error as verification_failed (401) without echoing its message', () => {
    const response = toErrorResponse(new Error('connect ECONNREFUSED 10.0.0.5:6379 password=hunter2'));
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: 'invalid_token', error_description: 'the token could not be verified' });
    expect(JSON.stringify(response)).not.toContain('hunter2');
  });

  it('answers non-error values thrown by user code without throwing', () => {
    for (const value of [undefined, null, 'boom', 42, { status: 500 }]) {
      expect(toErrorResponse(value).status).toBe(401);
    }
  });

  it('never throws, even for a revoked Proxy', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(toErrorResponse(proxy)).toMatchObject({ status: 401, body: { error: 'invalid_token' } });
  });

  it('sends Retry-After in whole seconds, rounded up, when the key outage says when to retry', () => {
    const response = toErrorResponse(new JwksUnavailableError('unreachable', { retryAfterSec: 2.2 }));
    expect(response.headers['Retry-After']).toBe('3');
  });

  it('sends no Retry-After when the retry time is unknown', () => {
    expect(toErrorResponse(new JwksUnavailableError('unreachable')).headers).not.toHaveProperty('Retry-After');
  });

  it('sends no Retry-After for a retry time that is not a non-negative number', () => {
    expect(toErrorResponse(new JwksUnavailableError('unreachable', { retryAfterSec: Number.NaN })).headers).not.toHaveProperty(
      'Retry-After',
    );
    expect(toErrorResponse(new JwksUnavailableError('unreachable', { retryAfterSec: -1 })).headers).not.toHaveProperty('Retry-After');
  });

  it('with includeDescription: false, keeps details out of the challenge and sends a generic body description', () => {
    const response = toErrorResponse(new AudienceMismatchError('expected api://orders, found api://billing'), {
      includeDescription: false,
    });
    expect(response.headers['WWW-Authenticate']).toBe('Bearer error="invalid_token"');
    expect(response.body).toEqual({ error: 'invalid_token', error_description: 'the access token is not valid' });
  });

  it('with includeDescription: false, still names the required scopes', () => {
    const error = new InsufficientScopeError('missing', { requiredScopes: ['Orders.Read'] });
    expect(toErrorResponse(error, { includeDescription: false }).headers['WWW-Authenticate']).toBe(
      'Bearer error="insufficient_scope", scope="Orders.Read"',
    );
  });

  it('falls back to the generic description when the message is empty', () => {
    expect(toErrorResponse(new ForbiddenError('')).body.error_description).toBe('the access token does not grant access to this resource');
  });

  it('cannot be broken by a hostile message: quotes, CRLF, backslashes and unicode stay inside one quoted value', () => {
    const hostile = 'bad "token"\r\nSet-Cookie: session=1; x="\\" ✓ café\u0000\u202e';
    const response = toErrorResponse(new ClaimInvalidError(hostile), { realm: 'api"\r\nX-Injected: 1' });
    const challenge = response.headers['WWW-Authenticate'] ?? '';
    expect(challenge).toMatch(WELL_FORMED_CHALLENGE);
    expect(challenge).not.toMatch(/[\r\n]/);
    expect(challenge).toBe(
      `Bearer realm="api' X-Injected: 1", error="invalid_token", error_description="bad 'token'/u000d/u000aSet-Cookie: session=1; x='/' ? cafe/u0000/u202e"`,
    );
    // The error escaped its control characters already (\u000d…); the header then spells backslashes as '/'.
    expect(response.body.error_description).toBe("bad 'token'/u000d/u000aSet-Cookie: session=1; x='/' ? cafe/u0000/u202e");
  });

  it('caps the description at 200 characters', () => {
    const response = toErrorResponse(new ClaimInvalidError(`expected ${'x'.repeat(5000)}`));
    expect(response.body.error_description).toHaveLength(200);
    expect(response.body.error_description.endsWith('...')).toBe(true);
    expect(response.headers['WWW-Authenticate']).toMatch(WELL_FORMED_CHALLENGE);
  });

  it('spells the ellipsis of clipped claim values in ASCII', () => {
    expect(toErrorResponse(new AudienceMismatchError('expected a, found bbbb…')).body.error_description).toBe('expected a, found bbbb...');
  });
});

describe('buildWwwAuthenticate', () => {
  it('is a bare Bearer challenge without parameters', () => {
    expect(buildWwwAuthenticate({})).toBe('Bearer');
  });

  it('orders realm, error, error_description and scope', () => {
    expect(buildWwwAuthenticate({ realm: 'example', error: 'insufficient_scope', errorDescription: 'need more', scope: ['a', 'b'] })).toBe(
      'Bearer realm="example", error="insufficient_scope", error_description="need more", scope="a b"',
    );
  });

  it('drops characters a scope-token may not contain, and scopes left empty', () => {
    expect(buildWwwAuthenticate({ scope: ['read"x', 'a b', '\\', 'ok'] })).toBe('Bearer scope="readx ab ok"');
  });

  it('leaves out attributes that are empty after sanitising', () => {
    expect(buildWwwAuthenticate({ realm: '\r\n', error: '', scope: [] })).toBe('Bearer');
  });

  it('never yields more than one line, whatever the input', () => {
    const hostile = '"\r\n\\\u0000\u00ff\u{1f600}';
    const header = buildWwwAuthenticate({ realm: hostile, error: hostile, errorDescription: hostile, scope: [hostile] });
    expect(header).toMatch(WELL_FORMED_CHALLENGE);
  });
});
