import { describe, expect, it } from 'vitest';
import * as der from '../src/der.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('DER encoder', () => {
  it('encodes short and long lengths', () => {
    expect(hex(der.octetString(new Uint8Array(3)))).toBe('0403000000');
    expect(hex(der.octetString(new Uint8Array(200))).slice(0, 6)).toBe('0481c8');
    expect(hex(der.octetString(new Uint8Array(300))).slice(0, 8)).toBe('0482012c');
  });

  it('encodes object identifiers with base-128 arcs', () => {
    expect(hex(der.objectIdentifier('1.2.840.113549.1.1.11'))).toBe('06092a864886f70d01010b');
    expect(hex(der.objectIdentifier('2.5.4.3'))).toBe('0603550403');
  });

  it('encodes integers in minimal two’s-complement form', () => {
    expect(hex(der.smallInteger(0))).toBe('020100');
    expect(hex(der.smallInteger(2))).toBe('020102');
    expect(hex(der.smallInteger(128))).toBe('02020080');
    expect(hex(der.unsignedInteger(Uint8Array.of(0, 0, 0x7f)))).toBe('02017f');
    expect(hex(der.unsignedInteger(Uint8Array.of(0xff)))).toBe('020200ff');
  });

  it('encodes UTCTime through 2049 and GeneralizedTime from 2050', () => {
    expect(Buffer.from(der.time(new Date(Date.UTC(2049, 11, 31, 23, 59, 59)))).toString('latin1')).toBe('\x17\x0d491231235959Z');
    expect(Buffer.from(der.time(new Date(Date.UTC(2050, 0, 1)))).toString('latin1')).toBe('\x18\x0f20500101000000Z');
  });

  it('encodes NULL, BOOLEAN, BIT STRING and explicit tags', () => {
    expect(hex(der.nullValue())).toBe('0500');
    expect(hex(der.boolean(true))).toBe('0101ff');
    expect(hex(der.bitString(Uint8Array.of(0x80), 7))).toBe('03020780');
    expect(hex(der.explicit(3, der.sequence()))).toBe('a3023000');
  });
});
