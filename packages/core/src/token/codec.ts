import type { Base64UrlDecoder } from '../shared/types.js';
import { decodeBase64Url } from './base64url.js';

/** The byte conversions of token parsing; a platform may bring faster ones that accept exactly the same input. */
export interface TokenCodec {
  /** Canonical unpadded base64url to bytes, or undefined for anything else. */
  readonly decodeBase64Url: Base64UrlDecoder;
  /**
   * A JSON segment (header or payload) as text: `undefined` when it is not canonical base64url, `null`
   * when its bytes are not UTF-8.
   */
  readonly segmentText: (segment: string) => string | null | undefined;
  /**
   * The bytes the signature covers: the first `length` characters of the token (`header.payload`,
   * ASCII). `reusable`: they go straight to a backend that has read them when its call returns, so the
   * codec may hand out memory it writes over on the next call.
   */
  readonly signingInput: (token: string, length: number, reusable: boolean) => Uint8Array;
}

const textEncoder = new TextEncoder();
// ignoreBOM keeps a leading byte order mark in the text, as Buffer does: JSON.parse then refuses it on
// every platform (by default TextDecoder drops it, and the Node codec would refuse what this one accepts).
const textDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return textDecoder.decode(bytes);
  } catch {
    return null;
  }
}

/** Every runtime's codec: the portable base64url decoder, TextEncoder and a strict TextDecoder. */
export const portableCodec: TokenCodec = {
  decodeBase64Url,
  segmentText(segment) {
    const bytes = decodeBase64Url(segment);
    return bytes === undefined ? undefined : decodeUtf8(bytes);
  },
  signingInput: (token, length) => textEncoder.encode(token.slice(0, length)),
};
