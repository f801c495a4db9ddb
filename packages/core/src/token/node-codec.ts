import { isAscii, isUtf8 } from 'node:buffer';
import { SEXTETS } from './base64url.js';
import type { TokenCodec } from './codec.js';

/** By length mod 4, the low bits the last character may not carry: 4 of them after two characters, 2 after three. */
const STRAY_BITS: readonly number[] = [0, 0, 0xf, 0x3];

/**
 * The decoded length of `input` if it is canonical base64url, else -1. Buffer alone skips characters
 * outside the alphabet (padding, whitespace, dots), reads the low byte of wider characters, accepts the
 * standard alphabet's `+` and `/`, and ignores stray low bits in the last character. This checks all of
 * that but the skipped characters, which shorten the output: the caller compares the decoded length.
 * Cheaper than encoding the bytes again and comparing.
 */
function canonicalLength(input: string): number {
  const length = input.length;
  const remainder = length & 3;
  if (remainder === 1) return -1;
  if (input.indexOf('+') !== -1 || input.indexOf('/') !== -1 || Buffer.byteLength(input, 'utf8') !== length) return -1;
  // Every character is ASCII by now (the byte length check), so the last one has a sextet.
  if (remainder !== 0 && ((SEXTETS[input.charCodeAt(length - 1)] as number) & (STRAY_BITS[remainder] as number)) !== 0) return -1;
  return (length * 3) >> 2;
}

/** Node's native decoder, made as strict as the portable one. */
export function decodeBase64UrlWithBuffer(input: string): Uint8Array | undefined {
  const expected = canonicalLength(input);
  if (expected === -1) return undefined;
  const bytes = Buffer.from(input, 'base64url');
  // A Buffer is a Uint8Array: no view around it, one allocation less per segment.
  return bytes.length === expected ? bytes : undefined;
}

/**
 * One buffer, written over by each call: a token's payload is only bytes on its way to text, and its
 * signing input only on its way into `crypto.verify`. Fresh buffers cost about as much as the rest
 * of the parsing together (Node's pool hands out a new 8 KiB block every few tokens).
 */
const SCRATCH_BYTES = 16_384;
let scratch: Buffer | undefined;

function scratchFor(bytes: number): Buffer | undefined {
  return bytes <= SCRATCH_BYTES ? (scratch ??= Buffer.allocUnsafeSlow(SCRATCH_BYTES)) : undefined;
}

function bytesToText(buffer: Buffer, length: number): string | null {
  // ASCII (nearly every token) takes the Latin-1 fast path.
  const bytes = buffer.length === length ? buffer : buffer.subarray(0, length);
  if (isAscii(bytes)) return buffer.toString('latin1', 0, length);
  return isUtf8(bytes) ? buffer.toString('utf8', 0, length) : null;
}

function segmentText(segment: string): string | null | undefined {
  const expected = canonicalLength(segment);
  if (expected === -1) return undefined;
  const target = scratchFor(expected);
  if (target === undefined) {
    const bytes = Buffer.from(segment, 'base64url');
    return bytes.length === expected ? bytesToText(bytes, expected) : undefined;
  }
  // Nothing runs between this write and the text being read out: no caller can see the buffer change.
  return target.write(segment, 0, 'base64url') === expected ? bytesToText(target, expected) : undefined;
}

function signingInput(token: string, length: number, reusable: boolean): Uint8Array {
  // The signing input is `header.payload`, canonical base64url and a dot: ASCII, so Latin-1 bytes are its bytes.
  const target = reusable ? scratchFor(length) : undefined;
  if (target === undefined) return Buffer.from(token.slice(0, length), 'latin1');
  target.write(token, 0, length, 'latin1');
  return target.subarray(0, length);
}

/** Node's token codec: Buffer's native base64url, Latin-1 and UTF-8 conversions, held to the portable rules. */
export const nodeCodec: TokenCodec = { decodeBase64Url: decodeBase64UrlWithBuffer, segmentText, signingInput };
