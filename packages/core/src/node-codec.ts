import type { TokenCodec } from './token/parse-token.js';

/**
 * Node's native decoder, made as strict as the portable one: Buffer alone accepts padding, the standard
 * alphabet, whitespace and stray low bits. An input is canonical exactly when encoding what it decodes
 * to gives it back, which is also cheaper to check than a character class over the whole token.
 */
export function decodeBase64UrlWithBuffer(input: string): Uint8Array | undefined {
  const bytes = Buffer.from(input, 'base64url');
  // A Buffer is a Uint8Array: no view around it, one allocation less per segment.
  return bytes.toString('base64url') === input ? bytes : undefined;
}

/** Node's token codec: Buffer's native base64url and Latin-1 conversions, held to the portable rules. */
export const nodeCodec: TokenCodec = {
  decodeBase64Url: decodeBase64UrlWithBuffer,
  // The signing input is `header.payload`, canonical base64url and a dot: ASCII, so Latin-1 bytes are its bytes.
  asciiBytes: (text) => Buffer.from(text, 'latin1'),
};
