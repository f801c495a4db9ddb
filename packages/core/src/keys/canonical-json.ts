/** Deeper than any JWK (an object of strings and string arrays): a stored value nested further is not a key set. */
const MAX_DEPTH = 8;

/** The value nests deeper than {@link MAX_DEPTH} or holds something JSON cannot carry. */
export class NotCanonicalizable extends Error {}

function write(value: unknown, depth: number, out: string[]): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    out.push(JSON.stringify(value));
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new NotCanonicalizable('a number that is not finite');
    out.push(JSON.stringify(value));
    return;
  }
  if (typeof value !== 'object' || depth >= MAX_DEPTH) throw new NotCanonicalizable('a value JSON cannot carry, or nested too deep');
  if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item, i) => {
      if (i > 0) out.push(',');
      write(item, depth + 1, out);
    });
    out.push(']');
    return;
  }
  const record = value as Readonly<Record<string, unknown>>;
  const names = Object.keys(record)
    .filter((name) => record[name] !== undefined)
    .sort();
  out.push('{');
  names.forEach((name, i) => {
    if (i > 0) out.push(',');
    out.push(JSON.stringify(name), ':');
    write(record[name], depth + 1, out);
  });
  out.push('}');
}

/**
 * One spelling for one JSON value: members sorted by name (UTF-16 order), no whitespace,
 * `undefined` members left out. Two instances that serialise the same entry get the same bytes,
 * whatever order their store or JSON parser kept. Throws {@link NotCanonicalizable}.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, 0, out);
  return out.join('');
}
