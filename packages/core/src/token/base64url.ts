const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/**
 * Decodes unpadded base64url, or returns undefined when the input is not its canonical form: any
 * character outside the alphabet (padding, whitespace, `+`, `/`), an impossible length, or non-zero
 * unused bits in the last character. Rejecting non-canonical forms keeps one token to one encoding.
 */
export function decodeBase64Url(input: string): Uint8Array | undefined {
  const length = input.length;
  const remainder = length % 4;
  if (remainder === 1) return undefined;
  const out = new Uint8Array(Math.floor((length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let offset = 0;
  for (let i = 0; i < length; i++) {
    const code = input.charCodeAt(i);
    const value = code < 128 ? (VALUES[code] as number) : -1;
    if (value === -1) return undefined;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[offset++] = (buffer >> bits) & 0xff;
    }
  }
  if (bits > 0 && (buffer & ((1 << bits) - 1)) !== 0) return undefined;
  return out;
}
