/**
 * Fauna access providers (the IdP JWT used directly as a Fauna secret): build the definition from a
 * tokenward issuer config, create or update it, render it as FSL, and check it against the IdP's
 * discovery document — where most misconfigurations show (a missing trailing slash on `issuer`).
 */
import type { IssuerConfig } from '@tokenward/core';
import type { Client } from 'fauna';
import { FaunaTokenError, faunaCodeOf, toFaunaTokenError } from './errors.js';
import { ensureAccessProviderQuery, readAccessProviderQuery, requireIdentifier, type StoredAccessProvider } from './fql.js';

/** Fauna's built-in roles: an access provider may only grant user-defined roles (Fauna refuses all four). */
export const BUILT_IN_ROLES: ReadonlySet<string> = new Set(['admin', 'server', 'server-readonly', 'client']);

/**
 * What Fauna puts before the database id in an access provider's `audience`. It is fixed in Fauna's core,
 * so a self-hosted Fauna uses it too, whatever its own host name.
 */
export const FAUNA_AUDIENCE_PREFIX = 'https://db.fauna.com/db/';

/** Words FQL keeps for itself: Fauna refuses them as access provider names (and `_`). */
const FQL_KEYWORDS = new Set(['if', 'else', 'at', 'match', 'case', 'let', 'null', 'true', 'false', 'isa', 'join', 'on', 'of', '_']);
const FQL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A role, optionally only for JWTs its FQL predicate accepts, e.g. `(jwt) => jwt!.scope.includes("orders:write")`. */
export type AccessProviderRole = string | { readonly role: string; readonly predicate: string };

export interface AccessProviderDefinition {
  readonly name: string;
  /** Exactly the IdP's `iss`, trailing slash included. */
  readonly issuer: string;
  readonly jwks_uri: string;
  readonly roles: readonly AccessProviderRole[];
}

export interface AccessProviderOptions {
  /** Name of the AccessProvider document. */
  readonly name: string;
  /** User-defined roles to grant (never `admin`, `server`, `server-readonly` or `client`), each once. At least one. */
  readonly roles: readonly AccessProviderRole[];
  /** Needed when the issuer config finds its keys through discovery (`oidc()`): the `jwks_uri` to trust. */
  readonly jwksUri?: string;
}

/** Fauna fetches the keys itself and accepts only an https `jwks_uri`, loopback included. */
function requireHttpsJwks(value: unknown): string {
  let url: URL | undefined;
  try {
    url = new URL(String(value));
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:') {
    throw new TypeError(
      `tokenward: fauna: jwksUri must be an https URL (Fauna refuses any other), found ${url === undefined ? JSON.stringify(value) : url.protocol}`,
    );
  }
  return String(value);
}

/** The issuer is compared as a string (Fauna does not fetch it): https, or http on loopback for a local IdP. */
function requireIssuerUrl(value: unknown): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new TypeError(`tokenward: fauna: issuer must be an https URL, found ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/.test(url.hostname))) {
    throw new TypeError(`tokenward: fauna: issuer must be an https URL (http only on loopback), found ${url.protocol}`);
  }
  return String(value);
}

function roleOf(value: unknown): AccessProviderRole {
  const name = typeof value === 'string' ? value : (value as { role?: unknown } | null)?.role;
  if (typeof name === 'string' && BUILT_IN_ROLES.has(name)) {
    throw new TypeError(
      `tokenward: fauna: access providers cannot grant the built-in role '${name}': define a role with only the privileges the users need`,
    );
  }
  requireIdentifier('role', name);
  if (typeof value === 'string') return value;
  const predicate = (value as { predicate?: unknown }).predicate;
  if (typeof predicate !== 'string' || predicate.trim() === '')
    throw new TypeError(
      `tokenward: fauna: the predicate of role '${String(name)}' must be FQL function text, e.g. "(jwt) => jwt!.scope.includes(\\"read\\")"`,
    );
  return { role: name as string, predicate };
}

/**
 * Builds an access provider definition from a tokenward issuer config (`auth0(…)`, `oidc(…)`, `jwks(…)`,
 * …; a preset returning several configs gives its first). The issuer is copied exactly, keys come from the
 * config's JWKS URL, and only user-defined roles are accepted. `TypeError` for anything Fauna cannot use.
 *
 * @example
 * const definition = defineAccessProvider(auth0({ domain: 'example.us.auth0.com', audience: faunaAudience }), { name: 'auth0', roles: ['customer'] });
 */
export function defineAccessProvider(
  issuer: IssuerConfig | readonly IssuerConfig[],
  options: AccessProviderOptions,
): AccessProviderDefinition {
  const config = Array.isArray(issuer) ? (issuer as readonly IssuerConfig[])[0] : (issuer as IssuerConfig);
  if (config === undefined || typeof config !== 'object')
    throw new TypeError("tokenward: fauna: defineAccessProvider needs an issuer config (a preset's result)");
  if (typeof options !== 'object' || options === null)
    throw new TypeError('tokenward: fauna: defineAccessProvider(issuer, { name, roles })');
  for (const key of Object.keys(options))
    if (!['name', 'roles', 'jwksUri'].includes(key)) throw new TypeError(`tokenward: fauna: unknown option '${key}'`);
  if (typeof config.issuer !== 'string') {
    throw new TypeError(
      'tokenward: fauna: a multi-tenant issuer (a {tenantid} template) cannot be an access provider: Fauna matches one exact issuer',
    );
  }
  if (typeof options.name !== 'string' || !FQL_IDENTIFIER.test(options.name) || FQL_KEYWORDS.has(options.name)) {
    throw new TypeError(
      `tokenward: fauna: name must be an FQL identifier ([A-Za-z_][A-Za-z0-9_]*, not an FQL keyword or _), as Fauna requires, found ${JSON.stringify(options.name)}`,
    );
  }
  if (!Array.isArray(options.roles) || options.roles.length === 0) {
    throw new TypeError('tokenward: fauna: list at least one role: without roles Fauna rejects every JWT from this issuer');
  }
  const roles = options.roles.map(roleOf);
  const names = roles.map((role) => (typeof role === 'string' ? role : role.role));
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined)
    throw new TypeError(
      `tokenward: fauna: role '${repeated}' is listed more than once: Fauna allows one entry per role (put alternatives into one predicate)`,
    );
  let jwksUri: string;
  const source = config.keySource;
  if (options.jwksUri !== undefined) jwksUri = options.jwksUri;
  else if (source.kind === 'jwks') jwksUri = source.uri;
  else if (source.kind === 'discovery')
    throw new TypeError(
      `tokenward: fauna: ${config.name} finds its keys through discovery: pass jwksUri (checkAccessProvider shows the discovery document's)`,
    );
  else throw new TypeError(`tokenward: fauna: ${config.name} has ${source.kind} keys; Fauna needs a JWKS URL (pass jwksUri)`);
  return Object.freeze({
    name: options.name,
    issuer: requireIssuerUrl(config.issuer),
    jwks_uri: requireHttpsJwks(jwksUri),
    roles: Object.freeze(roles),
  });
}

function quote(value: string): string {
  return JSON.stringify(value);
}

/**
 * The definition as FSL, for schemas managed with `fauna schema push`.
 *
 * @example
 * await writeFile('schema/auth0.fsl', accessProviderSchema(definition));
 */
export function accessProviderSchema(definition: AccessProviderDefinition): string {
  const roles = definition.roles.map((role) =>
    typeof role === 'string' ? `  role ${role}` : `  role ${role.role} {\n    predicate (${role.predicate})\n  }`,
  );
  return `access provider ${definition.name} {\n  issuer ${quote(definition.issuer)}\n  jwks_uri ${quote(definition.jwks_uri)}\n${roles.join('\n')}\n}\n`;
}

/**
 * Creates the access provider, or replaces it with this definition. Resolves what Fauna stored, including
 * the `audience` your IdP must put in the JWT's `aud`. Needs an admin key.
 *
 * @example
 * const { audience } = await ensureAccessProvider(adminFauna, definition);
 */
export async function ensureAccessProvider(client: Client, definition: AccessProviderDefinition): Promise<StoredAccessProvider> {
  try {
    const { data } = await client.query(
      ensureAccessProviderQuery({
        name: definition.name,
        issuer: definition.issuer,
        jwks_uri: definition.jwks_uri,
        roles: definition.roles.map((role) => (typeof role === 'string' ? role : { role: role.role, predicate: role.predicate })),
      }),
    );
    return data;
  } catch (error) {
    // Here a constraint failure is Fauna refusing the definition (or another provider has the issuer), not a race.
    if (faunaCodeOf(error) === 'constraint_failure') {
      const failures =
        (error as { constraint_failures?: readonly { paths?: readonly (readonly unknown[])[] }[] }).constraint_failures ?? [];
      const fields = [...new Set(failures.flatMap((failure) => (failure.paths ?? []).map((path) => path.join('.'))))];
      throw new FaunaTokenError(
        'fauna_query_failed',
        `Fauna refused the access provider: expected a definition it accepts, found a constraint failure on ${fields.length > 0 ? fields.join(', ') : 'a field'} (details in cause)`,
        { cause: error, faunaCode: 'constraint_failure' },
      );
    }
    throw toFaunaTokenError(error);
  }
}

/** Reads an access provider from Fauna, or `undefined` when there is none by that name. */
export async function readAccessProvider(client: Client, name: string): Promise<StoredAccessProvider | undefined> {
  try {
    const { data } = await client.query(readAccessProviderQuery(name));
    return data ?? undefined;
  } catch (error) {
    throw toFaunaTokenError(error);
  }
}

export interface AccessProviderMismatch {
  readonly field: 'issuer' | 'jwks_uri' | 'discovery' | 'audience';
  readonly expected: string;
  readonly found: string;
  readonly message: string;
}

export interface AccessProviderCheck {
  readonly ok: boolean;
  readonly discoveryUrl: string;
  readonly mismatches: readonly AccessProviderMismatch[];
  /** Things that are not wrong here but will stop JWTs (Entra cannot carry Fauna's audience). */
  readonly warnings: readonly string[];
}

export interface CheckOptions {
  readonly fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  /** Default `5000`. */
  readonly timeoutMs?: number;
  /** The audience Fauna expects (from `ensureAccessProvider`/`readAccessProvider`), checked against `expectedAudience`. */
  readonly audience?: string;
  /** The audience your IdP is configured to issue for Fauna (Auth0: the API identifier). */
  readonly expectedAudience?: string;
}

/** `${issuer}/.well-known/openid-configuration`, without doubling a trailing slash (OpenID Connect Discovery §4). */
export function discoveryUrlOf(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
}

function mismatch(field: AccessProviderMismatch['field'], expected: string, found: string, message: string): AccessProviderMismatch {
  return { field, expected, found, message };
}

/**
 * Fetches the IdP's discovery document and reports every way the access provider disagrees with it: an
 * `issuer` that differs (a missing or extra trailing slash included), a different `jwks_uri`, a discovery
 * document that cannot be read. Never throws for an unreachable IdP: that is a mismatch too.
 *
 * @example
 * const report = await checkAccessProvider(await readAccessProvider(adminFauna, 'auth0') ?? definition);
 * if (!report.ok) console.error(report.mismatches.map((m) => m.message).join('\n'));
 */
export async function checkAccessProvider(
  provider: Pick<AccessProviderDefinition, 'issuer' | 'jwks_uri'>,
  options: CheckOptions = {},
): Promise<AccessProviderCheck> {
  const fetcher = options.fetch ?? globalThis.fetch;
  const discoveryUrl = discoveryUrlOf(provider.issuer);
  const mismatches: AccessProviderMismatch[] = [];
  const warnings: string[] = [];
  if (
    /^https:\/\/(?:login\.microsoftonline\.(?:com|us)|login\.chinacloudapi\.cn|sts\.windows\.net|[^/]+\.ciamlogin\.com)\//i.test(
      provider.issuer,
    )
  ) {
    warnings.push(
      "Microsoft Entra ID cannot issue tokens for Fauna's audience (App ID URIs must be api://, or https on a verified domain), so Fauna will reject its JWTs; use the custom claims provider (flow 1) instead",
    );
  }
  if (options.audience !== undefined && options.expectedAudience !== undefined && options.audience !== options.expectedAudience) {
    mismatches.push(
      mismatch(
        'audience',
        options.audience,
        options.expectedAudience,
        `the IdP issues tokens for ${options.expectedAudience}, but Fauna accepts only ${options.audience} in aud`,
      ),
    );
  }
  let document: { issuer?: unknown; jwks_uri?: unknown };
  try {
    const response = await fetcher(discoveryUrl, { signal: AbortSignal.timeout(options.timeoutMs ?? 5000), redirect: 'error' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    document = (await response.json()) as typeof document;
    if (typeof document !== 'object' || document === null) throw new Error('no JSON object');
  } catch (error) {
    const found = error instanceof Error ? error.message : 'an error';
    mismatches.push(
      mismatch(
        'discovery',
        'a discovery document',
        found,
        `the discovery document ${discoveryUrl} could not be read (${found}): Fauna cannot be checked against it`,
      ),
    );
    return { ok: false, discoveryUrl, mismatches, warnings };
  }
  const issuer = typeof document.issuer === 'string' ? document.issuer : '(none)';
  if (issuer !== provider.issuer) {
    const slash = issuer.replace(/\/$/, '') === provider.issuer.replace(/\/$/, '');
    mismatches.push(
      mismatch(
        'issuer',
        issuer,
        provider.issuer,
        slash
          ? `issuer differs only by a trailing slash: the IdP issues ${JSON.stringify(issuer)}, the access provider has ${JSON.stringify(provider.issuer)}; Fauna compares exactly, so every JWT is rejected`
          : `issuer differs: the IdP issues ${JSON.stringify(issuer)}, the access provider has ${JSON.stringify(provider.issuer)}`,
      ),
    );
  }
  const jwksUri = typeof document.jwks_uri === 'string' ? document.jwks_uri : '(none)';
  if (jwksUri !== provider.jwks_uri) {
    mismatches.push(
      mismatch(
        'jwks_uri',
        jwksUri,
        provider.jwks_uri,
        `jwks_uri differs: the IdP publishes keys at ${jwksUri}, the access provider fetches ${provider.jwks_uri}`,
      ),
    );
  }
  return { ok: mismatches.length === 0, discoveryUrl, mismatches, warnings };
}
