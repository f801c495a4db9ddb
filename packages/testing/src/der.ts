/**
 * A minimal DER encoder: just the ASN.1 types an X.509 v3 certificate needs.
 * Every function returns one complete TLV.
 */
import { concatBytes, utf8, type Bytes } from './encoding.js';

function encodeLength(length: number): Bytes {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export function tlv(tag: number, content: Uint8Array): Bytes {
  return concatBytes([Uint8Array.of(tag), encodeLength(content.length), content]);
}

export function sequence(...items: Uint8Array[]): Bytes {
  return tlv(0x30, concatBytes(items));
}

export function set(...items: Uint8Array[]): Bytes {
  return tlv(0x31, concatBytes(items));
}

/** A non-negative INTEGER from big-endian magnitude bytes (minimal form, sign byte added when needed). */
export function unsignedInteger(magnitude: Uint8Array): Bytes {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  const first = trimmed[0] ?? 0;
  return tlv(0x02, first >= 0x80 ? concatBytes([Uint8Array.of(0), trimmed]) : trimmed.length ? trimmed : Uint8Array.of(0));
}

export function smallInteger(value: number): Bytes {
  if (!Number.isInteger(value) || value < 0 || value > 0x7fffffff) throw new RangeError('smallInteger takes 0..2^31-1');
  const bytes: number[] = [];
  for (let n = value; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return unsignedInteger(Uint8Array.from(bytes.length ? bytes : [0]));
}

export function boolean(value: boolean): Bytes {
  return tlv(0x01, Uint8Array.of(value ? 0xff : 0x00));
}

export function nullValue(): Bytes {
  return Uint8Array.of(0x05, 0x00);
}

export function objectIdentifier(dotted: string): Bytes {
  const arcs = dotted.split('.').map((arc) => {
    if (!/^\d+$/.test(arc)) throw new RangeError(`invalid OID ${dotted}`);
    return Number(arc);
  });
  const [first, second, ...rest] = arcs;
  if (first === undefined || second === undefined || first > 2 || (first < 2 && second > 39)) throw new RangeError(`invalid OID ${dotted}`);
  const bytes: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    const groups = [arc & 0x7f];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) groups.unshift((n & 0x7f) | 0x80);
    bytes.push(...groups);
  }
  return tlv(0x06, Uint8Array.from(bytes));
}

export function bitString(bytes: Uint8Array, unusedBits = 0): Bytes {
  return tlv(0x03, concatBytes([Uint8Array.of(unusedBits), bytes]));
}

export function octetString(bytes: Uint8Array): Bytes {
  return tlv(0x04, bytes);
}

export function utf8String(text: string): Bytes {
  return tlv(0x0c, utf8(text));
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, always UTC with seconds. */
export function time(date: Date): Bytes {
  const year = date.getUTCFullYear();
  const rest = `${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  return year < 2050 ? tlv(0x17, utf8(`${pad(year % 100)}${rest}`)) : tlv(0x18, utf8(`${pad(year, 4)}${rest}`));
}

/** `[n] EXPLICIT`: a constructed context-specific tag around one element. */
export function explicit(tagNumber: number, content: Uint8Array): Bytes {
  return tlv(0xa0 | tagNumber, content);
}
