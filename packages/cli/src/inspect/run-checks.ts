/**
 * Runs core's verifier on one token as many times as it takes to see every check. Core stops at the
 * first failure; after each failure this relaxes exactly the check that failed (a clock inside the
 * tolerance that covers the token's lifetime, audience off, the failing preset check removed, …) and verifies again, so the
 * checklist shows every problem, each with core's own code, message, expected and found. Checks that
 * cannot be relaxed (format, unknown key, bad signature) end the run: what follows is not checked.
 */
import {
  createVerifier,
  parseEntraIssuer,
  SUPPORTED_ALGORITHMS,
  requireRoles,
  requireScopes,
  toTokenwardError,
  type ClaimCheck,
  type FetchLike,
  type IssuerConfig,
  type JwksUnavailableError,
  type JwtClaims,
  type TokenwardErrorUnion,
  type VerifiedToken,
  type VerifierOptions,
} from '@tokenward/core';
import { checkOf, type CheckId } from './checks.js';

export interface RunChecksOptions {
  readonly token: string;
  readonly claims: Readonly<Record<string, unknown>>;
  /** The token's own `alg`: the algorithm the later checks are run under once the algorithm check failed. */
  readonly alg?: unknown;
  /** Every trusted issuer (a config file's, or the one found by discovery). */
  readonly configs: readonly IssuerConfig[];
  readonly verifierOptions: Omit<VerifierOptions, 'issuers'>;
  readonly fetch: FetchLike;
  readonly nowMs: number;
  readonly scopes: readonly string[];
  readonly roles: readonly string[];
}

export interface RunChecksResult {
  /** The first error core reported for each check. */
  readonly failures: ReadonlyMap<CheckId, TokenwardErrorUnion>;
  /** The token as core verified it once every failing check was relaxed; undefined when a check could not be relaxed. */
  readonly verified: VerifiedToken | undefined;
  /** The check that ended the run (format, key, signature …); later checks were not run. */
  readonly stoppedAt: CheckId | undefined;
  /** Keys or discovery could not be fetched. */
  readonly unavailable: JwksUnavailableError | undefined;
  /** The configured issuer the token's `iss` selected. */
  readonly matched: IssuerConfig | undefined;
}

/**
 * The config core's registry would select for this `iss`: an exact match, or the tenant template
 * that gives `iss` once core's Entra parser has read the tenant out of it.
 */
export function selectConfig(configs: readonly IssuerConfig[], iss: unknown): IssuerConfig | undefined {
  if (typeof iss !== 'string') return undefined;
  const exact = configs.find((config) => config.issuer === iss);
  if (exact) return exact;
  const tenant = parseEntraIssuer(iss)?.tenant;
  if (tenant === undefined || tenant === '{tenantid}') return undefined;
  return configs.find((config) => typeof config.issuer !== 'string' && config.issuer.template.replace('{tenantid}', tenant) === iss);
}

interface Relaxations {
  time: boolean;
  audience: boolean;
  algorithms: boolean;
  keyCheck: boolean;
  allowedTenants: boolean;
  typ: boolean;
  maxTokenAge: boolean;
  requiredClaims: Set<string>;
  removedChecks: Set<number>;
}

/** Clock tolerance that lets any lifetime pass, so the checks after an expired token can be seen. */
const ANY_TIME_SEC = 1e12;

export async function runChecks(options: RunChecksOptions): Promise<RunChecksResult> {
  const claims = options.claims as JwtClaims;
  const failures = new Map<CheckId, TokenwardErrorUnion>();
  const relax: Relaxations = {
    time: false,
    audience: false,
    algorithms: false,
    keyCheck: false,
    allowedTenants: false,
    typ: false,
    maxTokenAge: false,
    requiredClaims: new Set(),
    removedChecks: new Set(),
  };
  const matched = selectConfig(options.configs, claims.iss);
  const tokenAlg = SUPPORTED_ALGORITHMS.find((alg) => alg === options.alg);
  let failedCheck: number | undefined;

  const build = (base: IssuerConfig): IssuerConfig => {
    const checks: ClaimCheck[] = [];
    (base.checks ?? []).forEach((check, index) => {
      if (relax.removedChecks.has(index)) return;
      checks.push(async (checkClaims, context) => {
        try {
          const outcome = await check(checkClaims, context);
          if (outcome === false || typeof outcome === 'string') failedCheck = index;
          return outcome;
        } catch (error) {
          failedCheck = index;
          throw error;
        }
      });
    });
    return {
      ...base,
      checks,
      ...(relax.audience ? { audience: null, precheck: undefined } : {}),
      // Core allows one algorithm per key unless told otherwise, so seeing past a refused algorithm means
      // allowing exactly the token's own (for the diagnosis only: the refusal stays in the report).
      ...(relax.algorithms && tokenAlg !== undefined ? { algorithms: [tokenAlg] } : {}),
      ...(relax.keyCheck ? { keyCheck: undefined } : {}),
      ...(relax.allowedTenants && typeof base.issuer !== 'string' ? { allowedTenants: null } : {}),
      ...(relax.typ ? { typ: null } : {}),
      ...(relax.maxTokenAge ? { maxTokenAgeSec: null } : {}),
      ...(relax.time ? { clockToleranceSec: ANY_TIME_SEC } : {}),
      requiredClaims: (base.requiredClaims ?? []).filter((name) => !relax.requiredClaims.has(name)),
    };
  };

  /** Turns off the check behind `error`; false when it cannot be turned off (or already was). */
  const relaxFor = (error: TokenwardErrorUnion, checkIndex: number | undefined): boolean => {
    if (checkIndex !== undefined && !relax.removedChecks.has(checkIndex)) {
      relax.removedChecks.add(checkIndex);
      return true;
    }
    const flag = (name: 'time' | 'audience' | 'algorithms' | 'keyCheck' | 'allowedTenants' | 'typ' | 'maxTokenAge'): boolean => {
      if (relax[name]) return false;
      relax[name] = true;
      return true;
    };
    switch (error.code) {
      case 'token_expired':
        return error.claim === 'iat' ? flag('maxTokenAge') : flag('time');
      case 'token_not_yet_valid':
        return flag('time');
      case 'audience_mismatch':
        return flag('audience');
      case 'algorithm_not_allowed':
        return tokenAlg !== undefined && flag('algorithms');
      case 'issuer_not_allowed':
        // Selection already matched, so this is the key's own issuer (Entra publishes one per key).
        return matched !== undefined && matched.keyCheck !== undefined && flag('keyCheck');
      case 'tenant_not_allowed':
        return flag('allowedTenants');
      case 'claim_invalid': {
        if (error.claim === 'typ') return flag('typ');
        const name = error.claim;
        if (name !== undefined && (matched?.requiredClaims ?? []).includes(name) && !relax.requiredClaims.has(name)) {
          relax.requiredClaims.add(name);
          return true;
        }
        return false;
      }
      default:
        return false;
    }
  };

  let verified: VerifiedToken | undefined;
  let stoppedAt: CheckId | undefined;
  let unavailable: JwksUnavailableError | undefined;
  // Every relaxation can happen once, so the loop ends; the bound is a second guarantee.
  for (let pass = 0; pass < 16; pass++) {
    failedCheck = undefined;
    const issuers = matched ? [build(matched)] : options.configs;
    const nowMs = options.nowMs;
    const verifier = createVerifier({
      ...options.verifierOptions,
      issuers,
      now: () => nowMs,
      jwks: { ...options.verifierOptions.jwks, fetch: options.fetch },
    });
    try {
      verified = await verifier.verify(options.token);
      break;
    } catch (thrown) {
      const error = toTokenwardError(thrown);
      if (error.code === 'jwks_unavailable') {
        unavailable = error;
        stoppedAt = 'key';
        break;
      }
      const check = checkOf(error.code);
      if (!failures.has(check)) failures.set(check, error);
      if (!matched || !relaxFor(error, failedCheck)) {
        stoppedAt = check;
        break;
      }
    }
  }

  if (verified) {
    const requirements: [CheckId, () => void][] = [
      ['scope', () => options.scopes.length > 0 && requireScopes(verified as VerifiedToken, options.scopes)],
      ['role', () => options.roles.length > 0 && requireRoles(verified as VerifiedToken, options.roles)],
    ];
    for (const [check, run] of requirements) {
      try {
        run();
      } catch (thrown) {
        failures.set(check, toTokenwardError(thrown));
      }
    }
  }
  return { failures, verified, stoppedAt, unavailable, matched };
}
