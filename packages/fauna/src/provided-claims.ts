/** The claims `extraClaims` returns, checked at run time against what Entra accepts from a claims provider. */

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** Why `claims` is not what Entra accepts (non-empty names; String or String-array values), or `undefined`. */
export function invalidClaims(claims: unknown): string | undefined {
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims))
    return `extraClaims must return an object of claims, found ${kindOf(claims)}`;
  for (const [name, value] of Object.entries(claims)) {
    if (name.trim() === '') return 'extraClaims returned a claim without a name: claim names must be non-empty';
    if (typeof value === 'string') continue;
    if (Array.isArray(value)) {
      const wrong = value.find((item) => typeof item !== 'string');
      if (wrong === undefined) continue;
      return `extraClaims returned claim ${JSON.stringify(name.slice(0, 100))}: expected a String or an array of Strings, found an array with ${kindOf(wrong)}`;
    }
    return `extraClaims returned claim ${JSON.stringify(name.slice(0, 100))}: expected a String or an array of Strings, found ${kindOf(value)}`;
  }
  return undefined;
}
