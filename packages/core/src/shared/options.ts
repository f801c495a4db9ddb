/** Misspelt option names would otherwise silently drop a setting or a requirement. */
export function rejectUnknownOptions(options: object, known: readonly string[], caller: string): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new TypeError(`tokenward: ${caller}: unknown option '${key}' (expected one of ${known.join(', ')})`);
  }
}

/** A non-null object: what every `create…(options)` needs before reading a field of it. */
/** One string as a list of one, or an array of strings as it is; `undefined` for anything else. */
export function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return undefined;
}

export function isOptionsObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** Throws `TypeError(message)` unless `value` is an options object; each caller keeps its own wording. */
export function requireOptionsObject(value: unknown, message: string): asserts value is object {
  if (!isOptionsObject(value)) throw new TypeError(message);
}

export interface NumberBounds {
  /** Only whole numbers pass. */
  readonly integer?: boolean;
  /** The largest value that passes. */
  readonly max?: number;
}

function withinBounds(value: number, bounds: NumberBounds): boolean {
  return (bounds.integer !== true || Number.isInteger(value)) && (bounds.max === undefined || value <= bounds.max);
}

/** A finite number ≥ 0 (NaN, ±Infinity and non-numbers fail). */
export function isNonNegativeNumber(value: unknown, bounds: NumberBounds = {}): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && withinBounds(value, bounds);
}

/** A finite number > 0 (NaN, ±Infinity and non-numbers fail). */
export function isPositiveNumber(value: unknown, bounds: NumberBounds = {}): value is number {
  return isNonNegativeNumber(value, bounds) && value > 0;
}

/**
 * An optional numeric option: `fallback` when absent, else the value if it is a finite number
 * > 0 (`'positive'`) or ≥ 0 (`'non-negative'`), else `TypeError(message)`.
 */
export function numberOption(
  value: unknown,
  fallback: number,
  rule: 'positive' | 'non-negative',
  message: string,
  bounds: NumberBounds = {},
): number {
  if (value === undefined) return fallback;
  const valid = rule === 'positive' ? isPositiveNumber(value, bounds) : isNonNegativeNumber(value, bounds);
  if (!valid) throw new TypeError(message);
  return value as number;
}
