/**
 * `tokenward inspect`: why is this token accepted or rejected? Decodes the token, finds its issuer's
 * configuration (config file, or discovery), runs core's verifier until every check has been seen, and
 * returns a checklist and a diagnosis. The token is only ever handed to core's verifier, in process.
 */
import { createVerifier, jwks, toTokenwardError, type FetchLike, type IssuerConfig, type TokenwardErrorUnion } from '@tokenward/core';
import type { TokenwardConfig } from '../config.js';
import { cleanTokenInput, decodeToken } from '../decode.js';
import { CHECK_LABELS, CHECK_ORDER, CHECK_STAGE, type CheckId, type CheckLine } from './checks.js';
import { diagnose, formatDuration, type Diagnosis } from './diagnose.js';
import { DiscoveryError, discoverIssuer } from './discover.js';
import { createFetchOnce } from './fetch-once.js';
import { runChecks, type RunChecksResult } from './run-checks.js';

export interface InspectOptions {
  /** Trusted issuers from a config file (`--config`). */
  readonly config?: TokenwardConfig;
  /** The issuer you expect (`--issuer`): its discovery document and keys are fetched. */
  readonly issuer?: string;
  /**
   * Fetch discovery and keys from the token's own (unverified) `iss` (`--trust-token-issuer`). Without
   * `config`, `issuer` or this, nothing is fetched and the signature is reported as not checked.
   * Default false.
   */
  readonly trustTokenIssuer?: boolean;
  /** Audiences your API accepts (`--audience`). Without a config or this, the audience is not checked. */
  readonly audience?: readonly string[];
  /** Entra: the tenant your API trusts (`--tenant`). Default: the issuer's own. */
  readonly tenantId?: string;
  /** Scopes the route requires (`--scope`), all of them. */
  readonly scopes?: readonly string[];
  /** App roles the route requires (`--role`), all of them. */
  readonly roles?: readonly string[];
  /** Clock in epoch milliseconds. Default `Date.now()`. */
  readonly now?: number;
  /** Fetch for discovery and keys. Default `globalThis.fetch`. */
  readonly fetch?: FetchLike;
  /** Per request, discovery and keys. Default 5000. */
  readonly timeoutMs?: number;
}

export type InspectExitCode = 0 | 1 | 2;

export interface InspectReport {
  readonly valid: boolean;
  /** 0 valid, 1 invalid, 2 could not check (network or configuration). */
  readonly exitCode: InspectExitCode;
  /** Decoded, unverified: for reading only. */
  readonly header: Readonly<Record<string, unknown>> | undefined;
  readonly claims: Readonly<Record<string, unknown>> | undefined;
  readonly issuer: {
    /** `config`: from `--config`; `discovery`: from the token's `iss` (`--trust-token-issuer`); `pinned`: from `--issuer`; `none`: no issuer named, nothing fetched. */
    readonly source: 'config' | 'discovery' | 'pinned' | 'none';
    readonly iss: string | undefined;
    /** The preset that checked the token (`entra`, `oidc`, `auth0` …). */
    readonly preset: string | undefined;
    readonly discoveryUrl: string | undefined;
    readonly jwksUri: string | undefined;
  };
  /** The key that verified the signature, or the one the header names. */
  readonly key: { readonly kid: string | undefined; readonly alg: string | undefined; readonly verified: boolean };
  readonly expiresAt: string | undefined;
  /** Negative once expired. */
  readonly expiresInSec: number | undefined;
  readonly checks: readonly CheckLine[];
  readonly diagnosis: Diagnosis;
  /** Things worth knowing that are not failures (unchecked audience, v1 token, ID token …). */
  readonly notes: readonly string[];
  /** Every URL contacted (discovery and keys; never with the token), without query strings. */
  readonly contacted: readonly string[];
}

const GRAPH_HINT = /graph/i;

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function keyUrlOf(config: IssuerConfig | undefined): string | undefined {
  const source = config?.keySource;
  if (!source) return undefined;
  return source.kind === 'discovery' ? source.url : source.kind === 'static' ? 'static keys' : source.uri;
}

/** Core's default clock tolerance. */
const DEFAULT_CLOCK_TOLERANCE_SEC = 60;

function passedDetail(
  id: CheckId,
  report: {
    claims: Readonly<Record<string, unknown>>;
    header: Readonly<Record<string, unknown>>;
    result: RunChecksResult;
    nowMs: number;
    scopes: readonly string[];
    roles: readonly string[];
    toleranceSec: number;
  },
): string {
  const { claims, header, result } = report;
  const key = result.verified?.key;
  switch (id) {
    case 'format':
      return 'a signed JWT (JWS compact serialization)';
    case 'issuer':
      return `${str(claims.iss) ?? ''} is trusted`;
    case 'algorithm':
      return `${str(header.alg) ?? ''} is allowed`;
    case 'key':
      return `kid ${key?.kid ?? str(header.kid) ?? '(none)'} is published by the issuer`;
    case 'signature':
      return `verified with kid ${key?.kid ?? str(header.kid) ?? '(none)'} (${key?.alg ?? str(header.alg) ?? ''})`;
    case 'expiry': {
      const exp = claims.exp as number;
      const left = exp - report.nowMs / 1000;
      const until = new Date(exp * 1000).toISOString();
      return left >= 0
        ? `valid until ${until} (${formatDuration(left)} left)`
        : `expired ${formatDuration(left)} ago (${until}), within the ${report.toleranceSec} s clock tolerance`;
    }
    case 'not-before':
      return typeof claims.nbf === 'number'
        ? `valid since ${new Date(claims.nbf * 1000).toISOString()}`
        : 'no "nbf"; "iat" is not in the future';
    case 'audience':
      return `${[claims.aud].flat().join(', ')} is accepted`;
    case 'tenant':
      return `${str(claims.tid) ?? ''} is trusted`;
    case 'claims':
      return "type, required claims and the preset's own checks pass";
    case 'scope':
      return `has ${report.scopes.join(', ')}`;
    case 'role':
      return `has ${report.roles.join(', ')}`;
  }
}

function failedLine(id: CheckId, error: TokenwardErrorUnion): CheckLine {
  return {
    id,
    label: CHECK_LABELS[id],
    status: 'failed',
    detail: error.message,
    code: error.code,
    ...(error.expected === undefined ? {} : { expected: error.expected }),
    ...(error.found === undefined ? {} : { found: error.found }),
  };
}

function buildChecklist(
  result: RunChecksResult,
  context: {
    claims: Readonly<Record<string, unknown>>;
    header: Readonly<Record<string, unknown>>;
    nowMs: number;
    scopes: readonly string[];
    roles: readonly string[];
    configs: readonly IssuerConfig[];
    toleranceSec: number;
  },
): CheckLine[] {
  const entraLike = (result.matched ?? context.configs[0])?.name === 'entra';
  const lines: CheckLine[] = [];
  for (const id of CHECK_ORDER) {
    if (id === 'tenant' && !entraLike) continue;
    const error = result.failures.get(id);
    if (error) {
      lines.push(failedLine(id, error));
      continue;
    }
    const skip = (detail: string) => lines.push({ id, label: CHECK_LABELS[id], status: 'skipped', detail });
    if (id === 'scope' && context.scopes.length === 0) {
      skip('no scope required (pass --scope)');
      continue;
    }
    if (id === 'role' && context.roles.length === 0) {
      skip('no app role required (pass --role)');
      continue;
    }
    if (id === 'key' && result.unavailable) {
      lines.push({ id, label: CHECK_LABELS[id], status: 'failed', detail: result.unavailable.message, code: 'jwks_unavailable' });
      continue;
    }
    const reached = result.verified !== undefined || (result.stoppedAt !== undefined && CHECK_STAGE[id] < CHECK_STAGE[result.stoppedAt]);
    if (!reached) {
      const after = result.stoppedAt ? CHECK_LABELS[result.stoppedAt] : 'an earlier check';
      skip(
        id === 'scope' || id === 'role' ? 'not checked: the token must verify first' : `not checked: the ${after} check must pass first`,
      );
      continue;
    }
    if (id === 'audience' && result.matched?.audience === null && !result.failures.has('audience')) {
      skip('not checked: no audience configured (pass --audience or --config)');
      continue;
    }
    lines.push({ id, label: CHECK_LABELS[id], status: 'passed', detail: passedDetail(id, { ...context, result }) });
  }
  return lines;
}

function notesFor(
  claims: Readonly<Record<string, unknown>>,
  source: InspectReport['issuer']['source'],
  audienceUnconfigured: boolean,
  valid: boolean,
): string[] {
  const notes: string[] = [];
  if (source === 'discovery') {
    notes.push(
      'The issuer was taken from the token itself (--trust-token-issuer) and its discovery document fetched: pin the issuer you expect with --issuer <url> or --config <file>.',
    );
  }
  if (audienceUnconfigured)
    notes.push("The audience was not checked: pass --audience <your API's identifier> (Entra: the client id and/or App ID URI).");
  if (claims.nonce !== undefined || claims.at_hash !== undefined) {
    notes.push(
      'This looks like an ID token (it carries nonce or at_hash): ID tokens tell a client who signed in; APIs should receive access tokens.',
    );
  }
  if (valid && claims.ver === '1.0') {
    notes.push(
      'This is an Entra ID v1.0 token: APIs whose app registration sets "accessTokenAcceptedVersion": 2 receive v2.0 tokens instead.',
    );
  }
  if (valid && typeof claims.aud === 'string' && GRAPH_HINT.test(claims.aud))
    notes.push('The audience mentions Graph: make sure this token is meant for your API.');
  return notes;
}

function couldNotCheck(
  message: string,
  partial: Partial<Pick<InspectReport, 'header' | 'claims' | 'issuer' | 'contacted'>>,
): InspectReport {
  return {
    valid: false,
    exitCode: 2,
    header: partial.header,
    claims: partial.claims,
    issuer: partial.issuer ?? { source: 'none', iss: undefined, preset: undefined, discoveryUrl: undefined, jwksUri: undefined },
    key: { kid: str(partial.header?.kid), alg: str(partial.header?.alg), verified: false },
    expiresAt: undefined,
    expiresInSec: undefined,
    checks: [],
    diagnosis: {
      code: 'could_not_check',
      summary: message,
      fix: 'check the issuer URL and your network, or pass --config <file> listing the issuers you trust',
    },
    notes: [],
    contacted: (partial.contacted ?? []).map(withoutQuery),
  };
}

/** The URL as contacted, without its query string (which may carry anything a discovery document chose). */
export function withoutQuery(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url.split(/[?#]/)[0] ?? url;
  }
}

export const NO_ISSUER_DETAIL = 'not checked: no issuer named';

/** Nothing names an issuer to trust: decoded and shown, but no network request and no verdict. */
function noIssuerReport(
  header: Readonly<Record<string, unknown>>,
  claims: Readonly<Record<string, unknown>>,
  nowMs: number,
): InspectReport {
  const iss = str(claims.iss);
  const checks: CheckLine[] = CHECK_ORDER.filter((id) => id !== 'tenant').map((id) =>
    id === 'format'
      ? { id, label: CHECK_LABELS[id], status: 'passed', detail: 'decodes as a JWT (header and claims shown unverified)' }
      : { id, label: CHECK_LABELS[id], status: 'skipped', detail: NO_ISSUER_DETAIL },
  );
  const exp = typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp : undefined;
  return {
    valid: false,
    exitCode: 2,
    header,
    claims,
    issuer: { source: 'none', iss, preset: undefined, discoveryUrl: undefined, jwksUri: undefined },
    key: { kid: str(header.kid), alg: str(header.alg), verified: false },
    expiresAt: exp === undefined ? undefined : new Date(exp * 1000).toISOString(),
    expiresInSec: exp === undefined ? undefined : Math.round(exp - nowMs / 1000),
    checks,
    diagnosis: {
      code: 'issuer_not_named',
      summary: 'the signature was not checked: no issuer named (a token\'s own "iss" is not trusted to say where its keys are)',
      fix: `name the issuer you trust: --issuer <url>, or --config <file>; or, if you trust where this token came from, --trust-token-issuer to fetch the keys of its own iss${iss === undefined ? '' : ` (${iss})`}`,
    },
    notes: [],
    contacted: [],
  };
}

/** A token that does not decode: core's verdict, from a verifier that can never reach the network. */
async function malformedReport(
  token: string,
  reason: string,
  header: Readonly<Record<string, unknown>> | undefined,
  maxTokenBytes: number | undefined,
): Promise<InspectReport> {
  let error: TokenwardErrorUnion | undefined;
  try {
    const offline = createVerifier({
      ...(maxTokenBytes === undefined ? {} : { maxTokenBytes }),
      issuers: [jwks({ issuer: 'https://inspect.invalid', jwksUri: 'https://inspect.invalid/keys', audience: null })],
    });
    await offline.verify(token);
  } catch (thrown) {
    error = toTokenwardError(thrown);
  }
  // One message for the line and the diagnosis: core's when it found the token malformed (its size
  // limit comes before any parsing), else what decoding found.
  const message = error?.code === 'token_malformed' ? error.message : reason;
  const oversized = error?.code === 'token_malformed' && typeof error.expected === 'string' && error.expected.startsWith('at most');
  const line: CheckLine = { id: 'format', label: CHECK_LABELS.format, status: 'failed', detail: message, code: 'token_malformed' };
  const diagnosis: Diagnosis =
    !oversized && reason.startsWith('an encrypted token')
      ? {
          code: 'encrypted_token',
          summary: `this is ${reason}; APIs cannot verify it`,
          fix: 'request an access token for your API (Auth0: pass audience=<your API identifier>; Entra: request a scope of your API, not an ID token)',
        }
      : {
          code: 'malformed',
          summary: `this is not a signed JWT: ${message}`,
          fix: "send the access_token of the token response as it is (three base64url parts separated by dots); opaque tokens can only be checked by their issuer's introspection endpoint",
        };
  return {
    valid: false,
    exitCode: 1,
    header,
    claims: undefined,
    issuer: { source: 'none', iss: undefined, preset: undefined, discoveryUrl: undefined, jwksUri: undefined },
    key: { kid: str(header?.kid), alg: str(header?.alg), verified: false },
    expiresAt: undefined,
    expiresInSec: undefined,
    checks: [line],
    diagnosis,
    notes: [],
    contacted: [],
  };
}

/**
 * Checks a token the way core's verifier does and explains the outcome.
 *
 * @example
 * const report = await inspectToken(token, { config: await loadConfig('tokenward.json'), scopes: ['Orders.Read'] });
 * console.log(report.diagnosis.summary); // "the token expired 2 h ago, at …"
 */
export async function inspectToken(input: string, options: InspectOptions = {}): Promise<InspectReport> {
  const token = cleanTokenInput(input);
  const nowMs = options.now ?? Date.now();
  const timeoutMs = options.timeoutMs ?? 5000;
  const scopes = options.scopes ?? [];
  const roles = options.roles ?? [];
  const decoded = decodeToken(token);
  if (!decoded.ok) return malformedReport(token, decoded.reason, decoded.header, options.config?.verifierOptions.maxTokenBytes);
  const { header, claims } = decoded;
  const once = createFetchOnce(options.fetch);

  let configs: readonly IssuerConfig[];
  let issuer: InspectReport['issuer'];
  let verifierOptions = options.config?.verifierOptions ?? {};
  if (options.config) {
    configs = options.config.issuers.flatMap((entry) => entry.configs);
    issuer = { source: 'config', iss: str(claims.iss), preset: undefined, discoveryUrl: undefined, jwksUri: undefined };
  } else {
    if (options.issuer === undefined && options.trustTokenIssuer !== true) return noIssuerReport(header, claims, nowMs);
    const expected = options.issuer ?? str(claims.iss);
    const source = options.issuer ? 'pinned' : 'discovery';
    if (expected === undefined) {
      return couldNotCheck(
        'the token has no issuer ("iss"), so its configuration cannot be discovered: pass --issuer <url> or --config <file>',
        { header, claims, issuer: { source, iss: undefined, preset: undefined, discoveryUrl: undefined, jwksUri: undefined } },
      );
    }
    try {
      const found = await discoverIssuer({
        issuer: expected,
        audience: options.audience && options.audience.length > 0 ? options.audience : null,
        ...(options.tenantId ? { tenantId: options.tenantId } : {}),
        fetch: once.fetch,
        timeoutMs,
      });
      configs = found.configs;
      issuer = { source, iss: str(claims.iss), preset: found.kind, discoveryUrl: found.discoveryUrl, jwksUri: found.jwksUri };
    } catch (error) {
      if (error instanceof DiscoveryError) {
        return couldNotCheck(error.message, {
          header,
          claims,
          contacted: once.requested,
          issuer: { source, iss: str(claims.iss), preset: undefined, discoveryUrl: undefined, jwksUri: undefined },
        });
      }
      throw error;
    }
    verifierOptions = { jwks: { timeoutMs } };
  }

  const result = await runChecks({ token, claims, alg: header.alg, configs, verifierOptions, fetch: once.fetch, nowMs, scopes, roles });
  const toleranceSec = result.matched?.clockToleranceSec ?? verifierOptions.clockToleranceSec ?? DEFAULT_CLOCK_TOLERANCE_SEC;
  const checks = buildChecklist(result, { claims, header, nowMs, scopes, roles, configs, toleranceSec });
  const valid = result.verified !== undefined && result.failures.size === 0;
  const exitCode: InspectExitCode = result.failures.size > 0 ? 1 : result.unavailable ? 2 : 0;
  const diagnosis: Diagnosis =
    result.unavailable && result.failures.size === 0
      ? {
          code: 'keys_unavailable',
          summary: `the issuer's keys could not be fetched: ${result.unavailable.message}`,
          fix: 'check that the issuer is reachable from here (proxy, firewall, DNS) and try again',
        }
      : diagnose({ failures: result.failures, header, claims, configs, nowMs });
  const exp = typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp : undefined;
  const matched = result.matched;
  // The note is about configuration (no audience was given), not about a run that stopped before the audience check.
  const audienceUnconfigured = options.config ? matched !== undefined && matched.audience === null : (options.audience ?? []).length === 0;
  return {
    valid,
    exitCode,
    header,
    claims,
    issuer: {
      ...issuer,
      preset: issuer.preset ?? matched?.name,
      jwksUri: issuer.jwksUri ?? keyUrlOf(matched),
    },
    key: {
      kid: result.verified?.key.kid ?? str(header.kid),
      alg: result.verified?.key.alg ?? str(header.alg),
      verified: result.verified !== undefined && !result.failures.has('signature'),
    },
    expiresAt: exp === undefined ? undefined : new Date(exp * 1000).toISOString(),
    expiresInSec: exp === undefined ? undefined : Math.round(exp - nowMs / 1000),
    checks,
    diagnosis,
    notes: notesFor(claims, issuer.source, audienceUnconfigured, valid),
    contacted: once.requested.map(withoutQuery),
  };
}
