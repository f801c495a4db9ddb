import { describe, expect, it } from 'vitest';
import { decodeUnverified, TokenMalformedError } from '../../src/index.js';

const b64 = (value: string) => Buffer.from(value).toString('base64url');
const json = (value: unknown) => b64(JSON.stringify(value));
const token = (header: unknown, payload: unknown) => `${json(header)}.${json(payload)}.c2ln`;

describe('decodeUnverified', () => {
  it('returns the header and claims, marked as not verified', () => {
    const decoded = decodeUnverified(token({ alg: 'RS256', kid: 'k' }, { iss: 'https://issuer.example/', sub: 'a' }));
    expect(decoded).toEqual({ verified: false, header: { alg: 'RS256', kid: 'k' }, claims: { iss: 'https://issuer.example/', sub: 'a' } });
    expect(Object.isFrozen(decoded.claims)).toBe(true);
  });

  it('checks no signature: a token signed by nobody decodes all the same', () => {
    expect(decodeUnverified(token({ alg: 'RS256' }, { sub: 'a' })).claims.sub).toBe('a');
  });

  it('reads an unsigned token (empty signature): reading is not verifying', () => {
    expect(decodeUnverified(`${json({ alg: 'none' })}.${json({ sub: 'a' })}.`).claims.sub).toBe('a');
  });

  it.each([
    ['a payload that is not a JSON object', `${json({ alg: 'RS256' })}.${json([1])}.c2ln`],
    ['padded base64url', `${json({ alg: 'RS256' })}.${json({ sub: 'a' })}=.c2ln`],
    ['an encrypted token (JWE)', 'a.b.c.d.e'],
    ['a signature that is not base64url', `${json({ alg: 'RS256' })}.${json({ sub: 'a' })}.c2ln=`],
  ])('refuses %s with token_malformed', (_what, input) => {
    expect(() => decodeUnverified(input)).toThrow(TokenMalformedError);
  });

  it('refuses a token over maxTokenBytes', () => {
    expect(() => decodeUnverified(token({ alg: 'RS256' }, { sub: 'a'.repeat(100) }), { maxTokenBytes: 64 })).toThrow(/too large/);
  });
});
