const MAX_LISTED = 10;
const MAX_VALUE_LENGTH = 80;

/** A value from a token or config, shortened so an attacker-sized claim cannot bloat a message. */
export function formatValue(value: string): string {
  return value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH)}…` : value;
}

/** `[a b c]`, shortened for long lists, or `none`. */
export function formatList(values: readonly string[]): string {
  if (values.length === 0) return 'none';
  const shown = values.slice(0, MAX_LISTED).map(formatValue).join(' ');
  return values.length > MAX_LISTED ? `[${shown} … ${values.length - MAX_LISTED} more]` : `[${shown}]`;
}
