/**
 * Nesting depth of JSON text, found by scanning (no recursion, no parse): deeply nested input is
 * refused before anything recursive (`JSON.stringify`, a formatter) can overflow the stack on it.
 */

/** Deepest nesting of arrays and objects accepted in a token's header or claims, or a request body. */
export const MAX_JSON_DEPTH = 32;

/** True when `text` opens more than `limit` arrays or objects inside each other (strings are skipped). */
export function nestsDeeperThan(text: string, limit: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** The nesting depth of an already-parsed value, walked with an explicit stack; stops once past `limit`. */
export function valueNestsDeeperThan(value: unknown, limit: number = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}
