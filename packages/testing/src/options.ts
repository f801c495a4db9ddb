/** Validates createTestIssuer() options once, so mistakes fail at setup rather than in a test's assertion. */
import { assertAlgorithm } from './algorithms.js';
import { providerDefinition } from './providers/index.js';
import type { ProviderDefinition, ProviderSettings, SettingName } from './providers/types.js';
import type { TestAlgorithm, TestIssuerOptions } from './types.js';

const KNOWN = new Set([
  'provider',
  'algorithms',
  'tenantId',
  'audience',
  'clientId',
  'projectId',
  'userPoolId',
  'realm',
  'jwksCacheControl',
  'port',
  'listen',
  'origin',
  'nextKey',
]);
const SETTINGS: readonly SettingName[] = ['audience', 'clientId', 'tenantId', 'projectId', 'userPoolId', 'realm'];
const SETTING_OWNERS: Readonly<Record<SettingName, string>> = {
  audience: 'most providers',
  clientId: 'most providers',
  tenantId: 'entra, entra-v1 and entra-external',
  projectId: 'firebase',
  userPoolId: 'cognito',
  realm: 'keycloak',
};

export interface ResolvedOptions {
  readonly provider: ProviderDefinition;
  readonly settings: ProviderSettings;
  readonly algorithms: readonly TestAlgorithm[];
  readonly jwksCacheControl: string | null;
  readonly port: number;
  readonly listen: boolean;
  /** The announced origin when not listening. */
  readonly origin: string | undefined;
  readonly nextKey: boolean;
}

function fail(message: string): never {
  throw new TypeError(`@tokenward/testing: createTestIssuer() ${message}`);
}

function checkOrigin(value: unknown): string {
  const text = typeof value === 'string' ? value : '';
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== text.replace(/\/$/, '')) {
    fail('origin must be an http: or https: origin without a path, such as http://127.0.0.1:4000');
  }
  return url.origin;
}

export function resolveOptions(options: TestIssuerOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) fail('options must be an object');
  for (const name of Object.keys(options)) if (!KNOWN.has(name)) fail(`has no option ${JSON.stringify(name)}`);
  const provider = providerDefinition(options.provider ?? 'generic');

  for (const name of SETTINGS) {
    if (options[name] !== undefined && !provider.settingNames.includes(name) && name !== 'audience' && name !== 'clientId') {
      fail(`${name} applies to ${SETTING_OWNERS[name]}, not to provider '${provider.name}'`);
    }
  }
  const settings = provider.settings(options);

  const algorithms = options.algorithms ?? ['RS256'];
  if (!Array.isArray(algorithms) || algorithms.length === 0) fail('algorithms must be a non-empty list');
  algorithms.forEach((alg) => assertAlgorithm('createTestIssuer() algorithms', alg));
  if (new Set(algorithms).size !== algorithms.length) fail('algorithms must not repeat (one key per algorithm)');
  const only = provider.onlyAlgorithms;
  if (only && algorithms.some((alg) => !only.includes(alg))) fail(`provider '${provider.name}' signs with ${only.join(', ')} only`);

  const jwksCacheControl = options.jwksCacheControl === undefined ? 'public, max-age=3600' : options.jwksCacheControl;
  if (jwksCacheControl !== null && typeof jwksCacheControl !== 'string') fail('jwksCacheControl must be a string or null');

  const listen = options.listen ?? true;
  if (typeof listen !== 'boolean') fail('listen must be a boolean');
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('port must be an integer from 0 to 65535');
  if (!listen && options.port !== undefined) fail('port needs listen: true');
  const origin = options.origin === undefined ? undefined : checkOrigin(options.origin);
  if (listen && origin !== undefined) fail('origin needs listen: false (a listening issuer announces its own address)');

  const nextKey = options.nextKey ?? false;
  if (typeof nextKey !== 'boolean') fail('nextKey must be a boolean');

  return { provider, settings, algorithms: [...algorithms], jwksCacheControl, port, listen, origin, nextKey };
}
