/**
 * @module @tokenward/cli
 *
 * The `tokenward` command line, and its parts as functions: `inspectToken` (why is this token
 * rejected?), `startDevIssuer` (an offline issuer with a token endpoint and personas), and
 * `startIntrospectionServer` (RFC 7662-style introspection over HTTP).
 */
export { inspectToken, type InspectExitCode, type InspectOptions, type InspectReport } from './inspect/inspect.js';
export { formatReport } from './inspect/format.js';
export type { CheckId, CheckLine, CheckStatus } from './inspect/checks.js';
export type { Diagnosis, DiagnosisCode } from './inspect/diagnose.js';
export {
  startDevIssuer,
  DEV_PROVIDERS,
  PERSONAS,
  type DevIssuer,
  type DevIssuerLogEntry,
  type DevIssuerOptions,
  type DevProvider,
  type MintOverrides,
  type Persona,
} from './dev-issuer/dev-issuer.js';
export {
  startIntrospectionServer,
  type CallerCredential,
  type IntrospectionLogEntry,
  type IntrospectionServer,
  type IntrospectionServerOptions,
} from './introspect/server.js';
export {
  ConfigError,
  loadConfig,
  parseConfig,
  PRESETS,
  resolveCallers,
  type ConfigCaller,
  type ConfigFile,
  type ConfigIntrospection,
  type ConfigIssuerEntry,
  type ConfiguredIssuer,
  type PresetName,
  type TokenwardConfig,
} from './config.js';
export { runCli, type CliIo } from './run-cli.js';
