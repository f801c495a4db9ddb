import { isSupportedAlgorithm, SUPPORTED_ALGORITHMS } from '../crypto/algorithms.js';
import { IssuerNotAllowedError } from '../shared/errors.js';
import { describeType, formatList, formatValue } from '../shared/format.js';
import { assertKeyUrl } from '../keys/index.js';
import { compileTenantTemplate, type IssuerMatcher } from '../issuers/entra.js';
import type { ClaimRules } from './check-claims.js';
import { normaliseTyp } from '../token/token-types.js';
import type { IssuerConfig, JwtClaims } from '../shared/types.js';
import { isNonNegativeNumber, isPositiveNumber, stringList } from '../shared/options.js';

/** An issuer after validation: its frozen config plus what the hot path needs precomputed. */
export interface CompiledIssuer {
  readonly config: IssuerConfig;
  readonly rules: ClaimRules;
  /** For an issuer matched by a rule (a tenant template) rather than one string: that rule. */
  readonly matches: IssuerMatcher | null;
}

export interface IssuerRegistry {
  /** Picks the issuer for a token's unverified `iss` (and `tid` for tenant templates), with no network access. */
  select(claims: JwtClaims): CompiledIssuer;
  readonly issuers: readonly CompiledIssuer[];
}

function fail(issuer: string, message: string): never {
  throw new TypeError(`tokenward: issuer ${issuer}: ${message}`);
}

function compileRules(config: IssuerConfig, label: string, defaultToleranceSec: number): ClaimRules {
  if (config.audience === undefined) {
    fail(label, 'audience is required (pass audience: null to turn the audience check off explicitly)');
  }
  let audiences: ReadonlySet<string> | null = null;
  if (config.audience !== null) {
    const list = stringList(config.audience);
    if (!list || list.length === 0 || list.some((a) => a.length === 0))
      fail(label, 'audience must be a non-empty string or array of strings');
    audiences = new Set(list);
  }
  const tolerance = config.clockToleranceSec ?? defaultToleranceSec;
  if (!isNonNegativeNumber(tolerance)) fail(label, 'clockToleranceSec must be a non-negative number');
  const maxAge = config.maxTokenAgeSec ?? null;
  if (maxAge !== null && !isPositiveNumber(maxAge)) fail(label, 'maxTokenAgeSec must be a positive number');
  let typ: ReadonlySet<string> | null = null;
  if (config.typ !== undefined && config.typ !== null) {
    const list = stringList(config.typ);
    if (!list || list.length === 0) fail(label, 'typ must be a non-empty string or array of strings');
    typ = new Set(list.map(normaliseTyp));
  }
  const required = config.requiredClaims ?? [];
  if (!Array.isArray(required) || !required.every((c) => typeof c === 'string' && c.length > 0)) {
    fail(label, 'requiredClaims must be an array of claim names');
  }
  const checks = config.checks ?? [];
  if (!Array.isArray(checks) || !checks.every((c) => typeof c === 'function')) fail(label, 'checks must be an array of functions');
  return { audiences, clockToleranceSec: tolerance, maxTokenAgeSec: maxAge, typ, requiredClaims: required, checks };
}

function compileKeySource(config: IssuerConfig, label: string): void {
  const source = config.keySource as IssuerConfig['keySource'] | undefined;
  if (!source || typeof source !== 'object') fail(label, 'keySource is required');
  switch (source.kind) {
    case 'jwks':
    case 'x509':
      assertKeyUrl(source.uri, `issuer ${label} keySource.uri`);
      return;
    case 'discovery':
      assertKeyUrl(source.url, `issuer ${label} keySource.url`);
      return;
    case 'static':
      if (!Array.isArray(source.keys) || source.keys.length === 0) fail(label, 'keySource.keys must list at least one key');
      return;
    default:
      fail(label, `unknown keySource kind ${JSON.stringify((source as { kind?: unknown }).kind)}`);
  }
}

function compileIssuer(config: IssuerConfig, defaultToleranceSec: number): CompiledIssuer {
  const issuerValue = typeof config.issuer === 'string' ? config.issuer : config.issuer?.template;
  if (typeof issuerValue !== 'string' || issuerValue.length === 0) {
    throw new TypeError('tokenward: every issuer needs an issuer string (or { template })');
  }
  const label = `${config.name ?? 'custom'} (${issuerValue})`;
  const matches =
    typeof config.issuer === 'string' ? null : compileTenantTemplate(issuerValue, config.allowedTenants, (message) => fail(label, message));
  compileKeySource(config, label);
  if (config.algorithms !== undefined) {
    if (!Array.isArray(config.algorithms) || config.algorithms.length === 0) fail(label, 'algorithms must be a non-empty array');
    for (const alg of config.algorithms) {
      if (!isSupportedAlgorithm(alg))
        fail(label, `algorithm ${JSON.stringify(alg)} is not supported (use ${SUPPORTED_ALGORITHMS.join(', ')})`);
    }
  }
  const rules = compileRules(config, label, defaultToleranceSec);
  return { config: Object.freeze({ ...config }), rules, matches };
}

export function createIssuerRegistry(configs: readonly IssuerConfig[], defaultToleranceSec: number): IssuerRegistry {
  if (!Array.isArray(configs) || configs.length === 0) {
    throw new TypeError('tokenward: createVerifier needs at least one issuer');
  }
  const exact = new Map<string, CompiledIssuer>();
  const matched: { matches: IssuerMatcher; issuer: CompiledIssuer }[] = [];
  const compiled = configs.map((config) => compileIssuer(config, defaultToleranceSec));
  for (const issuer of compiled) {
    const value = issuer.config.issuer;
    if (issuer.matches) {
      matched.push({ matches: issuer.matches, issuer });
    } else if (typeof value === 'string') {
      if (exact.has(value)) throw new TypeError(`tokenward: issuer ${value} is configured twice`);
      exact.set(value, issuer);
    }
  }
  const expectedIssuers = compiled.map((c) => (typeof c.config.issuer === 'string' ? c.config.issuer : c.config.issuer.template));

  return {
    issuers: compiled,
    select(claims) {
      const iss = claims.iss;
      if (typeof iss !== 'string') {
        const what = iss === undefined ? 'has no issuer ("iss")' : 'has an issuer ("iss") that is not a string';
        throw new IssuerNotAllowedError(`the token ${what}: expected ${formatList(expectedIssuers)}`, {
          claim: 'iss',
          expected: expectedIssuers,
          found: iss === undefined ? 'none' : describeType(iss),
        });
      }
      const direct = exact.get(iss);
      if (direct) return direct;
      for (const { matches, issuer } of matched) if (matches(iss, claims)) return issuer;
      throw new IssuerNotAllowedError(
        `the token comes from an issuer that is not configured: expected ${formatList(expectedIssuers)}, found ${formatValue(iss)}`,
        {
          claim: 'iss',
          expected: expectedIssuers,
          found: iss,
        },
      );
    },
  };
}
