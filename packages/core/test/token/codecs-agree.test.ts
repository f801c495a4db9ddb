import { describe, expect, it } from 'vitest';
import { isTokenwardError } from '../../src/shared/errors.js';
import { nodeCodec } from '../../src/token/node-codec.js';
import { portableCodec, type TokenCodec } from '../../src/token/codec.js';
import { parseToken } from '../../src/token/parse-token.js';

// The portable codec (every runtime) and Node's (Buffer) are documented to accept exactly the same
// input. One table of byte-level inputs runs through both. (Under the node-crypto project the suite
// swaps the portable codec for Node's, so there both columns are Node's; the webcrypto project pairs them.)
const CODECS: readonly (readonly [string, TokenCodec])[] = [
  ['portable', portableCodec],
  ['node', nodeCodec],
];

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));

interface ByteCase {
  readonly name: string;
  readonly bytes: Buffer;
  /** What segmentText must answer: the text, or null for bytes that are not UTF-8. */
  readonly text: string | null;
  /** Whether a token with this header (and `{}` claims) parses. */
  readonly parses: boolean;
}

const BYTE_CASES: readonly ByteCase[] = [
  { name: 'an ASCII JSON object', bytes: bytes('{"alg":"RS256"}'), text: '{"alg":"RS256"}', parses: true },
  {
    name: 'non-ASCII UTF-8 (2, 3 and 4 bytes)',
    bytes: bytes('{"alg":"RS256","n":"café €😀"}'),
    text: '{"alg":"RS256","n":"café €😀"}',
    parses: true,
  },
  {
    name: 'a UTF-8 byte order mark before the JSON',
    bytes: bytes([0xef, 0xbb, 0xbf], '{"alg":"RS256"}'),
    text: '\ufeff{"alg":"RS256"}',
    parses: false,
  },
  {
    name: 'two byte order marks',
    bytes: bytes([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], '{"alg":"RS256"}'),
    text: '\ufeff\ufeff{"alg":"RS256"}',
    parses: false,
  },
  {
    name: 'a byte order mark inside a string value',
    bytes: bytes('{"alg":"RS256","n":"', [0xef, 0xbb, 0xbf], '"}'),
    text: '{"alg":"RS256","n":"\ufeff"}',
    parses: true,
  },
  { name: 'an overlong 2-byte "/" (C0 AF)', bytes: bytes('{"alg":"RS256","n":"', [0xc0, 0xaf], '"}'), text: null, parses: false },
  { name: 'an overlong NUL (C0 80, modified UTF-8)', bytes: bytes('{"alg":"RS256","n":"', [0xc0, 0x80], '"}'), text: null, parses: false },
  { name: 'an overlong 3-byte "/" (E0 80 AF)', bytes: bytes('{"alg":"RS256","n":"', [0xe0, 0x80, 0xaf], '"}'), text: null, parses: false },
  {
    name: 'a lone high surrogate encoded as CESU-8 (ED A0 80)',
    bytes: bytes('{"alg":"RS256","n":"', [0xed, 0xa0, 0x80], '"}'),
    text: null,
    parses: false,
  },
  {
    name: 'a lone low surrogate encoded as CESU-8 (ED B0 80)',
    bytes: bytes('{"alg":"RS256","n":"', [0xed, 0xb0, 0x80], '"}'),
    text: null,
    parses: false,
  },
  {
    name: 'a surrogate pair encoded as CESU-8',
    bytes: bytes('{"alg":"RS256","n":"', [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80], '"}'),
    text: null,
    parses: false,
  },
  {
    name: 'a code point above U+10FFFF (F4 90 80 80)',
    bytes: bytes('{"alg":"RS256","n":"', [0xf4, 0x90, 0x80, 0x80], '"}'),
    text: null,
    parses: false,
  },
  { name: 'a byte that never occurs in UTF-8 (FF)', bytes: bytes('{"alg":"RS256"}', [0xff]), text: null, parses: false },
  { name: 'a lone continuation byte (80)', bytes: bytes([0x80], '{"alg":"RS256"}'), text: null, parses: false },
  { name: 'a truncated 3-byte sequence (E2 82)', bytes: bytes('{"alg":"RS256","n":"', [0xe2, 0x82], '"}'), text: null, parses: false },
  { name: 'Latin-1 instead of UTF-8 (E9)', bytes: bytes('{"alg":"RS256","n":"caf', [0xe9], '"}'), text: null, parses: false },
  {
    name: 'a NUL byte inside a string value',
    bytes: bytes('{"alg":"RS256","n":"', [0x00], '"}'),
    text: '{"alg":"RS256","n":"\u0000"}',
    parses: false,
  },
  { name: 'a NUL byte after the object', bytes: bytes('{"alg":"RS256"}', [0x00]), text: '{"alg":"RS256"}\u0000', parses: false },
  {
    name: 'an escaped NUL (\\u0000) inside a string value',
    bytes: bytes('{"alg":"RS256","n":"\\u0000"}'),
    text: '{"alg":"RS256","n":"\\u0000"}',
    parses: true,
  },
  {
    name: 'a JSON-escaped lone surrogate',
    bytes: bytes('{"alg":"RS256","n":"\\ud800"}'),
    text: '{"alg":"RS256","n":"\\ud800"}',
    parses: true,
  },
];

// Segments that are not canonical unpadded base64url: both codecs refuse them before any decoding.
const NON_CANONICAL: readonly (readonly [string, string])[] = [
  ['padding', 'e30='],
  ['double padding', 'eyJhIjoxfQ=='],
  ['stray bits in the last of 3 characters', 'e31'],
  ['stray bits in the last of 2 characters', 'eB'],
  ['a length of 4n + 1', 'e30ab'],
  ['the standard alphabet "+"', 'e+0'],
  ['the standard alphabet "/"', 'e/0'],
  ['a space', 'e3 0'],
  ['a tab', 'e3\t0'],
  ['a line feed', 'e3\n0'],
  ['a dot', 'e3.0'],
  ['a Latin-1 letter', 'e3é0'],
  ['a fullwidth letter', 'e3ｅ0'],
  ['a NUL', 'e3\u00000'],
  ['an emoji', 'e3😀'],
];

const b64 = (value: Buffer) => value.toString('base64url');

describe('the portable and the Node codec agree, byte for byte', () => {
  describe.each(BYTE_CASES)('$name', ({ bytes: input, text, parses }) => {
    it.each(CODECS)('%s: decodes the same bytes and the same text', (_name, codec) => {
      const decoded = codec.decodeBase64Url(b64(input));
      expect(decoded === undefined ? undefined : [...decoded]).toEqual([...input]);
      expect(codec.segmentText(b64(input))).toBe(text);
    });

    it.each(CODECS)(`%s: ${parses ? 'accepts' : 'refuses'} it as a token header`, (_name, codec) => {
      const token = `${b64(input)}.${b64(bytes('{}'))}.c2ln`;
      const outcome = () => parseToken(token, 16_384, codec);
      if (parses) expect(outcome).not.toThrow();
      else expect(outcome).toThrow(expect.objectContaining({ code: 'token_malformed' }));
    });

    it.each(CODECS)(`%s: ${parses ? 'accepts' : 'refuses'} it as a claims set`, (_name, codec) => {
      const token = `${b64(bytes('{"alg":"RS256"}'))}.${b64(input)}.c2ln`;
      let error: unknown;
      try {
        parseToken(token, 16_384, codec);
      } catch (caught) {
        error = caught;
      }
      expect(error === undefined).toBe(parses);
      if (error !== undefined) expect(isTokenwardError(error) && error.code === 'token_malformed').toBe(true);
    });
  });

  describe.each(NON_CANONICAL)('a segment with %s', (_what, segment) => {
    it.each(CODECS)('%s: is refused', (_name, codec) => {
      expect(codec.decodeBase64Url(segment)).toBeUndefined();
      expect(codec.segmentText(segment)).toBeUndefined();
    });
  });

  it('gives the same message for every refused input', () => {
    const messages = (codec: TokenCodec) =>
      [...BYTE_CASES.map((c) => `${b64(c.bytes)}.e30.c2ln`), ...NON_CANONICAL.map(([, s]) => `${s}.e30.c2ln`)].map((token) => {
        try {
          parseToken(token, 16_384, codec);
          return 'accepted';
        } catch (error) {
          return (error as Error).message;
        }
      });
    expect(messages(portableCodec)).toEqual(messages(nodeCodec));
  });
});
