import type { Base64UrlDecoder } from '../types.js';
import { decodeBase64Url } from './base64url.js';

/** The byte conversions of token parsing; a platform may bring faster ones that accept exactly the same input. */
export interface TokenCodec {
  /** Canonical unpadded base64url to bytes, or undefined for anything else. */
  readonly decodeBase64Url: Base64UrlDecoder;
  /** The bytes of an ASCII string. */
  readonly asciiBytes: (text: string) => Uint8Array;
  /** UTF-8 bytes as text, or undefined when they are not valid UTF-8. */
  readonly utf8Text: (bytes: Uint8Array) => string | undefined;
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return textDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Every runtime's codec: the portable base64url decoder, TextEncoder and a strict TextDecoder. */
export const portableCodec: TokenCodec = { decodeBase64Url, asciiBytes: (text) => textEncoder.encode(text), utf8Text: decodeUtf8 };
