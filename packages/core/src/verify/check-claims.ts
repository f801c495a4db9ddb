import { AudienceMismatchError, ClaimInvalidError, TokenExpiredError, TokenNotYetValidError, isTokenwardError } from '../shared/errors.js';
import { describeType, formatList, formatValue } from '../shared/format.js';
import { isPromiseLike } from '../shared/promise-like.js';
import { checkNotRefusedType, normaliseTyp } from '../token/token-types.js';
import type { CheckContext, ClaimCheck, JwtClaims, JwtHeader } from '../shared/types.js';

/** The claim rules of one issuer after `createVerifier` validated and defaulted them. */
export interface ClaimRules {
  readonly audiences: ReadonlySet<string> | null;
  readonly clockToleranceSec: number;
  readonly maxTokenAgeSec: number | null;
  readonly typ: ReadonlySet<string> | null;
  readonly requiredClaims: readonly string[];
  readonly checks: readonly ClaimCheck[];
}

function isoTime(seconds: number): string {
  const ms = seconds * 1000;
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(seconds);
}

function numericDate(claims: JwtClaims, name: 'exp' | 'nbf' | 'iat'): number | undefined {
  const value = claims[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ClaimInvalidError(`the "${name}" claim is not a NumericDate`, {
      claim: name,
      expected: 'a number of seconds since 1970',
      found: value === null ? 'null' : typeof value,
    });
  }
  return value;
}

function checkExp(claims: JwtClaims, nowSec: number, tolerance: number): void {
  const exp = numericDate(claims, 'exp');
  if (exp === undefined) {
    throw new ClaimInvalidError('the token has no "exp" claim', { claim: 'exp', expected: 'an expiry time', found: 'none' });
  }
  if (nowSec - tolerance >= exp) {
    throw new TokenExpiredError(`the token expired at ${isoTime(exp)} (now ${isoTime(nowSec)})`, {
      claim: 'exp',
      expected: `a time after ${isoTime(nowSec)}`,
      found: isoTime(exp),
    });
  }
}

function checkNbf(claims: JwtClaims, nowSec: number, tolerance: number): void {
  const nbf = numericDate(claims, 'nbf');
  if (nbf !== undefined && nbf > nowSec + tolerance) {
    throw new TokenNotYetValidError(`the token is not valid before ${isoTime(nbf)} (now ${isoTime(nowSec)})`, {
      claim: 'nbf',
      expected: `a time at or before ${isoTime(nowSec)}`,
      found: isoTime(nbf),
    });
  }
}

function checkIat(claims: JwtClaims, nowSec: number, tolerance: number): void {
  const iat = numericDate(claims, 'iat');
  if (iat !== undefined && iat > nowSec + tolerance) {
    throw new TokenNotYetValidError(`the token was issued in the future, at ${isoTime(iat)} (now ${isoTime(nowSec)})`, {
      claim: 'iat',
      expected: `a time at or before ${isoTime(nowSec)}`,
      found: isoTime(iat),
    });
  }
}

function checkMaxAge(claims: JwtClaims, nowSec: number, tolerance: number, maxTokenAgeSec: number): void {
  const iat = claims.iat as number | undefined;
  if (iat === undefined) {
    throw new ClaimInvalidError('the token has no "iat" claim, so its age cannot be checked', { claim: 'iat', found: 'none' });
  }
  if (nowSec - iat > maxTokenAgeSec + tolerance) {
    throw new TokenExpiredError('the token is older than the maximum token age', {
      claim: 'iat',
      expected: `issued within ${maxTokenAgeSec} s`,
      found: `issued ${Math.round(nowSec - iat)} s ago`,
    });
  }
}

export function checkTimes(claims: JwtClaims, nowSec: number, rules: ClaimRules): void {
  const tolerance = rules.clockToleranceSec;
  checkExp(claims, nowSec, tolerance);
  checkNbf(claims, nowSec, tolerance);
  checkIat(claims, nowSec, tolerance);
  if (rules.maxTokenAgeSec !== null) checkMaxAge(claims, nowSec, tolerance, rules.maxTokenAgeSec);
}

function notAString(name: 'sub' | 'jti', value: unknown): ClaimInvalidError {
  return new ClaimInvalidError(`the "${name}" claim is not a string`, { claim: name, expected: 'a string', found: describeType(value) });
}

/**
 * The types RFC 7519 §4.1 fixes, whatever the issuer checks: `sub` and `jti` strings, `aud` a string or
 * an array of strings only (a stray member must not ride along with a matching one). `iss` is checked
 * when the issuer is chosen, `exp`/`nbf`/`iat` with the times.
 */
export function checkClaimTypes(claims: JwtClaims): void {
  const { sub, jti, aud } = claims;
  if (sub !== undefined && typeof sub !== 'string') throw notAString('sub', sub);
  if (jti !== undefined && typeof jti !== 'string') throw notAString('jti', jti);
  if (aud === undefined || typeof aud === 'string') return;
  if (!Array.isArray(aud) || !aud.every((value) => typeof value === 'string')) {
    throw new ClaimInvalidError('the "aud" claim is not a string or an array of strings', {
      claim: 'aud',
      expected: 'a string or an array of strings',
      found: Array.isArray(aud)
        ? `an array holding ${aud
            .filter((value) => typeof value !== 'string')
            .map(describeType)
            .join(', ')}`
        : describeType(aud),
    });
  }
}

function audiencesOf(claims: JwtClaims): readonly string[] {
  const aud = claims.aud;
  return typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * The audiences one call accepts: those of its `audience` option that the issuer accepts too (all of
 * them when the issuer's check is off). A call can only narrow; when nothing is left, no token can pass.
 */
export function narrowAudiences(
  configured: ReadonlySet<string> | null,
  asked: string | readonly string[],
  claims: JwtClaims,
): ReadonlySet<string> {
  const list: readonly unknown[] = typeof asked === 'string' ? [asked] : Array.isArray(asked) ? asked : [asked];
  if (!list.every((value) => typeof value === 'string'))
    throw new TypeError('tokenward: verify: audience must be a string or an array of strings');
  const wanted = list as readonly string[];
  const kept = configured === null ? wanted : wanted.filter((value) => configured.has(value));
  if (kept.length === 0) {
    const found = audiencesOf(claims);
    const accepted = configured === null ? [] : [...configured];
    throw new AudienceMismatchError(
      `no token can be accepted here: the audience asked for in this call ${formatList(wanted)} is not among the issuer's ${formatList(accepted)}`,
      { claim: 'aud', expected: [], found: found.length === 0 ? 'none' : found },
    );
  }
  return new Set(kept);
}

export function checkAudience(claims: JwtClaims, audiences: ReadonlySet<string>): void {
  const found = audiencesOf(claims);
  for (const value of found) if (audiences.has(value)) return;
  const what = found.length === 0 ? 'the token has no audience' : 'the token is meant for another audience';
  throw new AudienceMismatchError(`${what}: expected ${formatList([...audiences])}, found ${formatList(found)}`, {
    claim: 'aud',
    expected: [...audiences],
    found: found.length === 0 ? 'none' : found,
  });
}

export function checkTyp(header: JwtHeader, accepted: ReadonlySet<string>): void {
  const typ = header.typ;
  if (typeof typ !== 'string' || !accepted.has(normaliseTyp(typ))) {
    const found = typeof typ === 'string' ? formatValue(typ) : 'none';
    throw new ClaimInvalidError(`the token has the wrong type ("typ" header): expected ${formatList([...accepted])}, found ${found}`, {
      claim: 'typ',
      expected: [...accepted],
      found: typeof typ === 'string' ? typ : 'none',
    });
  }
}

export function checkRequiredClaims(claims: JwtClaims, required: readonly string[]): void {
  const missing = required.filter((name) => claims[name] === undefined || claims[name] === null);
  if (missing.length > 0) {
    throw new ClaimInvalidError(`the token is missing required claim${missing.length === 1 ? '' : 's'} ${formatList(missing)}`, {
      claim: missing[0] as string,
      expected: required,
      found: `missing ${missing.join(', ')}`,
    });
  }
}

/** What one verification's claim rules read: the token, the time, the issuer's rules and the call's `audience`. */
export interface ClaimRuleInput {
  readonly claims: JwtClaims;
  readonly header: JwtHeader;
  readonly nowSec: number;
  readonly rules: ClaimRules;
  readonly askedAudience: string | readonly string[] | undefined;
}

/** One named synchronous rule; it throws the typed error that rejects the token. */
export interface ClaimRule {
  readonly name: string;
  readonly check: (input: ClaimRuleInput) => void;
}

/**
 * The built-in claim rules after the signature, in the order that decides which error a token with
 * several faults gets (`alg` and `iss` were settled before the signature, by the key and the issuer).
 * The issuer's own checks (the presets': Entra tenant, Cognito `token_use`, …) follow, then the call's.
 */
export const CLAIM_RULES: readonly ClaimRule[] = [
  { name: 'exp', check: ({ claims, nowSec, rules }) => checkExp(claims, nowSec, rules.clockToleranceSec) },
  { name: 'nbf', check: ({ claims, nowSec, rules }) => checkNbf(claims, nowSec, rules.clockToleranceSec) },
  { name: 'iat', check: ({ claims, nowSec, rules }) => checkIat(claims, nowSec, rules.clockToleranceSec) },
  {
    name: 'max-age',
    check: ({ claims, nowSec, rules }) => {
      if (rules.maxTokenAgeSec !== null) checkMaxAge(claims, nowSec, rules.clockToleranceSec, rules.maxTokenAgeSec);
    },
  },
  { name: 'claim-types', check: ({ claims }) => checkClaimTypes(claims) },
  {
    name: 'aud',
    check: ({ claims, rules, askedAudience }) => {
      const audiences = askedAudience === undefined ? rules.audiences : narrowAudiences(rules.audiences, askedAudience, claims);
      if (audiences !== null) checkAudience(claims, audiences);
    },
  },
  {
    name: 'typ',
    check: ({ header, rules }) => {
      if (rules.typ !== null) checkTyp(header, rules.typ);
      else checkNotRefusedType(header);
    },
  },
  {
    name: 'required',
    check: ({ claims, rules }) => {
      if (rules.requiredClaims.length > 0) checkRequiredClaims(claims, rules.requiredClaims);
    },
  },
];

/** Runs the built-in rules in one loop: the first that fails decides the error. */
export function checkClaimRules(input: ClaimRuleInput): void {
  for (const rule of CLAIM_RULES) rule.check(input);
}

function judge(outcome: unknown): void {
  if (outcome === false) throw new ClaimInvalidError('a claim check rejected the token');
  if (typeof outcome === 'string') throw new ClaimInvalidError(outcome);
}

function checkFailed(error: unknown): never {
  if (isTokenwardError(error)) throw error;
  throw new ClaimInvalidError('a claim check failed with an error', { cause: error });
}

/**
 * Runs the checks in order. Synchronous while every check answers synchronously (the common case),
 * so the verify path does not pay for a promise per check; from the first promise on, it awaits.
 */
export function runChecks(checks: readonly ClaimCheck[], claims: JwtClaims, context: CheckContext, from = 0): void | Promise<void> {
  for (let index = from; index < checks.length; index++) {
    let outcome: void | boolean | string | PromiseLike<void | boolean | string>;
    try {
      outcome = (checks[index] as ClaimCheck)(claims, context);
    } catch (error) {
      checkFailed(error);
    }
    if (isPromiseLike(outcome)) {
      return Promise.resolve(outcome)
        .then(judge, checkFailed)
        .then(() => runChecks(checks, claims, context, index + 1));
    }
    judge(outcome);
  }
}
