/**
 * One verification as a list of steps over its state. Each step is plain code that may answer with a
 * thenable (a key fetch, WebCrypto, a user's async check); the runner stays synchronous until one
 * does and awaits from there on, so a verification with a cached key on node:crypto costs no promise
 * per step, and no step has to branch on "value or promise" itself.
 */

import { isPromiseLike } from '../shared/promise-like.js';
import type { CompiledIssuer } from './issuer-registry.js';
import type { ResolvedKey } from '../keys/index.js';
import type { ParsedToken } from '../token/parse-token.js';
import type { CheckContext, JwsAlgorithm, JwtClaims, JwtHeader, VerifiedToken, VerifyOptions } from '../shared/types.js';

/** A step: what it answers is ignored, except that a thenable is awaited (and its rejection fails the run). */
export type Step = (run: VerificationRun) => unknown;

/** The state of one verification. Every field exists from the start, so every run has one shape. */
export class VerificationRun {
  /** The signed token; unset on a run that re-checks a cached verification. */
  parsed: ParsedToken | undefined = undefined;
  /** The key that verified the signature (set by the signature step). */
  key: ResolvedKey | undefined = undefined;
  /** The backend's key a cached verification was made with, and whether it is no longer the issuer's. */
  cachedKey: unknown = undefined;
  stale = false;
  nowSec = 0;
  result: VerifiedToken | undefined = undefined;
  private checkContext: CheckContext | undefined = undefined;

  constructor(
    readonly token: string,
    readonly options: VerifyOptions | undefined,
    readonly header: JwtHeader,
    readonly claims: JwtClaims,
    readonly issuer: CompiledIssuer,
    readonly kid: string | undefined,
    readonly alg: JwsAlgorithm,
  ) {}

  /** What claim checks receive, made once per run and only for a run that has checks. */
  context(): CheckContext {
    this.checkContext ??= {
      header: this.header,
      issuer: this.issuer.config,
      nowSec: this.nowSec,
      clockToleranceSec: this.issuer.rules.clockToleranceSec,
    };
    return this.checkContext;
  }
}

/** Runs `steps` in order; stops early when a step marks the run stale. */
export function runSteps(steps: readonly Step[], run: VerificationRun, from = 0): void | Promise<void> {
  for (let index = from; index < steps.length && !run.stale; index++) {
    const outcome = (steps[index] as Step)(run);
    if (isPromiseLike(outcome)) return Promise.resolve(outcome).then(() => runSteps(steps, run, index + 1));
  }
}
