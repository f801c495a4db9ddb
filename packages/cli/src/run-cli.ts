/** Argument parsing and the commands of the `tokenward` bin. Exit codes: 0 ok/valid, 1 invalid, 2 could not check or usage. */
import { open } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { defaultScopeFor, DEV_PROVIDERS, PERSONAS, startDevIssuer, type DevIssuer, type DevProvider } from './dev-issuer/dev-issuer.js';
import { formatReport } from './inspect/format.js';
import { jsonTerminalSafe } from './inspect/terminal-text.js';
import { inspectToken } from './inspect/inspect.js';
import { startIntrospectionServer } from './introspect/server.js';

/** Where the CLI reads and writes; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The whole of standard input. */
  readonly readStdin: () => Promise<string>;
  readonly stdinIsTTY: boolean;
  /** Resolves with the signal's name when the process is asked to stop (SIGINT, SIGTERM). */
  readonly waitForShutdown: () => Promise<string>;
  /** The package version, for `--version`. */
  readonly version?: string;
}

/**
 * Token input is read up to 1 MiB and one byte, whatever the channel (argument, standard input, file):
 * anything longer is far past core's token size limit, and reading stops there, so every channel gets
 * the same diagnosis ("the token is too large") without reading the rest into memory.
 */
const MAX_INPUT_BYTES = 1024 * 1024;

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(buffer);
    size += buffer.length;
    if (size > MAX_INPUT_BYTES) break;
  }
  return Buffer.concat(chunks)
    .subarray(0, MAX_INPUT_BYTES + 1)
    .toString('utf8');
}

async function readTokenFile(path: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(MAX_INPUT_BYTES + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await file.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled).toString('utf8');
  } finally {
    await file.close();
  }
}

/** Standard streams and process signals. */
export function processIo(version?: string): CliIo {
  return {
    ...(version === undefined ? {} : { version }),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: readProcessStdin,
    stdinIsTTY: process.stdin.isTTY === true,
    waitForShutdown: () =>
      new Promise((resolve) => {
        // The listeners stay: a second Ctrl+C exits at once, and loaders that exit when the last
        // listener is gone (tsx) do not cut the graceful shutdown short.
        let stopping = false;
        const stop = (signal: string) => {
          if (stopping) process.exit(130);
          stopping = true;
          resolve(signal);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      }),
  };
}

class UsageError extends Error {
  override readonly name = 'UsageError';
}

const INSPECT_HELP = `tokenward inspect [<token> | -] [options]   why is this token accepted or rejected?
  <token> | -              the token, or - for standard input (default when stdin is piped)
  --file <path>            read the token from a file
  --config <file>          trusted issuers (JSON, core presets)
  --issuer <url>           the issuer you expect: discovery and keys are fetched from it
  --trust-token-issuer     fetch discovery and keys from the token's own iss (an unverified claim)
                           without --config, --issuer or this, nothing is fetched and the
                           signature is reported "not checked: no issuer named"
  --audience <aud>         accepted audience (repeatable); without it and --config, not checked
  --tenant <id>            Entra: the tenant your API trusts (default: the issuer's)
  --scope <scope>          require this scope (repeatable)
  --role <role>            require this app role (repeatable)
  --timeout-ms <ms>        per request for discovery and keys (default 5000)
  --json                   machine-readable report
  -h, --help               this help
  Exit: 0 valid, 1 invalid, 2 could not check (network, configuration, no issuer named, usage)
`;

const DEV_ISSUER_HELP = `tokenward dev-issuer [options]   a local issuer with a token endpoint and personas (development only)
  --provider <name>        ${DEV_PROVIDERS.join(', ')} (default entra)
  --port <n>               default 4000 (0: any free port)
  --host <addr>            loopback only (default 127.0.0.1)
  --audience <aud>         aud of minted tokens (default: per provider)
  --client-id <id>         the token endpoint's client (default: per provider)
  --client-secret <s>      default dev-secret
  --scope <scope>          scopes of user/admin (repeatable; default Orders.Read)
  --admin-role <role>      roles of admin (repeatable; default Orders.Admin)
  --app-role <role>        roles of app and client credentials tokens (repeatable; default Orders.Admin)
  --quiet                  no request log
  -h, --help               this help
`;

const MINT_HELP = `tokenward mint [<persona>] [options]   get a token from a running dev issuer
  <persona>                ${PERSONAS.join(', ')} (default user)
  --url <url>              the dev issuer (default http://127.0.0.1:4000)
  --scope, --role          replace the persona's scopes or roles (repeatable)
  --claim <name=value>     set a claim (repeatable; value parsed as JSON when it can be)
  --expires-in <sec>       lifetime (default 3600)
  --json                   the whole token response
  -h, --help               this help
`;

const INTROSPECT_HELP = `tokenward introspect --config <file> [options]   RFC 7662-style introspection service
  --config <file>              trusted issuers and introspection.callers (required)
  --port <n>                   default 8080
  --host <addr>                default 127.0.0.1
  --allow-unauthenticated      answer callers without credentials (loopback hosts only)
  --withhold-reasons           inactive answers say only "the token is not active" (RFC 7662 §2.2)
  --max-body-bytes <n>         default 65536 (larger requests: 413)
  --headers-timeout-ms <n>     default 10000 (also closes connections that send nothing)
  --request-timeout-ms <n>     default 30000
  --keep-alive-timeout-ms <n>  default 5000
  --max-connections <n>        default 512 (at the cap, the oldest idle connection is closed)
  --shutdown-timeout-ms <n>    default 10000
  -h, --help                   this help
`;

export const HELP = `tokenward: check bearer tokens, run an offline issuer, serve token introspection.

Usage
  tokenward inspect [<token> | -] [options]   why is this token accepted or rejected?
  tokenward dev-issuer [options]              a local issuer with a token endpoint and personas
  tokenward mint [<persona>] [options]        get a token from a running dev issuer
  tokenward introspect --config <file>        RFC 7662-style introspection service
  tokenward <command> --help                  the options of one command

${INSPECT_HELP}
${DEV_ISSUER_HELP}
${MINT_HELP}
${INTROSPECT_HELP}`;

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals: boolean) {
  try {
    return parseArgs({ args, options: { ...options, ...HELP_OPTION }, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new UsageError(`${name} must be a non-negative integer`);
  return number;
}

async function inspectCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      file: { type: 'string' },
      config: { type: 'string' },
      issuer: { type: 'string' },
      audience: { type: 'string', multiple: true },
      tenant: { type: 'string' },
      scope: { type: 'string', multiple: true },
      role: { type: 'string', multiple: true },
      'timeout-ms': { type: 'string' },
      'trust-token-issuer': { type: 'boolean' },
      json: { type: 'boolean' },
    },
    true,
  );
  if (values.help) {
    io.stdout(INSPECT_HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError('inspect takes one token');
  if (values['trust-token-issuer'] && (values.config !== undefined || values.issuer !== undefined)) {
    throw new UsageError("--trust-token-issuer fetches from the token's own iss: use it without --config and --issuer");
  }
  if (values.config !== undefined && (values.issuer !== undefined || values.tenant !== undefined)) {
    throw new UsageError('--config lists the trusted issuers: use it without --issuer and --tenant');
  }
  let token: string;
  const [positional] = positionals;
  if (values.file !== undefined) {
    if (positional !== undefined) throw new UsageError('give the token as an argument or with --file, not both');
    try {
      token = await readTokenFile(values.file);
    } catch {
      throw new UsageError(`cannot read ${values.file}`);
    }
  } else if (positional === '-' || (positional === undefined && !io.stdinIsTTY)) {
    token = await io.readStdin();
  } else if (positional !== undefined) {
    token = positional;
  } else {
    throw new UsageError('give a token: tokenward inspect <token>, tokenward inspect -, or --file <path>');
  }
  if (token.trim().length === 0) throw new UsageError('the token is empty');
  const config = values.config === undefined ? undefined : await loadConfig(values.config);
  const report = await inspectToken(token, {
    ...(config ? { config } : {}),
    ...(values.issuer === undefined ? {} : { issuer: values.issuer }),
    ...(values.audience === undefined ? {} : { audience: values.audience }),
    ...(values.tenant === undefined ? {} : { tenantId: values.tenant }),
    ...(values['trust-token-issuer'] ? { trustTokenIssuer: true } : {}),
    scopes: values.scope ?? [],
    roles: values.role ?? [],
    timeoutMs: integer(values['timeout-ms'], '--timeout-ms', 5000),
  });
  io.stdout(values.json ? `${jsonTerminalSafe(JSON.stringify(report, null, 2))}\n` : formatReport(report));
  return report.exitCode;
}

function presetSnippet(dev: DevIssuer): string {
  switch (dev.provider) {
    case 'entra':
      return `entra({ tenantId: '${dev.tenantId ?? ''}', audience: '${dev.audience}', authority: '${dev.url}' })`;
    case 'auth0':
      return `auth0({ domain: 'dev.example', audience: '${dev.audience}', authority: '${dev.url}' })`;
    case 'cognito':
      return `cognito({ userPoolId: '${dev.userPoolId ?? ''}', tokenUse: 'access', clientId: '${dev.clientId}', authority: '${dev.url}' })`;
    case 'okta':
      return `okta({ domain: 'dev.example', audience: '${dev.audience}', authority: '${dev.url}' })`;
    case 'keycloak':
      return `keycloak({ baseUrl: '${dev.url}', realm: '${dev.realm ?? ''}', audience: '${dev.audience}', clientId: '${dev.clientId}' })`;
    case 'google':
      return `google({ audience: '${dev.audience}', authority: '${dev.url}', jwksUri: '${dev.jwksUri}' })`;
    case 'firebase':
      return `firebase({ projectId: '${dev.projectId ?? ''}', authority: '${dev.url}', certsUrl: '${dev.jwksUri}' })`;
    case 'generic':
      return `oidc({ issuer: '${dev.issuer}', audience: '${dev.audience}' })`;
  }
}

function devBanner(dev: DevIssuer): string {
  const clientCredentials = [
    `curl -s ${dev.tokenEndpoint} -d grant_type=client_credentials`,
    `-d client_id=${dev.clientId} -d client_secret=${dev.clientSecret}`,
    ...(dev.provider === 'entra' ? [`-d scope=${defaultScopeFor(dev.audience)}`] : []),
  ].join(' ');
  return [
    `tokenward dev issuer (${dev.provider}-shaped): DEVELOPMENT ONLY. It signs with public TEST keys and mints a token for anyone who asks: never trust it outside development`,
    '',
    `  issuer          ${dev.issuer}`,
    `  discovery       ${dev.discoveryUrl}`,
    `  keys            ${dev.jwksUri}`,
    dev.provider === 'firebase'
      ? '  token endpoint  none (Firebase has no client credentials grant; use the mint endpoint)'
      : `  token endpoint  POST ${dev.tokenEndpoint}  (client credentials, form-encoded)`,
    `  mint endpoint   POST ${dev.mintEndpoint}  (persona=${PERSONAS.join('|')})`,
    `  audience        ${dev.audience}`,
    `  client          ${dev.clientId}  secret ${dev.clientSecret}`,
    ...(dev.tenantId ? [`  tenant          ${dev.tenantId}`] : []),
    '',
    'Configure your API with the core preset:',
    `  ${presetSnippet(dev)}`,
    '',
    'Get tokens:',
    `  curl -s -X POST ${dev.mintEndpoint} -d persona=user`,
    `  tokenward mint admin --url ${dev.url}`,
    ...(dev.provider === 'firebase' ? [] : [`  ${clientCredentials}`]),
    '',
    'Ctrl+C stops it.',
    '',
  ].join('\n');
}

async function devIssuerCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(
    args,
    {
      provider: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      audience: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      scope: { type: 'string', multiple: true },
      'admin-role': { type: 'string', multiple: true },
      'app-role': { type: 'string', multiple: true },
      quiet: { type: 'boolean' },
    },
    false,
  );
  if (values.help) {
    io.stdout(DEV_ISSUER_HELP);
    return 0;
  }
  const provider = values.provider ?? 'entra';
  if (!(DEV_PROVIDERS as readonly string[]).includes(provider))
    throw new UsageError(`--provider must be one of ${DEV_PROVIDERS.join(', ')}`);
  let dev: DevIssuer;
  try {
    dev = await startDevIssuer({
      provider: provider as DevProvider,
      port: integer(values.port, '--port', 4000),
      ...(values.host === undefined ? {} : { host: values.host }),
      ...(values.audience === undefined ? {} : { audience: values.audience }),
      ...(values['client-id'] === undefined ? {} : { clientId: values['client-id'] }),
      ...(values['client-secret'] === undefined ? {} : { clientSecret: values['client-secret'] }),
      ...(values.scope === undefined ? {} : { scopes: values.scope }),
      ...(values['admin-role'] === undefined ? {} : { adminRoles: values['admin-role'] }),
      ...(values['app-role'] === undefined ? {} : { appRoles: values['app-role'] }),
      ...(values.quiet ? {} : { log: (e) => io.stderr(`${e.method} ${e.path} ${e.status}${e.persona ? ` minted ${e.persona}` : ''}\n`) }),
    });
  } catch (error) {
    if (error instanceof TypeError || (error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UsageError(
        (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
          ? `port ${values.port ?? 4000} is in use: pass --port <n>`
          : (error as Error).message,
      );
    }
    throw error;
  }
  io.stdout(devBanner(dev));
  const signal = await io.waitForShutdown();
  io.stderr(`${signal}: stopping the dev issuer\n`);
  await dev.close();
  return 0;
}

function claimValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

async function mintCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      url: { type: 'string' },
      scope: { type: 'string', multiple: true },
      role: { type: 'string', multiple: true },
      claim: { type: 'string', multiple: true },
      'expires-in': { type: 'string' },
      json: { type: 'boolean' },
    },
    true,
  );
  if (values.help) {
    io.stdout(MINT_HELP);
    return 0;
  }
  const persona = positionals[0] ?? 'user';
  if (positionals.length > 1 || !(PERSONAS as readonly string[]).includes(persona))
    throw new UsageError(`persona must be one of ${PERSONAS.join(', ')}`);
  const claims: Record<string, unknown> = {};
  for (const pair of values.claim ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--claim takes name=value, found ${pair}`);
    claims[pair.slice(0, at)] = claimValue(pair.slice(at + 1));
  }
  const url = (values.url ?? 'http://127.0.0.1:4000').replace(/\/$/, '');
  const body = {
    persona,
    ...(values.scope ? { scopes: values.scope } : {}),
    ...(values.role ? { roles: values.role } : {}),
    ...(Object.keys(claims).length > 0 ? { claims } : {}),
    ...(values['expires-in'] === undefined ? {} : { expiresInSec: Number(values['expires-in']) }),
  };
  let response: Response;
  try {
    response = await fetch(`${url}/mint`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
  } catch {
    io.stderr(`tokenward: no dev issuer at ${url} (start one with: tokenward dev-issuer)\n`);
    return 2;
  }
  const answer = (await response.json().catch(() => ({}))) as { access_token?: string; error_description?: string };
  if (!response.ok || typeof answer.access_token !== 'string') {
    io.stderr(`tokenward: the dev issuer refused: ${answer.error_description ?? `HTTP ${response.status}`}\n`);
    return 2;
  }
  io.stdout(values.json ? `${JSON.stringify(answer, null, 2)}\n` : `${answer.access_token}\n`);
  return 0;
}

async function introspectCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(
    args,
    {
      config: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'max-body-bytes': { type: 'string' },
      'shutdown-timeout-ms': { type: 'string' },
      'headers-timeout-ms': { type: 'string' },
      'request-timeout-ms': { type: 'string' },
      'keep-alive-timeout-ms': { type: 'string' },
      'max-connections': { type: 'string' },
      'allow-unauthenticated': { type: 'boolean' },
      'withhold-reasons': { type: 'boolean' },
    },
    false,
  );
  if (values.help) {
    io.stdout(INTROSPECT_HELP);
    return 0;
  }
  if (values.config === undefined) throw new UsageError('introspect needs --config <file> listing the trusted issuers');
  const config = await loadConfig(values.config);
  const optional = (name: string, value: string | undefined) => (value === undefined ? undefined : integer(value, name, 0));
  const timeouts = {
    headersTimeoutMs: optional('--headers-timeout-ms', values['headers-timeout-ms']),
    requestTimeoutMs: optional('--request-timeout-ms', values['request-timeout-ms']),
    keepAliveTimeoutMs: optional('--keep-alive-timeout-ms', values['keep-alive-timeout-ms']),
    maxConnections: optional('--max-connections', values['max-connections']),
  };
  let service: Awaited<ReturnType<typeof startIntrospectionServer>>;
  try {
    service = await startIntrospectionServer({
      config,
      port: integer(values.port, '--port', 8080),
      ...(values.host === undefined ? {} : { host: values.host }),
      maxBodyBytes: integer(values['max-body-bytes'], '--max-body-bytes', 65_536),
      shutdownTimeoutMs: integer(values['shutdown-timeout-ms'], '--shutdown-timeout-ms', 10_000),
      ...Object.fromEntries(Object.entries(timeouts).filter(([, value]) => value !== undefined)),
      ...(values['allow-unauthenticated'] ? { allowUnauthenticated: true } : {}),
      ...(values['withhold-reasons'] ? { withholdReasons: true } : {}),
      log: (entry) => io.stdout(`${JSON.stringify(entry)}\n`),
    });
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(error.message);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new UsageError(`port ${values.port ?? 8080} is in use: pass --port <n>`);
    throw error;
  }
  await io.waitForShutdown();
  await service.close();
  return 0;
}

/** One `tokenward` prefix: library errors already start with `tokenward <command>:`. */
export function prefixed(message: string): string {
  return /^tokenward\b/.test(message) ? message : `tokenward: ${message}`;
}

/**
 * Runs the CLI with `args` (without `node` and the script) and resolves with the exit code.
 *
 * @example
 * process.exitCode = await runCli(['inspect', token, '--audience', 'api://orders']);
 */
export async function runCli(args: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case 'inspect':
        return await inspectCommand(rest, io);
      case 'dev-issuer':
        return await devIssuerCommand(rest, io);
      case 'mint':
        return await mintCommand(rest, io);
      case 'introspect':
        return await introspectCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(HELP);
        return command === undefined ? 2 : 0;
      case '--version':
      case '-v':
        io.stdout(`${io.version ?? 'unknown'}\n`);
        return 0;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}; see tokenward --help`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.stderr(`${prefixed(error.message)}\n`);
      return 2;
    }
    throw error;
  }
}
