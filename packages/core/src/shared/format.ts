const MAX_LISTED = 10;
const MAX_VALUE_LENGTH = 80;

/**
 * What must not reach a log line or terminal as it is (CWE-117): C0 and C1 controls, DEL, the line and
 * paragraph separators, the bidi embeddings, overrides and isolates, and lone surrogates.
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const UNSAFE_TEST = new RegExp(UNSAFE.source);
const ESCAPE_LENGTH = '\\u0000'.length;

function escapeChar(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Text from a token (or anything else untrusted) made fit for an error: every unsafe character written
 * as `\uXXXX`, then clipped to `maxLength` characters (plus `…`), never inside an escape or between the
 * halves of a surrogate pair. Safe to apply twice. Every error's message and fields go through it.
 */
export function safeText(value: string, maxLength: number): string {
  // Escaping only lengthens: the first maxLength + 1 characters decide the result.
  const head = value.length > maxLength + 1 ? value.slice(0, maxLength + 1) : value;
  const escaped = UNSAFE_TEST.test(head) ? head.replace(UNSAFE, escapeChar) : head;
  if (escaped.length <= maxLength && head.length === value.length) return escaped;
  let end = Math.min(maxLength, escaped.length);
  const escape = escaped.lastIndexOf('\\u', end - 1);
  if (escape !== -1 && escape + ESCAPE_LENGTH > end && /^\\u[0-9a-f]{4}/.test(escaped.slice(escape))) end = escape;
  const last = escaped.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${escaped.slice(0, end)}…`;
}

/** A value from a token or config, escaped and shortened so an attacker-sized claim cannot bloat a message. */
export function formatValue(value: string): string {
  return safeText(value, MAX_VALUE_LENGTH);
}

/** The JSON type of a value that has the wrong one, for `found`: `a number`, `an array`, `null`. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** `[a b c]`, shortened for long lists, or `none`. */
export function formatList(values: readonly string[]): string {
  if (values.length === 0) return 'none';
  const shown = values.slice(0, MAX_LISTED).map(formatValue).join(' ');
  return values.length > MAX_LISTED ? `[${shown} … ${values.length - MAX_LISTED} more]` : `[${shown}]`;
}
