import { isAscii, isUtf8 } from 'node:buffer';
import { SEXTETS } from './token/base64url.js';
import type { TokenCodec } from './token/codec.js';

/** By length mod 4, the low bits the last character may not carry: 4 of them after two characters, 2 after three. */
const STRAY_BITS: readonly number[] = [0, 0, 0xf, 0x3];

/**
 * Node's native decoder, made as strict as the portable one. Buffer alone skips characters outside the
 * alphabet (padding, whitespace, dots), reads the low byte of wider characters, accepts the standard
 * alphabet's `+` and `/`, and ignores stray low bits in the last character. Skipped characters shorten
 * the output, so a full-length output means every character decoded; the rest are checked directly.
 * Cheaper than encoding the bytes again and comparing.
 */
export function decodeBase64UrlWithBuffer(input: string): Uint8Array | undefined {
  const length = input.length;
  const remainder = length & 3;
  if (remainder === 1) return undefined;
  const bytes = Buffer.from(input, 'base64url');
  if (bytes.length !== (length * 3) >> 2) return undefined;
  if (input.indexOf('+') !== -1 || input.indexOf('/') !== -1 || Buffer.byteLength(input, 'utf8') !== length) return undefined;
  // Every character is ASCII by now (the byte length check), so the last one has a sextet.
  if (remainder !== 0 && ((SEXTETS[input.charCodeAt(length - 1)] as number) & (STRAY_BITS[remainder] as number)) !== 0) return undefined;
  // A Buffer is a Uint8Array: no view around it, one allocation less per segment.
  return bytes;
}

/** UTF-8 bytes to text, or undefined when they are not valid UTF-8; ASCII (nearly every token) takes the Latin-1 fast path. */
function utf8Text(bytes: Uint8Array): string | undefined {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isAscii(buffer)) return buffer.toString('latin1');
  return isUtf8(buffer) ? buffer.toString('utf8') : undefined;
}

/** Node's token codec: Buffer's native base64url, Latin-1 and UTF-8 conversions, held to the portable rules. */
export const nodeCodec: TokenCodec = {
  decodeBase64Url: decodeBase64UrlWithBuffer,
  // The signing input is `header.payload`, canonical base64url and a dot: ASCII, so Latin-1 bytes are its bytes.
  asciiBytes: (text) => Buffer.from(text, 'latin1'),
  utf8Text,
};
