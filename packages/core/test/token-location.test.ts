import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, jwks, toErrorResponse, type TokenLocation, type Verifier } from '../src/index.js';
import { MultipleTokensError, TokenMissingError } from '../src/shared/errors.js';

// Where authenticate() reads the token: the Authorization header always, a cookie or the query parameter
// only when asked (RFC 6750 §2), one place per request.
let issuer: TestIssuer;
let token: string;
let headerOnly: Verifier;
let everywhere: Verifier;

const COOKIE = '__Host-access';

beforeAll(async () => {
  issuer = await createTestIssuer();
  const issuers = [jwks({ issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri })];
  headerOnly = createVerifier({ issuers });
  everywhere = createVerifier({ issuers, tokenLocation: { cookie: COOKIE, query: true } });
  token = await issuer.mint({ sub: 'user-1' });
});

afterAll(() => issuer?.close());

const rejection = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('by default, only the Authorization header', () => {
  it('ignores a token in a cookie', async () => {
    const error = await rejection(headerOnly.authenticate({ headers: { cookie: `${COOKIE}=${token}` } }));
    expect(error).toBeInstanceOf(TokenMissingError);
  });

  it('ignores a token in the query', async () => {
    const error = await rejection(headerOnly.authenticate({ headers: {}, url: `/orders?access_token=${token}` }));
    expect(error).toBeInstanceOf(TokenMissingError);
  });

  it('leaves location unset for a token from the header', async () => {
    const result = await everywhere.authenticate({ headers: { authorization: `Bearer ${token}` }, url: '/orders?page=2' });
    expect(result.location).toBeUndefined();
  });
});

describe('tokenLocation.cookie', () => {
  it('reads the named cookie among others', async () => {
    const result = await everywhere.authenticate({ headers: { cookie: `theme=dark; ${COOKIE}=${token}; lang=en` } });
    expect(result.principal.subject).toBe('user-1');
    expect(result.location).toBe('cookie');
    expect(result.token).toBe(token);
  });

  it('reads it from a Web Request', async () => {
    const request = new Request('https://api.example/orders', { headers: { cookie: `${COOKIE}=${token}` } });
    expect((await everywhere.authenticate(request)).location).toBe('cookie');
  });

  it('accepts a quoted value', async () => {
    expect((await everywhere.authenticate({ headers: { cookie: `${COOKIE}="${token}"` } })).location).toBe('cookie');
  });

  it('matches the name exactly (cookie names are case-sensitive)', async () => {
    const error = await rejection(everywhere.authenticate({ headers: { cookie: `__host-access=${token}` } }));
    expect(error).toBeInstanceOf(TokenMissingError);
  });

  it('treats an empty cookie (a cleared session) as no token', async () => {
    const error = await rejection(everywhere.authenticate({ headers: { cookie: `${COOKIE}=; theme=dark` } }));
    expect(error).toBeInstanceOf(TokenMissingError);
  });

  it('refuses the cookie twice with multiple_tokens (400)', async () => {
    const error = await rejection(everywhere.authenticate({ headers: { cookie: [`${COOKIE}=${token}`, `${COOKIE}=${token}`] } }));
    expect(error).toBeInstanceOf(MultipleTokensError);
    expect(error).toMatchObject({ code: 'multiple_tokens', status: 400, expected: `one cookie named ${COOKIE}`, found: '2' });
  });

  it('verifies a cookie value that is not a JWT as any token: 401 token_malformed', async () => {
    const error = await rejection(everywhere.authenticate({ headers: { cookie: `${COOKIE}=s%3Asession-id.signature` } }));
    expect(error).toMatchObject({ code: 'token_malformed', status: 401 });
  });
});

describe('tokenLocation.query', () => {
  it('reads access_token from a path and query', async () => {
    const result = await everywhere.authenticate({ headers: {}, url: `/events?stream=orders&access_token=${token}` });
    expect(result.location).toBe('query');
    expect(result.token).toBe(token);
  });

  it('reads it from an absolute URL, and not from the fragment', async () => {
    const request = new Request(`https://api.example/events?access_token=${token}#access_token=other`);
    expect((await everywhere.authenticate(request)).location).toBe('query');
  });

  it('takes another parameter name', async () => {
    const verifier = createVerifier({ issuers: everywhere.issuers, tokenLocation: { query: 'token' } });
    expect((await verifier.authenticate({ headers: {}, url: `/ws?token=${token}` })).location).toBe('query');
  });

  it('refuses the parameter twice with multiple_tokens', async () => {
    const error = await rejection(everywhere.authenticate({ headers: {}, url: `/ws?access_token=${token}&access_token=${token}` }));
    expect(error).toMatchObject({ code: 'multiple_tokens', expected: 'one access_token query parameter', found: '2' });
  });

  it('treats an empty parameter as no token', async () => {
    const error = await rejection(everywhere.authenticate({ headers: {}, url: '/ws?access_token=' }));
    expect(error).toBeInstanceOf(TokenMissingError);
  });
});

describe('one token, in one place (RFC 6750 §2)', () => {
  it('refuses a token in the header and the query with multiple_tokens, naming both places', async () => {
    const error = await rejection(
      everywhere.authenticate({ headers: { authorization: `Bearer ${token}` }, url: `/?access_token=${token}` }),
    );
    expect(error).toBeInstanceOf(MultipleTokensError);
    expect(error).toMatchObject({
      expected: 'the token in one place',
      found: 'the Authorization header and the access_token query parameter',
    });
  });

  it('refuses a token in the cookie and the query', async () => {
    const error = await rejection(everywhere.authenticate({ headers: { cookie: `${COOKIE}=${token}` }, url: `/?access_token=${token}` }));
    expect(error).toMatchObject({ code: 'multiple_tokens', found: `the ${COOKIE} cookie and the access_token query parameter` });
  });

  it('answers multiple_tokens with 400 invalid_request and a challenge', async () => {
    const error = await rejection(everywhere.authenticate({ headers: { authorization: `Bearer ${token}`, cookie: `${COOKIE}=${token}` } }));
    const response = toErrorResponse(error, { includeDescription: false });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'invalid_request', error_description: 'the request carries more than one access token' });
    expect(response.headers['WWW-Authenticate']).toMatch(/^Bearer error="invalid_request", DPoP algs="[^"]+"$/);
  });

  it('reads the cookie beside a header of another scheme, which carries no token', async () => {
    const result = await everywhere.authenticate({ headers: { authorization: 'Basic dXNlcjpwYXNz', cookie: `${COOKIE}=${token}` } });
    expect(result.location).toBe('cookie');
  });

  it('still refuses a malformed Bearer header beside a cookie', async () => {
    const error = await rejection(everywhere.authenticate({ headers: { authorization: 'Bearer a b', cookie: `${COOKIE}=${token}` } }));
    expect(error).toMatchObject({ code: 'authorization_malformed', status: 400 });
  });

  it('names every place it looked when there is no token', async () => {
    const error = await rejection(everywhere.authenticate({ headers: {}, url: '/orders' }));
    expect(error).toMatchObject({
      code: 'token_missing',
      expected: `a Bearer token in the Authorization header, the ${COOKIE} cookie or the access_token query parameter`,
      found: 'no Authorization header',
    });
  });

  it('never puts the token in the error', async () => {
    const error = await rejection(
      everywhere.authenticate({ headers: { authorization: `Bearer ${token}` }, url: `/?access_token=${token}` }),
    );
    expect(JSON.stringify(error)).not.toContain(token);
    expect(String(error)).not.toContain(token);
  });
});

describe('authenticateIfPresent', () => {
  it('resolves undefined when no place holds a token', async () => {
    await expect(everywhere.authenticateIfPresent({ headers: { cookie: 'theme=dark' }, url: '/' })).resolves.toBeUndefined();
  });

  it('verifies a token from the cookie', async () => {
    expect((await everywhere.authenticateIfPresent({ headers: { cookie: `${COOKIE}=${token}` } }))?.location).toBe('cookie');
  });
});

describe("a call's tokenLocation", () => {
  it('replaces the verifier default', async () => {
    const result = await headerOnly.authenticate({ headers: {}, url: `/ws?access_token=${token}` }, { tokenLocation: { query: true } });
    expect(result.location).toBe('query');
  });

  it('can turn the default off', async () => {
    const error = await rejection(everywhere.authenticate({ headers: { cookie: `${COOKIE}=${token}` } }, { tokenLocation: {} }));
    expect(error).toBeInstanceOf(TokenMissingError);
  });

  it('is checked: a mistake is a TypeError, not a verdict on the request', async () => {
    await expect(headerOnly.authenticate({ headers: {} }, { tokenLocation: { cookie: 'a b' } })).rejects.toThrow(TypeError);
  });
});

describe('the option is checked at createVerifier', () => {
  const issuers = (): Parameters<typeof createVerifier>[0]['issuers'] => [
    jwks({ issuer: 'https://issuer.example/', audience: 'api', jwksUri: 'https://issuer.example/jwks' }),
  ];
  const create = (tokenLocation: unknown) => () => createVerifier({ issuers: issuers(), tokenLocation: tokenLocation as TokenLocation });

  it.each([
    ['a string', 'cookie'],
    ['a cookie name with a space', { cookie: 'my cookie' }],
    ['an empty cookie name', { cookie: '' }],
    ['an empty query name', { query: '' }],
    ['a number for query', { query: 1 }],
    ['an unknown place', { body: true }],
  ])('refuses %s', (_what, value) => {
    expect(create(value)).toThrow(TypeError);
  });

  it('names the unknown place', () => {
    expect(create({ header: false })).toThrow('tokenLocation takes cookie and query, found header');
  });

  it('accepts query: false and an empty object, which read the header only', () => {
    expect(create({ query: false })).not.toThrow();
    expect(create({})).not.toThrow();
  });
});

describe('hostile cookies and queries get typed errors', () => {
  it('refuses an overlong cookie value by the token size limit (401 token_malformed)', async () => {
    const error = await rejection(everywhere.authenticate({ headers: { cookie: `${COOKIE}=${'a'.repeat(100_000)}` } }));
    expect(error).toMatchObject({ code: 'token_malformed', status: 401 });
  });

  it('reads past thousands of other cookies', async () => {
    const others = Array.from({ length: 5_000 }, (_, index) => `c${index}=v`).join('; ');
    expect((await everywhere.authenticate({ headers: { cookie: `${others}; ${COOKIE}=${token}` } })).location).toBe('cookie');
  });

  it('treats broken percent-encoding in the query as a token that is not a JWT', async () => {
    const error = await rejection(everywhere.authenticate({ headers: {}, url: '/ws?access_token=%ZZ%E0%A4' }));
    expect(error).toMatchObject({ code: 'token_malformed', status: 401 });
  });

  it('ignores a url that is not a string', async () => {
    const error = await rejection(everywhere.authenticate({ headers: {}, url: 42 } as unknown as { headers: Record<string, string> }));
    expect(error).toBeInstanceOf(TokenMissingError);
  });

  it('ignores cookie pairs without a name or an equals sign', async () => {
    const result = await everywhere.authenticate({ headers: { cookie: `=; ;;novalue; =${token}; ${COOKIE}=${token}` } });
    expect(result.location).toBe('cookie');
  });
});
