import { extractBearerToken } from '../rfc6750/bearer.js';
import { isTokenwardError, TokenRevokedError, toTokenwardError, type TokenwardErrorUnion } from '../shared/errors.js';
import { createIssuerRegistry, type CompiledIssuer } from './issuer-registry.js';
import { checkSignature, type SignatureCheck } from './check-signature.js';
import { createKeyResolver, resolveJwksOptions, type ResolvedKey } from '../keys/index.js';
import { buildPrincipal } from './principal.js';
import { checkClaimRules, runChecks } from './check-claims.js';
import { numberOption, rejectUnknownOptions, requireOptionsObject } from '../shared/options.js';
import { isPromiseLike } from '../shared/promise-like.js';
import { parseToken, type ParsedToken } from '../token/parse-token.js';
import { createTokenCache, freezeResult, type CachedToken } from './token-cache.js';
import type { Platform } from '../platform/platform.js';
import type {
  HeadersInput,
  IssuerConfig,
  JwtClaims,
  JwtHeader,
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
  /** Reads exactly one Bearer token from the request's Authorization header and verifies it. */
  authenticate<Claims extends JwtClaims = JwtClaims>(request: HeadersInput, options?: VerifyOptions): Promise<VerifiedToken<Claims>>;
  /**
   * Like `authenticate`, for routes that work with or without a user: resolves `undefined` when the
   * request carries no Bearer credential at all. A credential that is present but bad still rejects.
   */
  authenticateIfPresent<Claims extends JwtClaims = JwtClaims>(
    request: HeadersInput,
    options?: VerifyOptions,
  ): Promise<VerifiedToken<Claims> | undefined>;
  /** Fetches every issuer's keys now, so the first request does not wait. */
  warm(): Promise<void>;
  readonly issuers: readonly IssuerConfig[];
  /** Name of the signature backend in use: `'node:crypto'` on Node (the `node` export condition), else `'webcrypto'`. */
  readonly signatureBackend: string;
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
] as const;

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
  const keys = createKeyResolver({
    jwks: resolveJwksOptions(options.jwks, platform.fetch),
    backend,
    now,
    certificateToJwk: platform.certificateToJwk,
  });
  const issuerConfigs = Object.freeze(registry.issuers.map((issuer) => issuer.config));
  const revocation = checkRevocation(options.revocation);
  const tokenCache = createTokenCache(options.tokenCache);
  // The platform's own backend has read the signing input when its call returns; one passed in may keep it.
  const signatureCheck: SignatureCheck = { backend, codec: platform.codec, reusableInput: backend === platform.signatureBackend };

  /** Everything but the signature, again, for a token verified before: undefined when its key changed. */
  function recheck(
    token: string,
    entry: CachedToken,
    verifyOptions: VerifyOptions | undefined,
  ): VerifiedToken | undefined | Promise<VerifiedToken | undefined> {
    // A token that fails again (expired, key gone, revoked) is not kept for the next request.
    const forget = (error: unknown): never => {
      tokenCache?.delete(token);
      throw error;
    };
    const { result, issuer } = entry;
    const againstKey = (resolved: ResolvedKey): VerifiedToken | undefined | Promise<VerifiedToken | undefined> => {
      if (resolved.key !== entry.key) return undefined;
      const checked = checkClaims(issuer, result.header, result.claims, verifyOptions);
      return checked === undefined ? result : checked.then(() => result);
    };
    try {
      const peeked = keys.peek(issuer.config, entry.kid, entry.alg);
      const answer = peeked !== undefined ? againstKey(peeked) : keys.resolve(issuer.config, entry.kid, entry.alg).then(againstKey);
      return isPromiseLike(answer) ? answer.catch(forget) : answer;
    } catch (error) {
      return forget(error);
    }
  }

  /** The checks after the signature: times, audience, `typ`, required claims, issuer and per-call checks, revocation. */
  function checkClaims(
    issuer: CompiledIssuer,
    header: JwtHeader,
    claims: JwtClaims,
    verifyOptions: VerifyOptions | undefined,
  ): void | Promise<void> {
    const config = issuer.config;
    const nowSec = now() / 1000;
    const rules = issuer.rules;
    checkClaimRules({ claims, header, nowSec, rules, askedAudience: verifyOptions?.audience });
    const callChecks = verifyOptions?.checks;
    if (rules.checks.length === 0 && (callChecks === undefined || callChecks.length === 0) && revocation === undefined) return undefined;
    const context = { header, issuer: config, nowSec, clockToleranceSec: rules.clockToleranceSec };
    const issuerChecked = rules.checks.length > 0 ? runChecks(rules.checks, claims, context) : undefined;
    const next = () => {
      const callChecked = callChecks !== undefined && callChecks.length > 0 ? runChecks(callChecks, claims, context) : undefined;
      return callChecked === undefined ? revoked() : callChecked.then(revoked);
    };
    // Last: only a token that is valid in every other respect costs a denylist lookup.
    const revoked = (): void | Promise<void> => {
      if (revocation === undefined) return undefined;
      return isRevoked(revocation, claims).then((yes) => {
        if (yes) throw new TokenRevokedError('the token has been revoked');
      });
    };
    return issuerChecked === undefined ? next() : issuerChecked.then(next);
  }

  /**
   * The whole verification, synchronous as long as every step is (a cached key, node:crypto, no async
   * checks): a promise only where a step needs one. May throw; `verify` makes every outcome a promise.
   */
  function verifyNow(token: string, verifyOptions: VerifyOptions | undefined): VerifiedToken | Promise<VerifiedToken> {
    const cached = tokenCache?.get(token);
    if (cached !== undefined) {
      const again = recheck(token, cached, verifyOptions);
      if (!isPromiseLike(again)) return again ?? verifyFresh(token, verifyOptions);
      return again.then((result) => result ?? verifyFresh(token, verifyOptions));
    }
    return verifyFresh(token, verifyOptions);
  }

  function verifyFresh(token: string, verifyOptions: VerifyOptions | undefined): VerifiedToken | Promise<VerifiedToken> {
    const parsed = parseToken(token, maxTokenBytes, platform.codec);
    const issuer = registry.select(parsed.claims);
    const prechecked = issuer.config.precheck?.(parsed.claims, parsed.header);
    if (isPromiseLike(prechecked)) return Promise.resolve(prechecked).then(() => verifySignature(token, parsed, issuer, verifyOptions));
    return verifySignature(token, parsed, issuer, verifyOptions);
  }

  function verifySignature(
    token: string,
    parsed: ParsedToken,
    issuer: CompiledIssuer,
    verifyOptions: VerifyOptions | undefined,
  ): VerifiedToken | Promise<VerifiedToken> {
    const checked = checkSignature(parsed, issuer.config, keys, signatureCheck);
    if (isPromiseLike(checked)) return checked.then((resolved) => afterSignature(token, parsed, issuer, resolved, verifyOptions));
    return afterSignature(token, parsed, issuer, checked, verifyOptions);
  }

  function afterSignature(
    token: string,
    { header, claims }: ParsedToken,
    issuer: CompiledIssuer,
    resolved: ResolvedKey,
    verifyOptions: VerifyOptions | undefined,
  ): VerifiedToken | Promise<VerifiedToken> {
    const config = issuer.config;
    const keyChecked = config.keyCheck?.(resolved.jwk, claims);
    if (isPromiseLike(keyChecked))
      return Promise.resolve(keyChecked).then(() => afterKeyCheck(token, header, claims, issuer, resolved, verifyOptions));
    return afterKeyCheck(token, header, claims, issuer, resolved, verifyOptions);
  }

  function afterKeyCheck(
    token: string,
    header: JwtHeader,
    claims: JwtClaims,
    issuer: CompiledIssuer,
    resolved: ResolvedKey,
    verifyOptions: VerifyOptions | undefined,
  ): VerifiedToken | Promise<VerifiedToken> {
    const config = issuer.config;
    const result = (): VerifiedToken => {
      const verified: VerifiedToken = {
        claims,
        header,
        issuer: config,
        principal: buildPrincipal(claims, claims.iss as string, config.principal),
        key: { kid: resolved.kid, alg: resolved.alg },
      };
      if (tokenCache === undefined) return verified;
      tokenCache.set(token, { result: freezeResult(verified), issuer, key: resolved.key, kid: header.kid, alg: resolved.alg });
      return verified;
    };
    const claimsChecked = checkClaims(issuer, header, claims, verifyOptions);
    return claimsChecked === undefined ? result() : claimsChecked.then(result);
  }

  const typed = (error: unknown): never => {
    throw toTokenwardError(error);
  };

  // Plain functions returning the promise, not `async` wrappers around it: each wrapper would cost every
  // verification a promise and a turn of the microtask queue.
  function verify<Claims extends JwtClaims = JwtClaims>(token: string, verifyOptions?: VerifyOptions): Promise<VerifiedToken<Claims>> {
    let outcome: VerifiedToken | Promise<VerifiedToken>;
    try {
      outcome = verifyNow(token, verifyOptions);
    } catch (error) {
      return Promise.reject(toTokenwardError(error));
    }
    return (isPromiseLike(outcome) ? outcome.catch(typed) : Promise.resolve(outcome)) as Promise<VerifiedToken<Claims>>;
  }

  function bearerOf(request: HeadersInput): string {
    try {
      return extractBearerToken(request, maxTokenBytes);
    } catch (error) {
      throw toTokenwardError(error);
    }
  }

  return Object.freeze({
    issuers: issuerConfigs,
    signatureBackend: backend.name,
    verify,
    authenticate<Claims extends JwtClaims = JwtClaims>(
      request: HeadersInput,
      verifyOptions?: VerifyOptions,
    ): Promise<VerifiedToken<Claims>> {
      let token: string;
      try {
        token = bearerOf(request);
      } catch (error) {
        return Promise.reject(error);
      }
      return verify<Claims>(token, verifyOptions);
    },
    async authenticateIfPresent<Claims extends JwtClaims = JwtClaims>(
      request: HeadersInput,
      verifyOptions?: VerifyOptions,
    ): Promise<VerifiedToken<Claims> | undefined> {
      let token: string;
      try {
        token = bearerOf(request);
      } catch (error) {
        if (isTokenwardError(error) && error.code === 'token_missing') return undefined;
        throw error;
      }
      return verify<Claims>(token, verifyOptions);
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
