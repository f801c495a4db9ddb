import { describe, expect, it } from 'vitest';
import { decodeBase64Url } from '../../src/token/base64url.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('decodeBase64Url', () => {
  it('decodes unpadded base64url of every length class', () => {
    expect(decodeBase64Url('YQ')).toEqual(bytes('a'));
    expect(decodeBase64Url('YWI')).toEqual(bytes('ab'));
    expect(decodeBase64Url('YWJj')).toEqual(bytes('abc'));
    expect(decodeBase64Url('')).toEqual(new Uint8Array(0));
  });

  it('decodes the url-safe alphabet', () => {
    expect(decodeBase64Url('-_8')).toEqual(new Uint8Array([0xfb, 0xff]));
  });

  it('rejects padding', () => {
    expect(decodeBase64Url('YQ==')).toBeUndefined();
  });

  it('rejects the standard base64 characters + and /', () => {
    expect(decodeBase64Url('+/8')).toBeUndefined();
  });

  it('rejects whitespace and non-ASCII characters', () => {
    expect(decodeBase64Url('YW Jj')).toBeUndefined();
    expect(decodeBase64Url('YWJ\u00e9')).toBeUndefined();
  });

  it('rejects a length that no byte string encodes to', () => {
    expect(decodeBase64Url('YWJjZ')).toBeUndefined();
  });

  it('rejects non-canonical encodings with stray low bits', () => {
    // "YR" and "YQ" would both decode to "a" in a lenient decoder.
    expect(decodeBase64Url('YR')).toBeUndefined();
    expect(decodeBase64Url('YWK')).toBeUndefined();
  });
});
