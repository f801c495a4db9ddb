/**
 * The configuration file shared by `inspect --config` and `introspect --config`: a JSON document
 * listing trusted issuers as core presets, plus verifier options.
 */
import { readFile } from 'node:fs/promises';
import type { CallerCredential } from './introspect/caller-auth.js';
import {
  auth0,
  cognito,
  entra,
  firebase,
  google,
  jwks,
  keycloak,
  keys,
  oidc,
  okta,
  type IssuerConfig,
  type JwksOptions,
  type VerifierOptions,
} from '@tokenward/core';

/** Core presets a config file can name. */
export const PRESETS = {
  entra,
  auth0,
  cognito,
  firebase,
  google,
  okta,
  keycloak,
  oidc,
  jwks,
  keys,
} as const;

export type PresetName = keyof typeof PRESETS;

/** One issuer of the file: `preset` names a core preset, the other members are its options. */
export interface ConfigIssuerEntry {
  /** Names the issuer for `identity_provider` in introspection requests. Default: the preset name (numbered when repeated). */
  readonly id?: string;
  readonly preset: PresetName;
  readonly [option: string]: unknown;
}

/** The JSON document. */
export interface ConfigFile {
  readonly issuers: readonly ConfigIssuerEntry[];
  readonly clockToleranceSec?: number;
  readonly maxTokenBytes?: number;
  /** Key cache settings (numbers only: no `fetch` or `store` in a file). */
  readonly jwks?: Omit<JwksOptions, 'fetch' | 'store'>;
  /** `tokenward introspect` only: who may call it, and what inactive answers say. */
  readonly introspection?: ConfigIntrospection;
}

/**
 * One caller `introspect` accepts. Secrets never sit in the file: each names the environment variable
 * that holds it. Either a bearer credential, or client credentials.
 */
export type ConfigCaller = { readonly bearerTokenEnv: string } | { readonly clientId: string; readonly clientSecretEnv: string };

export interface ConfigIntrospection {
  readonly callers?: readonly ConfigCaller[];
  /** Inactive answers say only "inactive", and request errors name no configured issuer (RFC 7662 §2.2). Default false. */
  readonly withholdReasons?: boolean;
}

export interface ConfiguredIssuer {
  readonly id: string;
  readonly preset: PresetName;
  readonly configs: readonly IssuerConfig[];
}

/** A validated configuration: issuers built by core's presets, and the verifier options to use with them. */
export interface TokenwardConfig {
  readonly issuers: readonly ConfiguredIssuer[];
  readonly verifierOptions: Omit<VerifierOptions, 'issuers'>;
  /** The file's `introspection` section (callers by environment variable name, unresolved). */
  readonly introspection: { readonly callers: readonly ConfigCaller[]; readonly withholdReasons: boolean };
}

/** A configuration mistake: the CLI reports it and exits with 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const TOP_LEVEL = new Set(['issuers', 'clockToleranceSec', 'maxTokenBytes', 'jwks', 'introspection', '$schema']);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function parseCaller(entry: unknown, index: number, source: string): ConfigCaller {
  const where = `${source}: introspection.callers[${index}]`;
  if (!isRecord(entry))
    throw new ConfigError(`${where} must be an object: {"bearerTokenEnv": "NAME"} or {"clientId": "…", "clientSecretEnv": "NAME"}`);
  const names = Object.keys(entry).sort().join(',');
  const envName = (value: unknown, member: string): string => {
    if (typeof value !== 'string' || !ENV_NAME.test(value))
      throw new ConfigError(`${where}: ${member} must name an environment variable (letters, digits, _), found ${JSON.stringify(value)}`);
    return value;
  };
  if (names === 'bearerTokenEnv') return { bearerTokenEnv: envName(entry.bearerTokenEnv, 'bearerTokenEnv') };
  if (names === 'clientId,clientSecretEnv') {
    if (typeof entry.clientId !== 'string' || entry.clientId.length === 0)
      throw new ConfigError(`${where}: clientId must be a non-empty string`);
    return { clientId: entry.clientId, clientSecretEnv: envName(entry.clientSecretEnv, 'clientSecretEnv') };
  }
  throw new ConfigError(
    `${where}: expected {"bearerTokenEnv": "NAME"} or {"clientId": "…", "clientSecretEnv": "NAME"}, found members ${names || 'none'}`,
  );
}

function parseIntrospection(value: unknown, source: string): TokenwardConfig['introspection'] {
  if (value === undefined) return { callers: [], withholdReasons: false };
  if (!isRecord(value)) throw new ConfigError(`${source}: introspection must be an object`);
  for (const name of Object.keys(value)) {
    if (name !== 'callers' && name !== 'withholdReasons')
      throw new ConfigError(`${source}: introspection has no setting ${JSON.stringify(name)} (expected callers, withholdReasons)`);
  }
  if (value.callers !== undefined && !Array.isArray(value.callers))
    throw new ConfigError(`${source}: introspection.callers must be a list`);
  if (value.withholdReasons !== undefined && typeof value.withholdReasons !== 'boolean')
    throw new ConfigError(`${source}: introspection.withholdReasons must be true or false`);
  const callers = ((value.callers as unknown[] | undefined) ?? []).map((entry, index) => parseCaller(entry, index, source));
  return { callers, withholdReasons: value.withholdReasons === true };
}
const JWKS_NUMBERS = new Set([
  'cacheMaxAgeMs',
  'minCacheMaxAgeMs',
  'maxCacheMaxAgeMs',
  'cooldownMs',
  'staleIfErrorMs',
  'timeoutMs',
  'maxResponseBytes',
  'maxBackoffMs',
  'storeTimeoutMs',
  'lockWaitMs',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJwks(value: unknown, source: string): Omit<JwksOptions, 'fetch' | 'store'> | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) throw new ConfigError(`${source}: jwks must be an object`);
  for (const [name, option] of Object.entries(value)) {
    if (!JWKS_NUMBERS.has(name))
      throw new ConfigError(`${source}: jwks has no option ${JSON.stringify(name)} (a file can set ${[...JWKS_NUMBERS].join(', ')})`);
    if (typeof option !== 'number') throw new ConfigError(`${source}: jwks.${name} must be a number`);
  }
  return value as Omit<JwksOptions, 'fetch' | 'store'>;
}

function buildIssuer(
  entry: unknown,
  index: number,
  source: string,
): { id: string | undefined; preset: PresetName; configs: IssuerConfig[] } {
  const where = `${source}: issuers[${index}]`;
  if (!isRecord(entry)) throw new ConfigError(`${where} must be an object with a "preset"`);
  const { id, preset, ...options } = entry;
  if (typeof preset !== 'string' || !Object.hasOwn(PRESETS, preset)) {
    throw new ConfigError(`${where}: preset must be one of ${Object.keys(PRESETS).join(', ')}, found ${JSON.stringify(preset)}`);
  }
  if (id !== undefined && (typeof id !== 'string' || id.length === 0)) throw new ConfigError(`${where}: id must be a non-empty string`);
  const factory = PRESETS[preset as PresetName] as unknown as (options: Record<string, unknown>) => IssuerConfig | IssuerConfig[];
  try {
    const built = factory(options);
    return { id, preset: preset as PresetName, configs: Array.isArray(built) ? built : [built] };
  } catch (error) {
    // Core's presets throw a TypeError naming the option at fault.
    throw new ConfigError(`${where} (${preset}): ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Validates a parsed config document and builds its issuers with core's presets.
 *
 * @example
 * const config = parseConfig({ issuers: [{ preset: 'entra', tenantId: '…', audience: 'api://orders' }] });
 * const verifier = createVerifier({ ...config.verifierOptions, issuers: config.issuers.flatMap((i) => i.configs) });
 */
export function parseConfig(document: unknown, source = 'config'): TokenwardConfig {
  if (!isRecord(document)) throw new ConfigError(`${source}: expected a JSON object with "issuers"`);
  for (const name of Object.keys(document)) {
    if (!TOP_LEVEL.has(name))
      throw new ConfigError(
        `${source}: unknown setting ${JSON.stringify(name)} (expected issuers, clockToleranceSec, maxTokenBytes, jwks, introspection)`,
      );
  }
  const list = document.issuers;
  if (!Array.isArray(list) || list.length === 0) throw new ConfigError(`${source}: issuers must list at least one issuer`);
  const built = list.map((entry, index) => buildIssuer(entry, index, source));
  const counts = new Map<string, number>();
  const issuers = built.map(({ id, preset, configs }) => {
    const base = id ?? preset;
    const seen = counts.get(base) ?? 0;
    counts.set(base, seen + 1);
    if (id !== undefined && seen > 0) throw new ConfigError(`${source}: id ${JSON.stringify(id)} is used twice`);
    return { id: seen === 0 ? base : `${base}-${seen + 1}`, preset, configs };
  });
  for (const name of ['clockToleranceSec', 'maxTokenBytes'] as const) {
    if (document[name] !== undefined && typeof document[name] !== 'number') throw new ConfigError(`${source}: ${name} must be a number`);
  }
  const jwksOptions = parseJwks(document.jwks, source);
  const introspection = parseIntrospection(document.introspection, source);
  return {
    issuers,
    introspection,
    verifierOptions: {
      ...(document.clockToleranceSec === undefined ? {} : { clockToleranceSec: document.clockToleranceSec as number }),
      ...(document.maxTokenBytes === undefined ? {} : { maxTokenBytes: document.maxTokenBytes as number }),
      ...(jwksOptions === undefined ? {} : { jwks: jwksOptions }),
    },
  };
}

/** Reads and validates a JSON config file. Rejects with a `ConfigError`. */
export async function loadConfig(path: string): Promise<TokenwardConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new ConfigError(`${path} is not valid JSON`);
  }
  return parseConfig(document, path);
}

/**
 * The config's introspection callers with their secrets read from `env`. A variable that is unset or
 * empty is a `ConfigError` naming the variable (never a value).
 */
export function resolveCallers(
  callers: readonly ConfigCaller[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): CallerCredential[] {
  const read = (name: string, index: number): string => {
    const value = env[name];
    if (value === undefined || value === '')
      throw new ConfigError(`introspection.callers[${index}]: the environment variable ${name} is not set`);
    return value;
  };
  return callers.map((caller, index) =>
    'bearerTokenEnv' in caller
      ? { bearerToken: read(caller.bearerTokenEnv, index) }
      : { clientId: caller.clientId, clientSecret: read(caller.clientSecretEnv, index) },
  );
}
