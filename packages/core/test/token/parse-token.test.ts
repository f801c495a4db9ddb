import { describe, expect, it } from 'vitest';
import { TokenMalformedError } from '../../src/shared/errors.js';
import { nodeCodec } from '../../src/token/node-codec.js';
import { portableCodec, type TokenCodec } from '../../src/token/codec.js';
import { parseCompactJws, parseToken } from '../../src/token/parse-token.js';

const b64 = (value: string) => Buffer.from(value).toString('base64url');
const json = (value: unknown) => b64(JSON.stringify(value));
const token = (header: unknown, payload: unknown, signature = 'c2ln') => `${json(header)}.${json(payload)}.${signature}`;
const MAX = 16_384;

function malformed(input: unknown, codec: TokenCodec): TokenMalformedError {
  try {
    parseToken(input, MAX, codec);
  } catch (error) {
    expect(error).toBeInstanceOf(TokenMalformedError);
    return error as TokenMalformedError;
  }
  throw new Error('expected parseToken to throw');
}

// Both codecs answer every input the same: the portable one (every runtime) and Node's (Buffer).
describe.each([
  ['portable codec', portableCodec],
  ['Node codec', nodeCodec],
])('parseToken with the %s', (_name, codec) => {
  it('returns header, claims, signed length and signature bytes of a well-formed token', () => {
    const t = token({ alg: 'RS256', kid: 'k1' }, { iss: 'https://issuer.test', sub: 'u1' });
    const parsed = parseToken(t, MAX, codec);
    expect(parsed.header).toEqual({ alg: 'RS256', kid: 'k1' });
    expect(parsed.claims).toEqual({ iss: 'https://issuer.test', sub: 'u1' });
    expect(parsed.signedLength).toBe(t.lastIndexOf('.'));
    expect(new TextDecoder().decode(parsed.signature)).toBe('sig');
  });

  it.each([false, true])('gives the signing input as the bytes of header.payload (reusable: %s)', (reusable) => {
    const t = token({ alg: 'RS256', kid: 'k1' }, { iss: 'https://issuer.test', sub: 'u1' });
    const parsed = parseToken(t, MAX, codec);
    expect(new TextDecoder().decode(codec.signingInput(parsed.token, parsed.signedLength, reusable))).toBe(t.slice(0, t.lastIndexOf('.')));
  });

  it('gives a signing input that outlives the next token when it is not reusable', () => {
    const first = token({ alg: 'RS256' }, { sub: 'first' });
    const second = token({ alg: 'RS256' }, { sub: 'second' });
    const bytes = codec.signingInput(first, first.lastIndexOf('.'), false);
    codec.signingInput(second, second.lastIndexOf('.'), true);
    parseToken(second, MAX, codec);
    expect(new TextDecoder().decode(bytes)).toBe(first.slice(0, first.lastIndexOf('.')));
  });

  it('decodes a payload larger than any reused buffer', () => {
    const big = 'x'.repeat(40_000);
    expect(parseToken(token({ alg: 'RS256' }, { big }), 100_000, codec).claims).toEqual({ big });
  });

  it('gives the signing input of a token larger than any reused buffer', () => {
    const t = token({ alg: 'RS256' }, { big: 'x'.repeat(40_000) });
    expect(new TextDecoder().decode(codec.signingInput(t, t.lastIndexOf('.'), true))).toBe(t.slice(0, t.lastIndexOf('.')));
  });

  it('rejects a JWS whose payload is not canonical base64url', () => {
    expect(() => parseCompactJws(`${json({ alg: 'RS256' })}.e30=.c2ln`, MAX, codec)).toThrow(/payload is not canonical base64url/);
  });

  it('rejects a value that is not a string', () => {
    expect(malformed(42, codec).found).toBe('number');
  });

  it('rejects an empty token', () => {
    expect(malformed('', codec).message).toMatch(/empty/);
  });

  it('rejects a token over the size cap before splitting it', () => {
    const error = malformed('a'.repeat(MAX + 1), codec);
    expect(error.expected).toBe(`at most ${MAX} bytes`);
  });

  it('counts the size cap in UTF-8 bytes: a token under it in characters but over it in bytes is refused', () => {
    const input = 'é'.repeat(MAX / 2 + 1);
    expect(input.length).toBeLessThanOrEqual(MAX);
    const error = malformed(input, codec);
    expect(error.message).toMatch(/too large/);
    expect(error.found).toBe(`${MAX + 2} bytes`);
  });

  it.each([
    ['one segment', 'abc'],
    ['two segments', 'abc.def'],
    ['four segments', 'a.b.c.d'],
    ['five segments (JWE)', 'a.b.c.d.e'],
  ])('rejects %s', (_name, input) => {
    expect(malformed(input, codec).expected).toBe('3 dot-separated segments');
  });

  it('rejects an empty signature (unsigned "none" tokens)', () => {
    const t = `${json({ alg: 'none' })}.${json({ iss: 'x' })}.`;
    expect(malformed(t, codec).message).toMatch(/signature is empty/);
  });

  it('accepts an empty JWS payload at the JWS layer but not as JWT claims', () => {
    const t = `${json({ alg: 'RS256' })}..c2ln`;
    expect(parseCompactJws(t, MAX, codec).signedLength).toBe(t.indexOf('..') + 1);
    expect(malformed(t, codec).message).toMatch(/payload is not valid JSON/);
  });

  it('rejects padded base64url segments', () => {
    const t = `${json({ alg: 'RS256' })}.${json({ iss: 'x' })}.c2lnYQ==`;
    expect(malformed(t, codec).message).toMatch(/canonical base64url/);
  });

  it('rejects whitespace inside a segment', () => {
    const t = `${json({ alg: 'RS256' })} .${json({ iss: 'x' })}.c2ln`;
    expect(malformed(t, codec).message).toMatch(/header is not canonical/);
  });

  it('decodes a payload with non-ASCII UTF-8 text', () => {
    expect(parseToken(token({ alg: 'RS256' }, { name: 'Zoë Ł 名' }), MAX, codec).claims).toEqual({ name: 'Zoë Ł 名' });
  });

  it('rejects a header that is not UTF-8', () => {
    const bad = Buffer.from([0x7b, 0xc3, 0x28, 0x7d]).toString('base64url');
    expect(malformed(`${bad}.${json({})}.c2ln`, codec).message).toMatch(/header is not valid UTF-8/);
  });

  it('rejects a segment with a character outside Latin-1 whose low byte is in the alphabet', () => {
    const t = `${json({ alg: 'RS256' })}.${json({ iss: 'x' })}.c2l\u0141`;
    expect(malformed(t, codec).message).toMatch(/signature is not canonical base64url/);
  });

  it('rejects the standard alphabet inside a segment', () => {
    const t = `${json({ alg: 'RS256' })}.${json({ iss: 'x' })}.c2+/`;
    expect(malformed(t, codec).message).toMatch(/signature is not canonical base64url/);
  });

  it('rejects stray low bits in the last character of a segment', () => {
    const t = `${json({ alg: 'RS256' })}.${json({ iss: 'x' })}.c2lnYR`;
    expect(malformed(t, codec).message).toMatch(/signature is not canonical base64url/);
  });

  it('rejects a header that is not JSON', () => {
    expect(malformed(`${b64('not json')}.${json({})}.c2ln`, codec).message).toMatch(/header is not valid JSON/);
  });

  it('rejects a payload that is not UTF-8', () => {
    const bad = Buffer.from([0xff, 0xfe]).toString('base64url');
    expect(malformed(`${json({ alg: 'RS256' })}.${bad}.c2ln`, codec).message).toMatch(/payload is not valid UTF-8/);
  });

  it.each([
    ['an array', [1, 2]],
    ['null', null],
    ['a string', 'claims'],
    ['a number', 7],
  ])('rejects a payload that is %s', (name, payload) => {
    expect(malformed(token({ alg: 'RS256' }, payload), codec).found).toBe(name);
  });

  it('rejects a header without alg', () => {
    expect(malformed(token({ kid: 'k' }, {}), codec).claim).toBe('alg');
  });

  it('rejects a non-string kid', () => {
    expect(malformed(token({ alg: 'RS256', kid: 5 }, {}), codec).claim).toBe('kid');
  });

  it('rejects any critical header extension', () => {
    const error = malformed(token({ alg: 'RS256', crit: ['exp'], exp: 1 }, {}), codec);
    expect(error.claim).toBe('crit');
    expect(error.found).toEqual(['exp']);
  });

  it('rejects unencoded payload tokens (b64)', () => {
    expect(malformed(token({ alg: 'RS256', b64: false }, {}), codec).claim).toBe('b64');
  });

  it('rejects encrypted tokens whose header names an enc', () => {
    expect(malformed(token({ alg: 'RSA-OAEP', enc: 'A256GCM' }, {}), codec).claim).toBe('enc');
  });

  it('never puts the token into the error message', () => {
    const t = token({ alg: 'RS256' }, ['secret-payload']);
    const error = malformed(t, codec);
    expect(JSON.stringify(error.toJSON())).not.toContain(t.split('.')[1]);
  });
});

describe('parsed headers', () => {
  it('are shared, frozen, between tokens with the same header', () => {
    const claims = Buffer.from(JSON.stringify({ sub: 'a' })).toString('base64url');
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'shared-header', x: { y: 1 } })).toString('base64url');
    const first = parseToken(`${header}.${claims}.c2ln`, 16_384);
    const second = parseToken(`${header}.${claims}.c2ln`, 16_384);
    expect(second.header).toBe(first.header);
    expect(Object.isFrozen(first.header)).toBe(true);
    expect(Object.isFrozen(first.header.x)).toBe(true);
  });

  it('are checked again for every token when they fail: a rejected header is never kept', () => {
    const claims = Buffer.from(JSON.stringify({ sub: 'a' })).toString('base64url');
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', crit: ['exp'] })).toString('base64url');
    expect(() => parseToken(`${header}.${claims}.c2ln`, 16_384)).toThrow(/critical/);
    expect(() => parseToken(`${header}.${claims}.c2ln`, 16_384)).toThrow(/critical/);
  });
});
