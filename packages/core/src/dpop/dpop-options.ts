/** The verifier's `dpop` option, checked once at startup. */

import { isSupportedAlgorithm } from '../crypto/algorithms.js';
import { rejectUnknownOptions } from '../shared/options.js';
import type { DpopChallenge, DpopMode, DpopNonces, DpopOptions, DpopReplayStore, JwsAlgorithm } from '../shared/types.js';
import { htuOf } from './request-uri.js';
import { createMemoryDpopReplayStore } from './replay-store.js';

export const DEFAULT_DPOP_ALGORITHMS: readonly JwsAlgorithm[] = Object.freeze([
  'ES256',
  'ES384',
  'ES512',
  'PS256',
  'PS384',
  'PS512',
  'RS256',
  'RS384',
  'RS512',
  'EdDSA',
  'Ed25519',
]);
export const DEFAULT_DPOP_MAX_AGE_SEC = 300;
export const DEFAULT_DPOP_CLOCK_TOLERANCE_SEC = 5;

const DPOP_OPTIONS = ['mode', 'algorithms', 'maxAgeSec', 'clockToleranceSec', 'replayStore', 'nonces', 'origin'] as const;
const MODES: readonly DpopMode[] = ['allowed', 'required', 'off'];

/** The option as the verifier uses it; `undefined` for mode `'off'`. */
export interface CompiledDpop {
  readonly mode: 'allowed' | 'required';
  readonly algorithms: ReadonlySet<string>;
  readonly challenge: DpopChallenge;
  readonly maxAgeSec: number;
  readonly clockToleranceSec: number;
  readonly replayStore: DpopReplayStore;
  readonly nonces: DpopNonces | undefined;
  readonly origin: string | undefined;
}

const fail = (message: string): never => {
  throw new TypeError(`tokenward: dpop.${message}`);
};

function seconds(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    fail(`${name} must be a non-negative number, found ${String(value)}`);
  return value as number;
}

function algorithmsOf(value: unknown): readonly JwsAlgorithm[] {
  if (value === undefined) return DEFAULT_DPOP_ALGORITHMS;
  if (!Array.isArray(value) || value.length === 0) return fail('algorithms must be a non-empty array of algorithm names');
  for (const alg of value as unknown[]) {
    // Supported algorithms are asymmetric only, so HS256 and none are refused here.
    if (!isSupportedAlgorithm(alg)) fail(`algorithms: ${String(alg)} is not a supported asymmetric signature algorithm`);
  }
  return Object.freeze([...(value as JwsAlgorithm[])]);
}

function originOf(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return fail(`origin must be a string such as 'https://api.example.com', found ${typeof value}`);
  const htu = htuOf(value);
  if (htu === undefined || !htu.endsWith('/') || new URL(value).pathname !== '/' || /[?#]/.test(value)) {
    return fail(`origin must be an http(s) origin without path, query or fragment, such as 'https://api.example.com', found '${value}'`);
  }
  return new URL(value).origin;
}

function objectWith<T>(value: unknown, method: string, name: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || typeof (value as Record<string, unknown>)[method] !== 'function') {
    fail(`${name} must be an object with ${method}()`);
  }
  return value as T;
}

/** Checks `options.dpop`; a mistake is a `TypeError` at startup. */
export function compileDpop(options: DpopOptions | undefined, now: () => number): CompiledDpop | undefined {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    fail(`must be an object such as { mode: 'allowed' }, found ${Array.isArray(options) ? 'an array' : String(options)}`);
  }
  rejectUnknownOptions(options, DPOP_OPTIONS, 'createVerifier: dpop');
  const mode = options.mode ?? 'allowed';
  if (!MODES.includes(mode)) fail(`mode must be 'allowed', 'required' or 'off', found ${String(mode)}`);
  const algorithms = algorithmsOf(options.algorithms);
  const maxAgeSec = seconds(options.maxAgeSec, DEFAULT_DPOP_MAX_AGE_SEC, 'maxAgeSec');
  const clockToleranceSec = seconds(options.clockToleranceSec, DEFAULT_DPOP_CLOCK_TOLERANCE_SEC, 'clockToleranceSec');
  const replayStore = objectWith<DpopReplayStore>(options.replayStore, 'remember', 'replayStore');
  const nonces = objectWith<DpopNonces>(options.nonces, 'accepts', 'nonces');
  if (nonces !== undefined && typeof nonces.current !== 'function') fail('nonces must be an object with current() and accepts()');
  const origin = originOf(options.origin);
  if (mode === 'off') return undefined;
  return Object.freeze({
    mode,
    algorithms: new Set(algorithms),
    challenge: Object.freeze({ mode, algorithms }),
    maxAgeSec,
    clockToleranceSec,
    replayStore: replayStore ?? createMemoryDpopReplayStore({ now }),
    nonces,
    origin,
  });
}

/** What `verifier.dpop` says when DPoP is off. */
export const DPOP_OFF: DpopChallenge = Object.freeze({ mode: 'off', algorithms: Object.freeze([]) });
