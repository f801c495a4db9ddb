import { describe, expect, it } from 'vitest';
import { decodeBase64UrlWithBuffer } from '../../src/token/node-codec.js';
import { decodeBase64Url as portable, encodeBase64Url } from '../../src/token/base64url.js';

const bytes = (s: string) => new TextEncoder().encode(s);

// Compared as plain byte arrays: the Node codec hands out Buffers, which are Uint8Arrays.
const plain = (decode: (input: string) => Uint8Array | undefined) => (input: string) => {
  const bytes = decode(input);
  return bytes === undefined ? undefined : new Uint8Array(bytes);
};

describe.each([
  ['portable', plain(portable)],
  ['Node codec (Buffer)', plain(decodeBase64UrlWithBuffer)],
])('decodeBase64Url: %s', (_name, decodeBase64Url) => {
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

  it("agrees with Node's decoder on every canonical input and rejects every other, over 20,000 random strings", () => {
    // A deterministic generator (xorshift): the same strings on every run.
    let seed = 0x2545f491;
    const next = () => ((seed ^= seed << 13), (seed ^= seed >>> 17), (seed ^= seed << 5), seed >>> 0);
    // Beyond the alphabet: the standard one, padding, whitespace, Latin-1 and a character whose low byte is 'A'.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/= é.\u0141';
    for (let run = 0; run < 20_000; run++) {
      const length = next() % 14;
      let input = '';
      for (let i = 0; i < length; i++) input += alphabet[next() % (run % 2 === 0 ? 64 : alphabet.length)];
      const reference = Buffer.from(input, 'base64url');
      const canonical = /^[A-Za-z0-9_-]*$/.test(input) && reference.toString('base64url') === input;
      expect(decodeBase64Url(input), input).toEqual(canonical ? new Uint8Array(reference) : undefined);
    }
  });
});

describe('encodeBase64Url', () => {
  it.each([0, 1, 2, 3, 4, 5, 32])('writes %i bytes as Node writes unpadded base64url, and the decoder reads them back', (length) => {
    const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + 251) & 0xff);
    const encoded = encodeBase64Url(bytes);
    expect(encoded).toBe(Buffer.from(bytes).toString('base64url'));
    expect(portable(encoded)).toEqual(bytes);
  });
});
