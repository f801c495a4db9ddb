import { describe, expect, it } from 'vitest';
import { isNonNegativeNumber, isOptionsObject, isPositiveNumber, numberOption, requireOptionsObject } from '../../src/store/index.js';

describe('option validators', () => {
  it('takes a non-null object as an options object and nothing else', () => {
    expect(isOptionsObject({})).toBe(true);
    for (const value of [null, undefined, 'a', 1, true]) expect(isOptionsObject(value)).toBe(false);
  });

  it('throws a TypeError with the caller’s own message when the options are not an object', () => {
    expect(() => requireOptionsObject(null, 'tokenward: thing needs an options object')).toThrow(
      new TypeError('tokenward: thing needs an options object'),
    );
    expect(() => requireOptionsObject({}, 'unused')).not.toThrow();
  });

  it('accepts zero as non-negative but not as positive', () => {
    expect(isNonNegativeNumber(0)).toBe(true);
    expect(isPositiveNumber(0)).toBe(false);
    expect(isPositiveNumber(0.5)).toBe(true);
  });

  it('refuses negative, non-finite and non-numeric values', () => {
    for (const value of [-1, Number.NaN, Number.POSITIVE_INFINITY, '5', null, undefined]) {
      expect(isNonNegativeNumber(value)).toBe(false);
      expect(isPositiveNumber(value)).toBe(false);
    }
  });

  it('refuses fractions when an integer is required and values above the maximum', () => {
    expect(isPositiveNumber(1.5, { integer: true })).toBe(false);
    expect(isPositiveNumber(2, { integer: true })).toBe(true);
    expect(isNonNegativeNumber(11, { max: 10 })).toBe(false);
    expect(isNonNegativeNumber(10, { max: 10 })).toBe(true);
  });

  it('answers the fallback for an absent numeric option and the value for a valid one', () => {
    expect(numberOption(undefined, 7, 'positive', 'unused')).toBe(7);
    expect(numberOption(0, 7, 'non-negative', 'unused')).toBe(0);
  });

  it('throws a TypeError with the caller’s own message for an invalid numeric option', () => {
    expect(() => numberOption(0, 7, 'positive', 'tokenward: timeoutMs must be a finite number greater than 0')).toThrow(
      new TypeError('tokenward: timeoutMs must be a finite number greater than 0'),
    );
  });
});
