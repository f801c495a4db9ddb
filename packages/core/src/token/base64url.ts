const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Sextet of each ASCII code, -1 outside the alphabet: OR-ing a -1 into a group makes it negative. */
export const SEXTETS = new Int32Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) SEXTETS[ALPHABET.charCodeAt(i)] = i;

/**
 * Decodes unpadded base64url, or returns undefined when the input is not its canonical form: any
 * character outside the alphabet (padding, whitespace, `+`, `/`), an impossible length, or non-zero
 * unused bits in the last character. Rejecting non-canonical forms keeps one token to one encoding.
 * Four characters at a time: this runs over every byte of every token.
 */
export function decodeBase64Url(input: string): Uint8Array | undefined {
  const length = input.length;
  const remainder = length & 3;
  if (remainder === 1) return undefined;
  const full = length - remainder;
  const out = new Uint8Array((full >> 2) * 3 + (remainder === 0 ? 0 : remainder - 1));
  const values = SEXTETS;
  let offset = 0;
  for (let i = 0; i < full; i += 4) {
    const a = input.charCodeAt(i);
    const b = input.charCodeAt(i + 1);
    const c = input.charCodeAt(i + 2);
    const d = input.charCodeAt(i + 3);
    if ((a | b | c | d) > 127) return undefined;
    const group = ((values[a] as number) << 18) | ((values[b] as number) << 12) | ((values[c] as number) << 6) | (values[d] as number);
    if (group < 0) return undefined;
    out[offset] = group >>> 16;
    out[offset + 1] = (group >>> 8) & 0xff;
    out[offset + 2] = group & 0xff;
    offset += 3;
  }
  if (remainder === 0) return out;
  const a = input.charCodeAt(full);
  const b = input.charCodeAt(full + 1);
  const c = remainder === 3 ? input.charCodeAt(full + 2) : 65; // 'A': zero bits
  if ((a | b | c) > 127) return undefined;
  const group = ((values[a] as number) << 12) | ((values[b] as number) << 6) | (values[c] as number);
  if (group < 0) return undefined;
  if (remainder === 2) {
    // Two characters carry one byte: the low 4 bits of the second must be zero.
    if (((group >>> 6) & 0xf) !== 0) return undefined;
    out[offset] = group >>> 10;
    return out;
  }
  // Three characters carry two bytes: the low 2 bits of the third must be zero.
  if ((group & 0x3) !== 0) return undefined;
  out[offset] = group >>> 10;
  out[offset + 1] = (group >>> 2) & 0xff;
  return out;
}

/** Bytes to unpadded base64url: the one form {@link decodeBase64Url} accepts. */
export function encodeBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const group = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out +=
      ALPHABET.charAt(group >>> 18) +
      ALPHABET.charAt((group >>> 12) & 63) +
      ALPHABET.charAt((group >>> 6) & 63) +
      ALPHABET.charAt(group & 63);
  }
  const rest = bytes.length - i;
  if (rest === 0) return out;
  const group = ((bytes[i] as number) << 16) | (rest === 2 ? (bytes[i + 1] as number) << 8 : 0);
  out += ALPHABET.charAt(group >>> 18) + ALPHABET.charAt((group >>> 12) & 63);
  return rest === 2 ? out + ALPHABET.charAt((group >>> 6) & 63) : out;
}
