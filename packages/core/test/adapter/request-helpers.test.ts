import { describe, expect, it } from 'vitest';
import { InsufficientScopeError, type VerifiedToken } from '../../src/index.js';
import {
  authorizationHeader,
  compileNeededRequirement,
  createVerifiedTokens,
  nodeRequestInput,
  successHeaders,
} from '../../src/adapter/index.js';

describe('authorizationHeader', () => {
  it("keeps the framework's value when the raw lines hold one Authorization header", () => {
    expect(authorizationHeader(['Host', 'a', 'Authorization', 'Bearer raw'], 'Bearer set-by-a-hook')).toEqual({
      authorization: 'Bearer set-by-a-hook',
    });
  });

  it('gives every line when the client sent the header more than once, whatever its case', () => {
    expect(authorizationHeader(['authorization', 'Bearer a', 'AUTHORIZATION', 'Bearer b'], 'Bearer a')).toEqual({
      authorization: ['Bearer a', 'Bearer b'],
    });
  });

  it("keeps the framework's value for a request without raw lines", () => {
    expect(authorizationHeader(undefined, 'Bearer a')).toEqual({ authorization: 'Bearer a' });
  });
});

describe('createVerifiedTokens', () => {
  const token = { claims: {} } as VerifiedToken;

  it('knows who verified a token it was told of', () => {
    const verified = createVerifiedTokens<object>();
    const owner = {};
    verified.remember(token, owner);
    expect(verified.ownerOf(token)).toBe(owner);
  });

  it('knows nothing of a token set by the app, or of no token', () => {
    const verified = createVerifiedTokens<object>();
    expect([verified.ownerOf(token), verified.ownerOf(null), verified.ownerOf(undefined)]).toEqual([undefined, undefined, undefined]);
  });

  it('keeps each set of records apart', () => {
    const first = createVerifiedTokens<object>();
    first.remember(token, {});
    expect(createVerifiedTokens<object>().ownerOf(token)).toBeUndefined();
  });
});

describe('compileNeededRequirement', () => {
  it('compiles a requirement like compileRequirement', () => {
    const check = compileNeededRequirement({ scopes: 'Orders.Read' }, 'demo: authorize(requirement)');
    const token = { claims: { scp: 'Orders.Write' }, principal: { scopes: ['Orders.Write'] } } as unknown as VerifiedToken;
    expect(() => check(token, undefined)).toThrow(InsufficientScopeError);
  });

  it.each([undefined, null])('refuses no requirement (%s), naming where', (requirement) => {
    expect(() => compileNeededRequirement(requirement as never, 'demo: authorize(requirement)')).toThrow(
      new TypeError('tokenward: demo: authorize(requirement) needs a requirement'),
    );
  });
});

describe('nodeRequestInput', () => {
  const headers = { authorization: 'DPoP t', host: 'api.example:8443', dpop: 'p.r.f' };

  it('gives core the absolute URL of a request with a DPoP proof, from Host and the socket', () => {
    expect(nodeRequestInput(undefined, headers, '/orders?page=2', { method: 'GET', encrypted: true })).toEqual({
      headers: { authorization: 'DPoP t', cookie: undefined, dpop: 'p.r.f' },
      url: 'https://api.example:8443/orders?page=2',
      method: 'GET',
    });
    expect(nodeRequestInput(undefined, headers, '/orders', { method: 'GET' })).toMatchObject({ url: 'http://api.example:8443/orders' });
  });

  it('leaves the URL as it is without a Host header, and builds nothing for a request without a proof', () => {
    expect(nodeRequestInput(undefined, { ...headers, host: undefined }, '/orders', { method: 'GET' })).toMatchObject({ url: '/orders' });
    expect(nodeRequestInput(undefined, { authorization: 'Bearer t', host: 'api.example' }, '/orders', { method: 'GET' })).toEqual({
      headers: { authorization: 'Bearer t', cookie: undefined },
      url: '/orders',
      method: 'GET',
    });
  });
});

describe('successHeaders', () => {
  const verified = (extra: Partial<VerifiedToken>) => ({ claims: {}, ...extra }) as VerifiedToken;

  it('sends a fresh DPoP nonce as DPoP-Nonce, beside Cache-Control: private for a cookie token', () => {
    expect(successHeaders(verified({ dpop: { jkt: 'k', nonce: 'n1.abc' } }))).toEqual({ 'DPoP-Nonce': 'n1.abc' });
    expect(successHeaders(verified({ location: 'cookie', dpop: { jkt: 'k', nonce: 'n1.abc' } }))).toEqual({
      'Cache-Control': 'private',
      'DPoP-Nonce': 'n1.abc',
    });
  });

  it('sends nothing for a DPoP token without a new nonce, nor a nonce that could break the header', () => {
    expect(successHeaders(verified({ dpop: { jkt: 'k' } }))).toBeUndefined();
    expect(successHeaders(verified({ dpop: { jkt: 'k', nonce: 'a\r\nSet-Cookie: x=y' } }))).toBeUndefined();
  });
});
