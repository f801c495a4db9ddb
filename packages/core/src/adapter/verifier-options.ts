/**
 * One adapter's options, resolved once per options object: its own settings checked against a table of
 * rules, and the verifier it was given or one created from the verifier options beside them.
 */

import { compileTokenLocation } from '../rfc6750/token-location-option.js';
import type { AuthenticateOptions, DpopChallenge, TokenLocation, VerifierOptions } from '../shared/types.js';
import type { Verifier } from '../verify/verifier.js';

/** What an adapter is configured with: a ready verifier, or the options to create one. */
export type VerifierSource = VerifierOptions | { readonly verifier: Verifier };

/**
 * What one adapter setting may be: a value of a type, one of some strings, or (with `orFunction`) also a
 * function; `'tokenLocation'` is checked as core checks the verifier's `tokenLocation`.
 */
export type SettingRule =
  'string' | 'boolean' | 'function' | 'tokenLocation' | { readonly oneOf: readonly string[]; readonly orFunction?: boolean };

/** The adapter: its name in messages, the entry's `createVerifier`, and a rule for each of its settings. */
export interface AdapterOptionsSpec<Settings extends object> {
  readonly adapter: string;
  readonly createVerifier: (options: VerifierOptions) => Verifier;
  readonly settings: { readonly [Name in keyof Settings]-?: SettingRule };
}

/**
 * What the adapter works with: the verifier, and its settings as given (unset ones `undefined`) with
 * the verifier's `dpop`, so `answerFailure(error, settings)` offers the DPoP challenge it accepts.
 */
export interface ResolvedAdapterOptions<Settings extends object> {
  readonly verifier: Verifier;
  readonly settings: Readonly<Settings> & { readonly dpop: DpopChallenge };
  /** What to pass `authenticate` on every call: the `tokenLocation` setting, or `undefined` when it is not set. */
  readonly authenticateOptions: AuthenticateOptions | undefined;
}

/**
 * Returns the adapter's resolver. A mistake is a `TypeError` naming the adapter and saying what was
 * expected and found, thrown when the options are first resolved (at startup), never per request. The
 * same options object resolves to the same result, so every route given it shares one verifier and key
 * cache.
 *
 * @example
 * const resolve = defineAdapterOptions<MySettings>({ adapter: 'koa', createVerifier, settings: { realm: 'string', optional: 'boolean' } });
 * const { verifier, settings } = resolve(options);
 */
export function defineAdapterOptions<Settings extends object>(
  spec: AdapterOptionsSpec<Settings>,
): (options: VerifierSource & Settings) => ResolvedAdapterOptions<Settings> {
  const rules = Object.entries(spec.settings) as [string, SettingRule][];
  const names = new Set(rules.map(([name]) => name));
  const resolved = new WeakMap<object, ResolvedAdapterOptions<Settings>>();
  const fail = (message: string): never => {
    throw new TypeError(`tokenward: ${spec.adapter}: ${message}`);
  };

  return (options) => {
    if (typeof options !== 'object' || options === null) {
      fail(`options must be an object ({ issuers, ... } or { verifier, ... }), found ${describe(options)}`);
    }
    const known = resolved.get(options);
    if (known !== undefined) return known;
    const given = options as unknown as Record<string, unknown>;
    for (const [name, rule] of rules) {
      const value = given[name];
      if (rule === 'tokenLocation') compileTokenLocation(value, spec.adapter);
      else if (value !== undefined && !follows(rule, value)) fail(`${name} must be ${allowed(rule)}, found ${describe(value)}`);
    }
    const rest = Object.fromEntries(Object.entries(given).filter(([name]) => !names.has(name)));
    const verifier = verifierOf(rest, spec.createVerifier, fail);
    const settings = Object.freeze({
      ...Object.fromEntries(rules.map(([name]) => [name, given[name]])),
      // A verifier from before DPoP (another build) has none: Bearer only.
      dpop: verifier.dpop ?? { mode: 'off', algorithms: [] },
    }) as unknown as Readonly<Settings> & { readonly dpop: DpopChallenge };
    const tokenLocation = (settings as { tokenLocation?: TokenLocation }).tokenLocation;
    const result = Object.freeze({
      verifier,
      settings,
      authenticateOptions: tokenLocation === undefined ? undefined : Object.freeze({ tokenLocation }),
    });
    resolved.set(options, result);
    return result;
  };
}

function verifierOf(
  rest: Record<string, unknown>,
  createVerifier: (options: VerifierOptions) => Verifier,
  fail: (message: string) => never,
): Verifier {
  if (!('verifier' in rest)) return createVerifier(rest as unknown as VerifierOptions);
  // Verifier options beside a ready verifier would be silently ignored.
  const extra = Object.keys(rest).filter((name) => name !== 'verifier');
  if (extra.length > 0) fail(`give either a verifier or verifier options, found verifier and ${extra.join(', ')}`);
  const verifier = rest.verifier as Partial<Verifier> | null;
  if (
    typeof verifier !== 'object' ||
    verifier === null ||
    typeof verifier.authenticate !== 'function' ||
    typeof verifier.authenticateIfPresent !== 'function'
  ) {
    fail(`verifier must be a verifier from createVerifier(), found ${describe(verifier)}`);
  }
  return verifier as Verifier;
}

function follows(rule: Exclude<SettingRule, 'tokenLocation'>, value: unknown): boolean {
  if (typeof rule === 'string') return typeof value === rule;
  return (typeof value === 'string' && rule.oneOf.includes(value)) || (rule.orFunction === true && typeof value === 'function');
}

function allowed(rule: Exclude<SettingRule, 'tokenLocation'>): string {
  if (typeof rule === 'string') return `a ${rule}`;
  const words = [...rule.oneOf.map((word) => `'${word}'`), ...(rule.orFunction === true ? ['a function'] : [])];
  return words.length === 1 ? (words[0] as string) : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1] as string}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  return String(value);
}
