import fc from 'fast-check';
import { AUTHORIZATION_FUZZ, type FuzzTokenSet } from './fuzz.js';

/** One character of a genuine token replaced (by `A`, `.`, `-` or `=`): almost valid, never accepted. */
function damagedToken(valid: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...valid), fc.nat(), fc.constantFrom('A', '.', '-', '='))
    .map(([token, at, char]) => `${token.slice(0, at % token.length)}${char}${token.slice((at % token.length) + 1)}`);
}

/**
 * Zero to three `Authorization` header lines made of odd schemes, separators, trailers and padding
 * around a genuine, damaged, attack-table or random token: the input of the adapters' fuzz properties.
 * Needs `fast-check` (an optional peer dependency of this package).
 *
 * @example
 * fc.assert(fc.asyncProperty(authorizationLines(await fuzzTokens(environment)), async (lines) => { ... }), fuzzSettings(300));
 */
export function authorizationLines(tokens: FuzzTokenSet): fc.Arbitrary<string[]> {
  const token = fc.oneof(
    fc.constantFrom(...tokens.valid),
    fc.constantFrom(...tokens.hostile),
    damagedToken(tokens.valid),
    fc.string({ maxLength: 120 }),
  );
  const { padding, schemes, separators, trailers } = AUTHORIZATION_FUZZ;
  const line = fc
    .tuple(
      fc.constantFrom(...padding),
      fc.constantFrom(...schemes),
      fc.constantFrom(...separators),
      token,
      fc.constantFrom(...trailers),
      fc.constantFrom(...padding),
    )
    .map((parts) => parts.join(''));
  return fc.array(line, { maxLength: 3 });
}
