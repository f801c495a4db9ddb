/**
 * The driver's wire format (FQL v10 `/query/1`): `{ query: { fql: [...] }, arguments? }` requests whose
 * interpolated values are `{ value }`, `{ object }`, `{ array }` or nested `{ fql }` fragments, and the
 * tagged value format (`@int`, `@long`, `@double`, `@time`, `@date`, `@mod`, `@doc`, `@ref`, `@object`) both ways.
 */

/** A Fauna `Time` (ISO 8601, UTC). */
export class FaunaTime {
  constructor(readonly iso: string) {}
  get ms(): number {
    return Date.parse(this.iso);
  }
  static fromMs(ms: number): FaunaTime {
    return new FaunaTime(new Date(ms).toISOString());
  }
}

/** A module (a collection or system collection) such as `Customer` or `Token`. */
export class FaunaModule {
  constructor(readonly name: string) {}
}

/** A stored document as the server answers it (`@doc`). */
export class FaunaDoc {
  constructor(
    readonly coll: string,
    readonly id: string,
    readonly ts: FaunaTime,
    readonly fields: Readonly<Record<string, FaunaValue>>,
  ) {}
}

/** A reference to a document (`@ref`). */
export class FaunaRef {
  constructor(
    readonly coll: string,
    readonly id: string,
  ) {}
}

export type FaunaValue =
  | null
  | string
  | number
  | boolean
  | FaunaTime
  | FaunaModule
  | FaunaDoc
  | FaunaRef
  | readonly FaunaValue[]
  | { readonly [key: string]: FaunaValue };

/** Thrown for a request the real service would refuse as `invalid_request` (400). */
export class WireError extends Error {}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const INT32 = 2 ** 31;

/** Decodes one tagged value from a request (arguments and `{ value }` fragments). */
export function decodeTagged(value: unknown): FaunaValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) return value.map(decodeTagged);
  if (!isPlainObject(value)) throw new WireError(`unsupported value ${typeof value}`);
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0]?.startsWith('@')) {
    const tag = keys[0];
    const inner = value[tag];
    switch (tag) {
      case '@int':
      case '@long':
      case '@double': {
        const number = Number(inner);
        if (typeof inner !== 'string' || Number.isNaN(number)) throw new WireError(`${tag} needs a numeric string`);
        return number;
      }
      case '@time':
      case '@date':
        if (typeof inner !== 'string' || Number.isNaN(Date.parse(inner))) throw new WireError(`${tag} needs an ISO 8601 string`);
        return new FaunaTime(new Date(inner).toISOString());
      case '@mod':
        if (typeof inner !== 'string') throw new WireError('@mod needs a name');
        return new FaunaModule(inner);
      case '@ref': {
        const ref = inner as { id?: unknown; coll?: { '@mod'?: unknown } } | null;
        if (typeof ref?.id !== 'string' || typeof ref.coll?.['@mod'] !== 'string') throw new WireError('@ref needs { id, coll: { @mod } }');
        return new FaunaRef(ref.coll['@mod'], ref.id);
      }
      case '@object':
        if (!isPlainObject(inner)) throw new WireError('@object needs an object');
        return Object.fromEntries(Object.entries(inner).map(([k, v]) => [k, decodeTagged(v)]));
      default:
        throw new WireError(`unsupported tag ${tag}`);
    }
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeTagged(v)]));
}

/** A query as text with `$0`, `$1`, … where values were interpolated, and the decoded values. */
export interface DecodedQuery {
  readonly text: string;
  /** The text as sent (line breaks kept), for the parser and its error positions. */
  readonly source: string;
  readonly args: readonly FaunaValue[];
}

function decodeInterpolation(fragment: unknown, args: FaunaValue[]): string {
  if (typeof fragment === 'string') return fragment;
  if (!isPlainObject(fragment)) throw new WireError('a query fragment must be a string or an object');
  if ('fql' in fragment) {
    if (!Array.isArray(fragment.fql)) throw new WireError('fql must be an array');
    return fragment.fql.map((part) => decodeInterpolation(part, args)).join('');
  }
  args.push(decodeValueFragment(fragment));
  return `$${args.length - 1}`;
}

function decodeValueFragment(fragment: Record<string, unknown>): FaunaValue {
  if ('value' in fragment) return decodeTagged(fragment.value);
  if ('object' in fragment && isPlainObject(fragment.object)) {
    return Object.fromEntries(Object.entries(fragment.object).map(([k, v]) => [k, decodeValueFragment(asFragment(v))]));
  }
  if ('array' in fragment && Array.isArray(fragment.array)) return fragment.array.map((v) => decodeValueFragment(asFragment(v)));
  throw new WireError('a query fragment must be { fql }, { value }, { object } or { array }');
}

function asFragment(value: unknown): Record<string, unknown> {
  if (!isPlainObject(value) || 'fql' in value) throw new WireError('queries nested in values are not supported');
  return value;
}

/** Reads the request body of `/query/1`. Whitespace runs in the text become one space. */
export function decodeQueryRequest(body: string): DecodedQuery {
  let request: unknown;
  try {
    request = JSON.parse(body);
  } catch {
    throw new WireError('the request body is not JSON');
  }
  if (!isPlainObject(request) || request.query === undefined) throw new WireError('the request has no query');
  const args: FaunaValue[] = [];
  const text = typeof request.query === 'string' ? request.query : decodeInterpolation(request.query, args);
  if (request.arguments !== undefined && !isPlainObject(request.arguments)) throw new WireError('arguments must be an object');
  return { text: text.replace(/\s+/g, ' ').trim(), source: text, args };
}

/** Encodes a value in the tagged format the driver decodes. */
export function encodeTagged(value: FaunaValue): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return { '@double': String(value) };
    return Math.abs(value) < INT32 ? { '@int': String(value) } : { '@long': String(value) };
  }
  if (value instanceof FaunaTime) return { '@time': value.iso };
  if (value instanceof FaunaModule) return { '@mod': value.name };
  if (value instanceof FaunaRef) return { '@ref': { id: value.id, coll: { '@mod': value.coll } } };
  if (value instanceof FaunaDoc) {
    const fields = Object.fromEntries(Object.entries(value.fields).map(([k, v]) => [k, encodeTagged(v)]));
    return { '@doc': { id: value.id, coll: { '@mod': value.coll }, ts: { '@time': value.ts.iso }, ...fields } };
  }
  if (Array.isArray(value)) return value.map(encodeTagged);
  const entries = Object.entries(value as Record<string, FaunaValue>);
  const encoded = Object.fromEntries(entries.map(([k, v]) => [k, encodeTagged(v)]));
  return entries.some(([k]) => k.startsWith('@')) ? { '@object': encoded } : encoded;
}
