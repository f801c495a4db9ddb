import { describe, expect, it } from 'vitest';
import { createVerifier, jwks, type Verifier, type VerifierOptions } from '../../src/index.js';
import { ANSWER_SETTING_RULES, defineAdapterOptions, type VerifierSource } from '../../src/adapter/index.js';

interface Settings {
  readonly realm?: string;
  readonly includeDescription?: boolean;
  readonly optional?: boolean;
  readonly mode?: 'reply' | 'throw';
  readonly onError?: 'respond' | 'next' | (() => void);
  readonly hook?: () => void;
}

const verifierOptions: VerifierOptions = {
  issuers: [jwks({ issuer: 'https://issuer.test', audience: 'api', jwksUri: 'https://issuer.test/keys' })],
};

function resolverCounting() {
  const created: VerifierOptions[] = [];
  const resolve = defineAdapterOptions<Settings>({
    adapter: 'demo',
    createVerifier: (options) => {
      created.push(options);
      return createVerifier(options);
    },
    settings: {
      ...ANSWER_SETTING_RULES,
      optional: 'boolean',
      mode: { oneOf: ['reply', 'throw'] },
      onError: { oneOf: ['respond', 'next'], orFunction: true },
      hook: 'function',
    },
  });
  return { resolve, created };
}

// Wrong values on purpose, past the types.
const loose = (options: unknown) => options as VerifierSource & Settings;

describe('defineAdapterOptions', () => {
  it('creates the verifier from the verifier options, without the adapter settings', () => {
    const { resolve, created } = resolverCounting();
    const { verifier } = resolve({ ...verifierOptions, realm: 'orders', optional: true });
    expect(verifier.issuers).toHaveLength(1);
    expect(created).toEqual([verifierOptions]);
  });

  it('takes a ready verifier as it is and creates none', () => {
    const { resolve, created } = resolverCounting();
    const verifier = createVerifier(verifierOptions);
    expect(resolve({ verifier }).verifier).toBe(verifier);
    expect(created).toEqual([]);
  });

  it("returns the settings as given, unset ones undefined, with the verifier's DPoP settings for the answer", () => {
    const { resolve } = resolverCounting();
    const hook = () => undefined;
    const resolved = resolve({ ...verifierOptions, realm: 'orders', mode: 'throw', hook });
    expect(resolved.settings).toEqual({
      realm: 'orders',
      includeDescription: undefined,
      optional: undefined,
      mode: 'throw',
      onError: undefined,
      hook,
      dpop: resolved.verifier.dpop,
    });
    expect(resolved.settings.dpop.mode).toBe('allowed');
  });

  it('resolves one options object once, so its routes share one verifier', () => {
    const { resolve, created } = resolverCounting();
    const options = { ...verifierOptions, realm: 'orders' };
    expect(resolve(options)).toBe(resolve(options));
    expect(created).toHaveLength(1);
  });

  it('gives an equal but distinct options object its own verifier', () => {
    const { resolve } = resolverCounting();
    expect(resolve({ ...verifierOptions }).verifier).not.toBe(resolve({ ...verifierOptions }).verifier);
  });

  it('freezes what it returns', () => {
    const { resolve } = resolverCounting();
    const resolved = resolve({ ...verifierOptions, realm: 'orders' });
    expect(Object.isFrozen(resolved)).toBe(true);
    expect(Object.isFrozen(resolved.settings)).toBe(true);
  });

  it.each([
    [undefined, 'tokenward: demo: options must be an object ({ issuers, ... } or { verifier, ... }), found undefined'],
    [null, 'tokenward: demo: options must be an object ({ issuers, ... } or { verifier, ... }), found null'],
    ['entra', "tokenward: demo: options must be an object ({ issuers, ... } or { verifier, ... }), found 'entra'"],
  ])('refuses options that are not an object (%s)', (options, message) => {
    expect(() => resolverCounting().resolve(loose(options))).toThrow(new TypeError(message));
  });

  it.each([
    [{ realm: 42 }, 'tokenward: demo: realm must be a string, found 42'],
    [{ includeDescription: 'no' }, "tokenward: demo: includeDescription must be a boolean, found 'no'"],
    [{ optional: 1 }, 'tokenward: demo: optional must be a boolean, found 1'],
    [{ mode: 'log' }, "tokenward: demo: mode must be 'reply' or 'throw', found 'log'"],
    [{ onError: 'throw' }, "tokenward: demo: onError must be 'respond', 'next' or a function, found 'throw'"],
    [{ onError: {} }, "tokenward: demo: onError must be 'respond', 'next' or a function, found an object"],
    [{ hook: true }, 'tokenward: demo: hook must be a function, found true'],
  ])('refuses a setting against its rule (%o)', (setting, message) => {
    expect(() => resolverCounting().resolve(loose({ ...verifierOptions, ...setting }))).toThrow(new TypeError(message));
  });

  it('refuses verifier options beside a verifier, naming them', () => {
    const verifier = createVerifier(verifierOptions);
    expect(() => resolverCounting().resolve(loose({ verifier, issuers: [], clockToleranceSec: 5, realm: 'x' }))).toThrow(
      new TypeError('tokenward: demo: give either a verifier or verifier options, found verifier and issuers, clockToleranceSec'),
    );
  });

  it.each([
    [{}, 'an object'],
    [null, 'null'],
    ['verifier', "'verifier'"],
  ])('refuses a verifier that is not one (%o)', (verifier, found) => {
    expect(() => resolverCounting().resolve(loose({ verifier }))).toThrow(
      new TypeError(`tokenward: demo: verifier must be a verifier from createVerifier(), found ${found}`),
    );
  });

  it("reports mistakes in the verifier options through the entry's createVerifier", () => {
    expect(() => resolverCounting().resolve(loose({ issuers: [], clockTolerance: 1 }))).toThrow(/unknown option 'clockTolerance'/);
  });

  it('does not keep a failed resolution: the same object fails again', () => {
    const { resolve } = resolverCounting();
    const options = loose({ ...verifierOptions, realm: 1 });
    expect(() => resolve(options)).toThrow(TypeError);
    expect(() => resolve(options)).toThrow(TypeError);
  });

  it('clips a long string it quotes', () => {
    expect(() => resolverCounting().resolve(loose({ ...verifierOptions, mode: 'x'.repeat(100) }))).toThrow(`found '${'x'.repeat(40)}…'`);
  });

  it('types the resolved verifier as a Verifier', () => {
    const resolved: Verifier = resolverCounting().resolve({ ...verifierOptions }).verifier;
    expect(typeof resolved.authenticate).toBe('function');
  });
});
