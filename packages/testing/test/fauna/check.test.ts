/** The typechecker of the local Fauna, on the rules the core applies to nullable values. */
import { describe, expect, it } from 'vitest';
import { display, FqlTypeError, typecheckQuery } from '../../src/fauna/fql/check.js';
import { parseQuery } from '../../src/fauna/fql/parse.js';

const schema = { collectionIndexes: (name: string) => (name === 'Customer' ? new Set(['byIdentity']) : undefined) };
const typeOf = (text: string, args: readonly unknown[] = []) => display(typecheckQuery(text, parseQuery(text), schema, args));
const refusal = (text: string): string => {
  try {
    typecheckQuery(text, parseQuery(text), schema, []);
  } catch (error) {
    if (error instanceof FqlTypeError) return error.message;
    throw error;
  }
  throw new Error('expected a type error');
};

describe('typecheckQuery', () => {
  it('types `.first()` of an index as nullable', () => {
    expect(typeOf('Customer.byIdentity("a").first()')).toBe('Customer | Null');
  });

  it('types `.where(..).first()` as nullable', () => {
    expect(typeOf('Customer.byIdentity("a").where(c => c.active).first()')).toBe('Customer | Null');
  });

  it('does not narrow through if/else', () => {
    expect(typeOf('let e = Customer.byIdentity("a").first()\nif (e == null) Customer.create({}) else e')).toBe('Customer | Null');
  });

  it('removes Null with `??` and with `!`', () => {
    expect(typeOf('Customer.byIdentity("a").first() ?? Customer.create({})')).toBe('Customer');
    expect(typeOf('Customer.byIdentity("a").first()!')).toBe('Customer');
  });

  it('keeps Null through `?.` without refusing', () => {
    expect(typeOf('Customer.byIdentity("a").first()?.id')).toBe('String | Null');
  });

  it("refuses a field of a nullable value with the core's message", () => {
    expect(refusal('Customer.byIdentity("a").first().id')).toBe('Type `Null` does not have field `id`');
  });

  it('refuses an index the collection does not have', () => {
    expect(refusal('Customer.byEmail("a")')).toBe('Type `CustomerCollection` does not have field `byEmail`');
  });

  it('types Time.now().add(n, unit) as Time, and interpolated arguments by their value', () => {
    expect(typeOf('Time.now().add($0, "seconds")', [60])).toBe('Time');
    expect(typeOf('$0 + 1', [2])).toBe('Int');
  });
});
