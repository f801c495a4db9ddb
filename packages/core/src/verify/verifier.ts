import { extractBearerToken, extractDpopToken } from '../rfc6750/bearer.js';
import { extractRequestToken } from '../rfc6750/token-location.js';
import { compileDpop, DPOP_OFF } from '../dpop/dpop-options.js';
import { markDpopScheme, offerDpopChallenge } from '../shared/dpop-scheme.js';
import { createDpopAuthentication } from '../dpop/dpop-authentication.js';
import { compileTokenLocation, type CompiledTokenLocation } from '../rfc6750/token-location-option.js';
import {
  DpopRequiredError,
  isTokenwardError,
  MultipleTokensError,
  TokenMissingError,
  TokenRevokedError,
  toTokenwardError,
  type TokenwardErrorUnion,
} from '../shared/errors.js';
import { createIssuerRegistry, type CompiledIssuer } from './issuer-registry.js';
import { verifySignature, type SignatureCheck } from './check-signature.js';
import { runSteps, VerificationRun, type Step } from './verification-run.js';
import { createKeyResolver, resolveJwksOptions, type ResolvedKey } from '../keys/index.js';
import { buildPrincipal } from './principal.js';
import { foundIn, VerifiedResult } from './verified-result.js';
import { checkClaimRules, runChecks } from './check-claims.js';
import { numberOption, rejectUnknownOptions, requireOptionsObject } from '../shared/options.js';
import { isPromiseLike } from '../shared/promise-like.js';
import { parseToken, type ParsedToken } from '../token/parse-token.js';
import { createTokenCache, freezeResult, type CachedToken } from './token-cache.js';
import type { Platform } from '../platform/platform.js';
import { createObserver, elapsedSince, startTimer } from '../observe/events.js';
import type {
  AuthenticateOptions,
  DpopChallenge,
  HeadersInput,
  IssuerConfig,
  JwsAlgorithm,
  JwtClaims,
  RevocationList,
  SignatureBackend,
  VerifiedToken,
  VerifierOptions,
  VerifyOptions,
} from '../shared/types.js';

export interface Verifier {
  /**
   * Verifies a compact JWS access token against the configured issuers.
   * Rejects only with tokenward errors (`error.code`, `error.status`).
   */
  verify<Claims extends JwtClaims = JwtClaims>(token: string, options?: VerifyOptions): Promise<VerifiedToken<Claims>>;
  /**
   * Reads exactly one token from the request (its Authorization header, and the cookie or query
   * parameter `tokenLocation` names) and verifies it.
   */
  authenticate<Claims extends JwtClaims = JwtClaims>(request: HeadersInput, options?: AuthenticateOptions): Promise<VerifiedToken<Claims>>;
  /**
   * Like `authenticate`, for routes that work with or without a user: resolves `undefined` when the
   * request carries no Bearer credential at all. A credential that is present but bad still rejects.
   */
  authenticateIfPresent<Claims extends JwtClaims = JwtClaims>(
    request: HeadersInput,
    options?: AuthenticateOptions,
  ): Promise<VerifiedToken<Claims> | undefined>;
  /** Fetches every issuer's keys now, so the first request does not wait. */
  warm(): Promise<void>;
  readonly issuers: readonly IssuerConfig[];
  /** Name of the signature backend in use: `'node:crypto'` on Node (the `node` export condition), else `'webcrypto'`. */
  readonly signatureBackend: string;
  /** The DPoP mode and proof algorithms, for the answer's challenges: `toErrorResponse(error, { dpop: verifier.dpop })`. */
  readonly dpop: DpopChallenge;
}

const VERIFIER_OPTIONS = [
  'issuers',
  'clockToleranceSec',
  'maxTokenBytes',
  'jwks',
  'now',
  'signatureBackend',
  'revocation',
  'tokenCache',
  'tokenLocation',
  'onEvent',
  'dpop',
] as const;

/** Set on the options of the verification behind a DPoP request: its proof is checked after it. */
const VIA_DPOP = Symbol('tokenward.via-dpop');
type InternalVerifyOptions = VerifyOptions & { readonly [VIA_DPOP]?: true };

/** A token `authenticate` found somewhere other than the Authorization header. */
interface LocatedToken {
  readonly token: string;
  readonly location: 'cookie' | 'query';
}

export const DEFAULT_CLOCK_TOLERANCE_SEC = 60;
export const DEFAULT_MAX_TOKEN_BYTES = 16_384;

function positiveNumber(value: number | undefined, fallback: number, name: string): number {
  return numberOption(value, fallback, 'non-negative', `tokenward: ${name} must be a non-negative number`);
}

function checkRevocation(revocation: unknown): RevocationList | undefined {
  if (revocation === undefined) return undefined;
  const candidate = revocation as Partial<RevocationList> | null;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.isRevoked !== 'function') {
    throw new TypeError('tokenward: revocation must be a revocation list (createRevocationList()) with isRevoked(claims)');
  }
  return candidate as RevocationList;
}

/** Fails open: a denylist that throws must not reject valid tokens (lists bound their own store calls). */
async function isRevoked(revocation: RevocationList, claims: JwtClaims): Promise<boolean> {
  try {
    return (await revocation.isRevoked(claims)) === true;
  } catch (error) {
    if (isTokenwardError(error)) throw error;
    return false;
  }
}

/**
 * Creates a verifier for the given issuers. Configuration is validated once, here: a mistake throws a
 * `TypeError` at startup rather than failing requests.
 *
 * @example
 * const verifier = createVerifier({ issuers: [entra({ tenantId, audience: 'api://my-api' })] });
 * const { principal } = await verifier.authenticate(request);
 */
export function createVerifierOn(platform: Platform, options: VerifierOptions): Verifier {
  requireOptionsObject(options, 'tokenward: createVerifier needs an options object');
  rejectUnknownOptions(options, VERIFIER_OPTIONS, 'createVerifier');
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') throw new TypeError('tokenward: now must be a function returning epoch milliseconds');
  const tolerance = positiveNumber(options.clockToleranceSec, DEFAULT_CLOCK_TOLERANCE_SEC, 'clockToleranceSec');
  const maxTokenBytes = positiveNumber(options.maxTokenBytes, DEFAULT_MAX_TOKEN_BYTES, 'maxTokenBytes');
  const backend: SignatureBackend = options.signatureBackend ?? platform.signatureBackend;
  if (!Array.isArray(options.issuers)) throw new TypeError('tokenward: createVerifier needs issuers: [...]');
  const registry = createIssuerRegistry(options.issuers.flat(), tolerance);
  const onEvent = options.onEvent;
  if (onEvent !== undefined && typeof onEvent !== 'function') throw new TypeError('tokenward: onEvent must be a function of the event');
  const observer = createObserver(onEvent, platform.eventChannel);
  const keys = createKeyResolver({
    observer,
    jwks: resolveJwksOptions(options.jwks, platform.fetch),
    backend,
    now,
    certificateToJwk: platform.certificateToJwk,
    backgroundOutlivesRequest: platform.backgroundOutlivesRequest,
  });
  const issuerConfigs = Object.freeze(registry.issuers.map((issuer) => issuer.config));
  const revocation = checkRevocation(options.revocation);
  const tokenCache = createTokenCache(options.tokenCache);
  const defaultLocation = compileTokenLocation(options.tokenLocation, 'createVerifier');
  const dpop = compileDpop(options.dpop, now);
  const dpopAuthentication = dpop && createDpopAuthentication(dpop, { backend, codec: platform.codec, now, observer });
  // The platform's own backend has read the signing input when its call returns; one passed in may keep it.
  const signatureCheck: SignatureCheck = { backend, codec: platform.codec, reusableInput: backend === platform.signatureBackend };

  // The steps of a verification, in order (see verification-run.ts). Each one's comment says what it checks.

  /** The issuer's own check on the unverified token, before any key is fetched for it. */
  const precheck: Step = (run) => run.issuer.config.precheck?.(run.claims, run.header);

  /** `use(run, key)` with the key for the run's `kid` and `alg`: at once when it is cached, else after the fetch. */
  const withKey = (run: VerificationRun, use: (run: VerificationRun, key: ResolvedKey) => unknown): unknown => {
    const waitUntil = run.options?.waitUntil;
    const keepAlive = typeof waitUntil === 'function' ? waitUntil : undefined;
    const cached = keys.peek(run.issuer.config, run.kid, run.alg, keepAlive);
    if (cached !== undefined) return use(run, cached);
    return keys.resolve(run.issuer.config, run.kid, run.alg, keepAlive).then((key) => use(run, key));
  };

  /** The signature, checked with the key for the token's `kid` and `alg`. */
  const signedWith = (run: VerificationRun, key: ResolvedKey): void | Promise<void> => {
    run.key = key;
    return verifySignature(run.parsed as ParsedToken, signatureCheck, key);
  };
  const signature: Step = (run) => withKey(run, signedWith);

  /** The issuer's check on the key that verified the signature (Entra: the key's own issuer). */
  const keyCheck: Step = (run) => run.issuer.config.keyCheck?.((run.key as ResolvedKey).jwk, run.claims);

  /** For a verification from the token cache: is the key that verified it still the issuer's? */
  const stillCurrent = (run: VerificationRun, key: ResolvedKey): void => {
    run.stale = key.key !== run.cachedKey;
  };
  const sameKey: Step = (run) => withKey(run, stillCurrent);

  /** The claim rules in one loop: alg, typ, iss, aud, exp, nbf, iat and the preset's own (check-claims.ts). */
  const claimRules: Step = (run) => {
    run.nowSec = now() / 1000;
    checkClaimRules({
      claims: run.claims,
      header: run.header,
      nowSec: run.nowSec,
      rules: run.issuer.rules,
      askedAudience: run.options?.audience,
    });
  };

  const dpopRequired = (): DpopRequiredError =>
    new DpopRequiredError('expected the token with the DPoP scheme and a DPoP proof (dpop.mode is required), found it without', {
      expected: 'Authorization: DPoP <token> and a DPoP proof header',
      found: 'a token without a proof',
    });

  /**
   * With DPoP on, a token verified for anything but a DPoP request must be an unbound one (RFC 9449
   * §7.2: a bound token as Bearer loses its sender constraint), and with `mode: 'required'` there is none.
   */
  const bearerAllowed: Step | false =
    dpop !== undefined &&
    ((run) => {
      if ((run.options as InternalVerifyOptions | undefined)?.[VIA_DPOP] === true) return;
      if (dpop.mode === 'required') throw dpopRequired();
      const cnf = run.claims.cnf;
      if (typeof cnf === 'object' && cnf !== null && (cnf as { jkt?: unknown }).jkt !== undefined) {
        throw new DpopRequiredError(
          'the token is DPoP-bound (cnf.jkt): expected it with the DPoP scheme and a DPoP proof, found it as a Bearer token',
          {
            claim: 'cnf',
            expected: 'Authorization: DPoP <token> and a DPoP proof header',
            found: 'Authorization: Bearer',
          },
        );
      }
    });

  /** The issuer's claim checks (in the plans of issuers that have some), then the call's own (`verify(token, { checks })`). */
  const issuerChecks: Step = (run) => runChecks(run.issuer.rules.checks, run.claims, run.context());
  const callChecks: Step = (run) => {
    const checks = run.options?.checks;
    return checks === undefined || checks.length === 0 ? undefined : runChecks(checks, run.claims, run.context());
  };

  /** Last, and only with a denylist: only a token that is valid in every other respect costs a lookup. */
  const notRevoked: Step | false =
    revocation !== undefined &&
    ((run) =>
      isRevoked(revocation, run.claims).then((yes) => {
        if (yes) throw new TokenRevokedError('the token has been revoked');
      }));

  /** The verified token, kept in the token cache when it is on. */
  const verified: Step = (run) => {
    const key = run.key as ResolvedKey;
    const config = run.issuer.config;
    const result = new VerifiedResult(
      run.claims,
      run.header,
      config,
      buildPrincipal(run.claims, run.claims.iss as string, config.principal),
      { kid: key.kid, alg: key.alg },
      run.token,
    );
    run.result = result;
    tokenCache?.set(run.token, { result: freezeResult(result), issuer: run.issuer, key: key.key, kid: run.kid, alg: key.alg });
  };

  // Each issuer's own lists, without the steps it has nothing for (no precheck, no checks, no denylist).
  interface Plan {
    readonly fresh: readonly Step[];
    readonly cached: readonly Step[];
  }
  function planFor(issuer: CompiledIssuer): Plan {
    const { config, rules } = issuer;
    const claimSteps = [claimRules, bearerAllowed, rules.checks.length > 0 && issuerChecks, callChecks, notRevoked];
    const fresh = [
      config.precheck !== undefined && precheck,
      signature,
      config.keyCheck !== undefined && keyCheck,
      ...claimSteps,
      verified,
    ];
    const present = (steps: (Step | false)[]): Step[] => steps.filter((step): step is Step => step !== false);
    return { fresh: present(fresh), cached: present([sameKey, ...claimSteps]) };
  }
  const plans = new Map(registry.issuers.map((issuer) => [issuer, planFor(issuer)]));
  const planOf = (issuer: CompiledIssuer): Plan => plans.get(issuer) as Plan;

  function verifyFresh(token: string, verifyOptions: VerifyOptions | undefined): VerifiedToken | Promise<VerifiedToken> {
    const parsed = parseToken(token, maxTokenBytes, platform.codec);
    const { header, claims } = parsed;
    const run = new VerificationRun(token, verifyOptions, header, claims, registry.select(claims), header.kid, header.alg as JwsAlgorithm);
    run.parsed = parsed;
    const pending = runSteps(planOf(run.issuer).fresh, run);
    return pending === undefined ? (run.result as VerifiedToken) : pending.then(() => run.result as VerifiedToken);
  }

  /** A token verified before: everything but the signature again, or a fresh verification when its key changed. */
  function verifyCached(
    token: string,
    entry: CachedToken,
    verifyOptions: VerifyOptions | undefined,
  ): VerifiedToken | Promise<VerifiedToken> {
    const { result } = entry;
    const run = new VerificationRun(token, verifyOptions, result.header, result.claims, entry.issuer, entry.kid, entry.alg);
    run.cachedKey = entry.key;
    let pending: void | Promise<void>;
    try {
      pending = runSteps(planOf(entry.issuer).cached, run);
    } catch (error) {
      return forget(token, error);
    }
    if (pending === undefined) return run.stale ? verifyFresh(token, verifyOptions) : result;
    return pending.then(
      () => (run.stale ? verifyFresh(token, verifyOptions) : result),
      (error: unknown) => forget(token, error),
    );
  }

  /** A token that fails again (expired, key gone, revoked) is not kept for the next request. */
  function forget(token: string, error: unknown): never {
    tokenCache?.delete(token);
    throw error;
  }

  /** Synchronous as long as every step is; may throw: `verify` makes every outcome a promise. */
  function verifyNow(token: string, verifyOptions: VerifyOptions | undefined): VerifiedToken | Promise<VerifiedToken> {
    const cached = tokenCache?.get(token);
    tokenCacheHit = cached !== undefined;
    return cached === undefined ? verifyFresh(token, verifyOptions) : verifyCached(token, cached, verifyOptions);
  }

  // A refusal carries this verifier's DPoP challenge (when DPoP is on), so the answer offers DPoP beside
  // Bearer even where `toErrorResponse(error)` is not handed `verifier.dpop`.
  const refusal: (error: unknown) => TokenwardErrorUnion =
    dpop === undefined ? toTokenwardError : (error) => offerDpopChallenge(toTokenwardError(error), dpop.challenge);
  // A caller's mistake (a TypeError about its own options) passes through unchanged.
  const offered = (error: unknown): unknown => (isTokenwardError(error) ? refusal(error) : error);
  const typed = (error: unknown): never => {
    throw refusal(error);
  };

  // Plain functions returning the promise, not `async` wrappers around it: each wrapper would cost every
  // verification a promise and a turn of the microtask queue.
  function verify<Claims extends JwtClaims = JwtClaims>(token: string, verifyOptions?: VerifyOptions): Promise<VerifiedToken<Claims>> {
    let outcome: VerifiedToken | Promise<VerifiedToken>;
    try {
      outcome = verifyNow(token, verifyOptions);
    } catch (error) {
      return Promise.reject(refusal(error));
    }
    return (isPromiseLike(outcome) ? outcome.catch(typed) : Promise.resolve(outcome)) as Promise<VerifiedToken<Claims>>;
  }

  /**
   * The request's token: a string from the Authorization header (the common case, which allocates
   * nothing more), or the token with its place when a `tokenLocation` found it in a cookie or the query.
   */
  function tokenOf(request: HeadersInput, callOptions: AuthenticateOptions | undefined): string | LocatedToken {
    const asked = callOptions?.tokenLocation;
    // A mistake in the call's own option is the caller's TypeError, not a verdict on the request.
    const location: CompiledTokenLocation | undefined =
      asked === undefined ? defaultLocation : compileTokenLocation(asked, 'authenticate(request, options)');
    try {
      if (location === undefined || (location.cookie === undefined && location.query === undefined)) {
        return extractBearerToken(request, maxTokenBytes);
      }
      const found = extractRequestToken(request, location, maxTokenBytes);
      return found.foundIn === 'header' ? found.token : { token: found.token, location: found.foundIn };
    } catch (error) {
      throw refusal(error);
    }
  }

  function verifyFrom<Claims extends JwtClaims>(
    found: string | LocatedToken,
    callOptions: AuthenticateOptions | undefined,
  ): Promise<VerifiedToken<Claims>> {
    if (typeof found === 'string') return verify<Claims>(found, callOptions);
    const { token, location } = found;
    return verify<Claims>(token, callOptions).then((result) => foundIn(result, location) as VerifiedToken<Claims>);
  }

  // Whether the last verification started found its token in the token cache. Set and read in the same
  // synchronous turn (the lookup is the first thing a verification does), so calls never mix.
  let tokenCacheHit = false;

  /** Starts a call and tells the observer how it ended; the promise is the caller's, unchanged. */
  function observed<Result extends VerifiedToken | undefined>(call: () => Promise<Result>): Promise<Result> {
    const started = startTimer();
    tokenCacheHit = false;
    const pending = call();
    const cached = tokenCacheHit;
    pending.then(
      (result) => {
        if (result === undefined) return; // authenticateIfPresent without a token: nothing was verified
        const durationMs = elapsedSince(started);
        observer.emit({ type: 'verification', outcome: 'valid', issuer: result.issuer.name, cached, durationMs });
      },
      (error: unknown) => {
        const outcome = isTokenwardError(error) ? error.code : 'verification_failed';
        observer.emit({ type: 'verification', outcome, issuer: undefined, cached, durationMs: elapsedSince(started) });
      },
    );
    return pending;
  }

  /**
   * A request with `Authorization: DPoP <token>`: no token elsewhere, one proof, the request's method
   * and URI; then the token, verified as for Bearer but allowed to be bound; then its proof (RFC 9449 §7.1).
   * Every failure is marked as the DPoP scheme's, so the answer's DPoP challenge carries it.
   */
  function authenticateWithDpop<Claims extends JwtClaims>(
    request: HeadersInput,
    token: string,
    callOptions: AuthenticateOptions | undefined,
  ): Promise<VerifiedToken<Claims>> {
    const authentication = dpopAuthentication as NonNullable<typeof dpopAuthentication>;
    let dpopRequest: ReturnType<typeof authentication.read>;
    try {
      refuseTokenElsewhere(request, callOptions);
      dpopRequest = authentication.read(request);
    } catch (error) {
      return Promise.reject(markDpopScheme(refusal(error)));
    }
    const viaDpop: InternalVerifyOptions = { ...callOptions, [VIA_DPOP]: true };
    return verify(token, viaDpop)
      .then((result) => authentication.confirm(dpopRequest, result) as Promise<VerifiedToken<Claims>>)
      .catch((error: unknown) => {
        throw markDpopScheme(refusal(error));
      });
  }

  /** RFC 6750 §2 holds for DPoP too: a cookie or query token beside `Authorization: DPoP` is one too many. */
  function refuseTokenElsewhere(request: HeadersInput, callOptions: AuthenticateOptions | undefined): void {
    const asked = callOptions?.tokenLocation;
    const location = asked === undefined ? defaultLocation : compileTokenLocation(asked, 'authenticate(request, options)');
    if (location === undefined || (location.cookie === undefined && location.query === undefined)) return;
    let found: ReturnType<typeof extractRequestToken>;
    try {
      found = extractRequestToken(request, location, maxTokenBytes);
    } catch (error) {
      if (error instanceof TokenMissingError) return;
      throw error;
    }
    throw new MultipleTokensError(
      `expected the token in one place (RFC 6750 §2), found it in the Authorization header and the ${found.foundIn}`,
      {
        expected: 'the token in one place',
        found: `the Authorization header and the ${found.foundIn}`,
      },
    );
  }

  /** The DPoP token of the request, when DPoP is on and the request uses its scheme. */
  function dpopTokenOf(request: HeadersInput): string | undefined {
    if (dpopAuthentication === undefined) return undefined;
    try {
      return extractDpopToken(request, maxTokenBytes);
    } catch (error) {
      throw markDpopScheme(refusal(error));
    }
  }

  /**
   * The request's token, or `{ dpop }` for one with the DPoP scheme; a Bearer one when DPoP is required
   * is refused. The Bearer reading comes first and the DPoP one only when it found no Bearer token, so
   * the common request pays nothing for DPoP.
   */
  function credentialsOf(request: HeadersInput, callOptions: AuthenticateOptions | undefined): { dpop: string } | string | LocatedToken {
    let found: string | LocatedToken;
    try {
      found = tokenOf(request, callOptions);
    } catch (error) {
      const dpopToken = error instanceof TokenMissingError ? dpopTokenOf(request) : undefined;
      if (dpopToken === undefined) throw error;
      return { dpop: dpopToken };
    }
    // A cookie or query token beside `Authorization: DPoP`: one too many (refused there).
    if (typeof found === 'object' && dpopTokenOf(request) !== undefined) refuseTokenElsewhere(request, callOptions);
    if (dpop?.mode === 'required') throw dpopRequired();
    return found;
  }

  function authenticate<Claims extends JwtClaims = JwtClaims>(
    request: HeadersInput,
    callOptions?: AuthenticateOptions,
  ): Promise<VerifiedToken<Claims>> {
    let found: { dpop: string } | string | LocatedToken;
    try {
      found = credentialsOf(request, callOptions);
    } catch (error) {
      return Promise.reject(offered(error));
    }
    if (typeof found === 'object' && 'dpop' in found) return authenticateWithDpop<Claims>(request, found.dpop, callOptions);
    return verifyFrom<Claims>(found, callOptions);
  }

  async function authenticateIfPresent<Claims extends JwtClaims = JwtClaims>(
    request: HeadersInput,
    callOptions?: AuthenticateOptions,
  ): Promise<VerifiedToken<Claims> | undefined> {
    let found: { dpop: string } | string | LocatedToken;
    try {
      found = credentialsOf(request, callOptions);
    } catch (error) {
      if (isTokenwardError(error) && error.code === 'token_missing') return undefined;
      throw offered(error);
    }
    if (typeof found === 'object' && 'dpop' in found) return authenticateWithDpop<Claims>(request, found.dpop, callOptions);
    return verifyFrom<Claims>(found, callOptions);
  }

  // Without a listener for verification events, each method is the plain function: no timer, no extra promise.
  const watching = (): boolean => observer.active('verification');

  return Object.freeze({
    issuers: issuerConfigs,
    signatureBackend: backend.name,
    dpop: dpop?.challenge ?? DPOP_OFF,
    verify<Claims extends JwtClaims = JwtClaims>(token: string, verifyOptions?: VerifyOptions): Promise<VerifiedToken<Claims>> {
      if (!watching()) return verify<Claims>(token, verifyOptions);
      return observed(() => verify<Claims>(token, verifyOptions));
    },
    authenticate<Claims extends JwtClaims = JwtClaims>(
      request: HeadersInput,
      callOptions?: AuthenticateOptions,
    ): Promise<VerifiedToken<Claims>> {
      if (!watching()) return authenticate<Claims>(request, callOptions);
      return observed(() => authenticate<Claims>(request, callOptions));
    },
    authenticateIfPresent<Claims extends JwtClaims = JwtClaims>(
      request: HeadersInput,
      callOptions?: AuthenticateOptions,
    ): Promise<VerifiedToken<Claims> | undefined> {
      if (!watching()) return authenticateIfPresent<Claims>(request, callOptions);
      return observed(() => authenticateIfPresent<Claims>(request, callOptions));
    },
    async warm(): Promise<void> {
      try {
        await keys.warm(issuerConfigs);
      } catch (error) {
        throw isTokenwardError(error) ? error : toTokenwardError(error);
      }
    },
  });
}

export type { TokenwardErrorUnion };
