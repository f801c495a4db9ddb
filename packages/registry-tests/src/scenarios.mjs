// Every scenario: a README snippet (or the CLI, or core's runtime subset) in a fresh project installed
// from the local registry, with what it must answer. Each returns a short detail or throws a Failure.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkProtectedRoute, expectEqual, expectProtectedRoute, Failure, routeRequests, withServer } from './checks.mjs';
import { run } from './process.mjs';
import { adapt } from './snippets.mjs';

// Terminal colour codes, which vitest prints even when piped.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

// The stage's only edits to a snippet: its preset trusts the local issuer, and it listens on a free port.
const AUTHORITY = ['entra({ tenantId', 'entra({ authority: process.env.TOKENWARD_AUTHORITY, tenantId'];
const EXPRESS_PORT = ['app.listen(3000)', "app.listen(Number(process.env.PORT), '127.0.0.1')"];
const FASTIFY_PORT = ['app.listen({ port: 3000 })', "app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })"];
const NODE_PORT = ['.listen(3000)', ".listen(Number(process.env.PORT), '127.0.0.1')"];
const HONO_PORT = [
  'serve({ fetch: app.fetch, port: 3000 })',
  "serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' })",
];

async function put(dir, file, text) {
  await mkdir(dirname(join(dir, file)), { recursive: true });
  await writeFile(join(dir, file), text);
  return join(dir, file);
}

function failIfNonZero(what, result) {
  if (result.code !== 0)
    throw new Failure(`${what} exited ${result.timedOut ? 'by timeout' : result.code}:\n${(result.stdout + result.stderr).slice(-2500)}`);
  return result;
}

function lastJsonLine(result) {
  const line = result.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{') || l.startsWith('['))
    .pop();
  if (line === undefined) throw new Failure(`no JSON answer (exit ${result.code}):\n${(result.stdout + result.stderr).slice(-2500)}`);
  return JSON.parse(line);
}

function serverScenario(name, family, snippet, file, substitutions, path, { runner = 'node', realm } = {}) {
  return {
    name,
    family,
    async run(ctx) {
      const cwd = ctx.projects[family];
      const entry = await put(cwd, `${name}/${file}`, adapt(ctx.snippets, snippet, substitutions));
      const [command, args] = runner === 'tsx' ? ['npx', ['--no-install', 'tsx', entry]] : [process.execPath, [entry]];
      await withServer(command, args, { cwd, env: ctx.env }, (origin) => checkProtectedRoute(origin, path, ctx.tokens, { realm }));
      return `${snippet}: 200 / 200 / 401 invalid_token / 401 challenge`;
    },
  };
}

function typescriptScenario(name, family, resolution, snippets) {
  const settings = {
    node16: { module: 'node16', moduleResolution: 'node16', type: 'module' },
    bundler: { module: 'esnext', moduleResolution: 'bundler', type: 'module' },
    node10: { module: 'commonjs', moduleResolution: 'node10', type: 'commonjs' },
  }[resolution];
  return {
    name,
    family,
    async run(ctx) {
      const dir = join(ctx.projects[family], name);
      await put(dir, 'package.json', JSON.stringify({ type: settings.type }));
      await put(
        dir,
        'tsconfig.json',
        JSON.stringify(
          {
            compilerOptions: {
              strict: true,
              noEmit: true,
              target: 'es2022',
              lib: ['es2022', 'dom'],
              module: settings.module,
              moduleResolution: settings.moduleResolution,
              esModuleInterop: true,
              skipLibCheck: false,
              types: ['node'],
            },
            include: ['*.ts'],
          },
          null,
          2,
        ),
      );
      for (const snippet of snippets) await put(dir, `${snippet}.ts`, adapt(ctx.snippets, snippet));
      failIfNonZero('tsc --noEmit', await run('npx', ['--no-install', 'tsc', '-p', 'tsconfig.json'], { cwd: dir, timeoutMs: 180_000 }));
      return `${snippets.length} snippets, strict, moduleResolution ${settings.moduleResolution}`;
    },
  };
}

/** The README's token-location example: the cookie on one route, the query parameter on another, one place per request. */
function tokenLocationScenario(major, family) {
  return {
    name: `express${major}-token-location`,
    family,
    async run(ctx) {
      const cwd = ctx.projects[family];
      const entry = await put(
        cwd,
        `express${major}-token-location/server.ts`,
        adapt(ctx.snippets, 'express-token-location', [AUTHORITY, EXPRESS_PORT]),
      );
      await withServer('npx', ['--no-install', 'tsx', entry], { cwd, env: ctx.env }, async (origin) => {
        const token = ctx.tokens.valid;
        const cookie = await fetch(`${origin}/api/orders`, { headers: { cookie: `theme=dark; __Host-orders-at=${token}` } });
        expectEqual('the cookie: status', cookie.status, 200);
        expectEqual('the cookie: Cache-Control', cookie.headers.get('cache-control'), 'private');
        const query = await fetch(`${origin}/api/order-events?access_token=${token}`);
        expectEqual('the query parameter: status', query.status, 200);
        const elsewhere = await fetch(`${origin}/api/orders?access_token=${token}`);
        expectEqual('the query parameter on the cookie route: status', elsewhere.status, 401);
        const twice = await fetch(`${origin}/api/order-events?access_token=${token}`, { headers: { authorization: `Bearer ${token}` } });
        expectEqual('header and query: status', twice.status, 400);
        expectEqual('header and query: error', (await twice.json()).error, 'invalid_request');
      });
      return 'cookie 200 (Cache-Control: private), query 200 on its route only, header and query 400';
    },
  };
}

/** The README's DPoP example: a bound token with its proof (made by the published testing package's client), replay, Bearer refused. */
function dpopScenario(major, family) {
  return {
    name: `express${major}-dpop`,
    family,
    async run(ctx) {
      const cwd = ctx.projects[family];
      const entry = await put(cwd, `express${major}-dpop/server.ts`, adapt(ctx.snippets, 'express-dpop', [AUTHORITY, EXPRESS_PORT]));
      const client = await ctx.testing.createDpopClient();
      const token = await ctx.issuer.mint({ scp: 'Orders.Read', cnf: { jkt: client.jkt } });
      await withServer('npx', ['--no-install', 'tsx', entry], { cwd, env: ctx.env }, async (origin) => {
        const url = `${origin}/api/orders`;
        const proof = await client.proof({ method: 'GET', url, accessToken: token });
        const presented = { headers: { authorization: `DPoP ${token}`, dpop: proof } };
        const accepted = await fetch(url, presented);
        expectEqual('DPoP with its proof: status', accepted.status, 200);
        expectEqual('DPoP with its proof: boundTo', (await accepted.json()).boundTo, client.jkt);
        const replayed = await fetch(url, presented);
        expectEqual('the proof again: status', replayed.status, 401);
        expectEqual('the proof again: error', (await replayed.json()).error, 'invalid_dpop_proof');
        const asBearer = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
        expectEqual('the bound token as Bearer: status', asBearer.status, 401);
        expectEqual('the bound token as Bearer: error', (await asBearer.json()).error, 'invalid_token');
        const plain = await fetch(url, { headers: { authorization: `Bearer ${ctx.tokens.valid}` } });
        expectEqual('a Bearer token (DPoP required): status', plain.status, 401);
        const challenge = plain.headers.get('www-authenticate') ?? '';
        if (!challenge.startsWith('DPoP realm="orders", error="invalid_token"'))
          throw new Failure(`a Bearer token (DPoP required): expected a DPoP challenge, found ${challenge}`);
      });
      return 'DPoP + proof 200 (bound to the key), proof replayed 401 invalid_dpop_proof, bound token as Bearer 401, Bearer refused with a DPoP challenge';
    },
  };
}

const express = (major, family) => [
  tokenLocationScenario(major, family),
  dpopScenario(major, family),
  serverScenario(`express${major}-esm`, family, 'express-example', 'server.mjs', [AUTHORITY, EXPRESS_PORT], '/api/orders'),
  serverScenario(`express${major}-cjs`, family, 'express-cjs', 'server.cjs', [AUTHORITY, EXPRESS_PORT], '/api/orders'),
  serverScenario(`express${major}-error-handler`, family, 'express-error-handler', 'server.ts', [AUTHORITY, EXPRESS_PORT], '/api/orders', {
    runner: 'tsx',
  }),
  {
    name: `express${major}-optional`,
    family,
    async run(ctx) {
      const cwd = ctx.projects[family];
      const entry = await put(
        cwd,
        `express${major}-optional/server.ts`,
        adapt(ctx.snippets, 'express-optional', [AUTHORITY, EXPRESS_PORT]),
      );
      await withServer('npx', ['--no-install', 'tsx', entry], { cwd, env: ctx.env }, async (origin) => {
        const anonymous = await fetch(`${origin}/catalogue`);
        expectEqual('no token: status', anonymous.status, 200);
        expectEqual('no token: catalogue', JSON.stringify(await anonymous.json()), '{"items":["tea"]}');
        const user = await fetch(`${origin}/catalogue`, { headers: { authorization: `Bearer ${ctx.tokens.valid}` } });
        expectEqual('a valid token: status', user.status, 200);
        expectEqual("a valid token: the user's catalogue", (await user.json()).items.length, 2);
        const expired = await fetch(`${origin}/catalogue`, { headers: { authorization: `Bearer ${ctx.tokens.expired}` } });
        expectEqual('an expired token: status', expired.status, 401);
      });
      return 'no token 200 public, valid 200 personal, expired 401';
    },
  },
];

const fastify = (major, family) => [
  serverScenario(`fastify${major}-ts`, family, 'fastify-example', 'server.ts', [AUTHORITY, FASTIFY_PORT], '/orders', { runner: 'tsx' }),
  serverScenario(`fastify${major}-error-handler`, family, 'fastify-error-handler', 'server.ts', [AUTHORITY, FASTIFY_PORT], '/orders', {
    runner: 'tsx',
  }),
  typescriptScenario(`fastify${major}-tsc-node16`, family, 'node16', ['fastify-example', 'fastify-error-handler']),
];

function workerScenario(name, snippet, substitutions, bindings) {
  return {
    name,
    family: 'current',
    async run(ctx) {
      const cwd = ctx.projects.current;
      await copyFile(join(FIXTURES, 'miniflare.mjs'), join(cwd, 'miniflare.mjs'));
      const entry = await put(cwd, `${name}/worker.ts`, adapt(ctx.snippets, snippet, substitutions));
      const requests = routeRequests(ctx.tokens).map((token) => ({ path: '/api/orders', token }));
      const result = await run(process.execPath, ['miniflare.mjs', entry], {
        cwd,
        timeoutMs: 120_000,
        env: { BINDINGS: JSON.stringify(bindings(ctx)), REQUESTS: JSON.stringify(requests) },
      });
      failIfNonZero('the Worker in workerd', result);
      // The Worker's audience is one binding (API_AUDIENCE, the client id here): the App ID URI token is another API's.
      expectProtectedRoute(lastJsonLine(result), { realm: null, appIdUri: false });
      return `${snippet} in workerd (Miniflare): v2 200 / App ID URI 401 (one audience bound) / expired 401 invalid_token / none 401 challenge`;
    },
  };
}

const WORKER_AUTHORITY = ['entra({ tenantId: env.TENANT_ID', 'entra({ authority: env.AUTHORITY, tenantId: env.TENANT_ID'];
const workerBindings = (ctx) => ({
  TENANT_ID: ctx.env.TENANT_ID,
  API_AUDIENCE: ctx.env.API_CLIENT_ID,
  AUTHORITY: ctx.env.TOKENWARD_AUTHORITY,
});

function runtimeScenario(name, command) {
  return {
    name,
    family: 'runtimes',
    serial: true,
    async run(ctx) {
      const cwd = ctx.projects.runtimes;
      await copyFile(join(FIXTURES, 'runtime-check.mjs'), join(cwd, 'runtime-check.mjs'));
      ctx.matrix.resetCounters();
      const [bin, args] = command(cwd);
      const result = await run(bin, [...args, 'runtime-check.mjs'], {
        cwd,
        timeoutMs: 180_000,
        env: { TOKENWARD_CASES_FILE: ctx.matrix.casesFile },
      });
      const report = lastJsonLine(result);
      if (report.failures.length > 0) throw new Failure(`${report.runtime}:\n${report.failures.join('\n')}`);
      failIfNonZero(report.runtime, result);
      const fetches = ctx.matrix.keyRequests();
      for (const [preset, count] of Object.entries(fetches)) {
        // One verifier per entry: each fetches its issuer's keys once for all the tokens it verifies.
        if (count !== 2) throw new Failure(`${preset}: expected 2 key-set requests (one per entry), found ${count}`);
      }
      const tokens = Object.values(report.verified).reduce((a, b) => a + b, 0);
      return `${report.runtime}: ${tokens} valid + ${ctx.matrix.cases * 2} expired tokens over ${ctx.matrix.cases} presets, both entries (resolved ${report.resolved}), 1 key fetch per verifier`;
    },
  };
}

function snippetOnRuntime(name, runtime) {
  return {
    name,
    family: 'runtimes',
    async run(ctx) {
      const cwd = ctx.projects.runtimes;
      const entry = await put(cwd, `${name}/server.ts`, adapt(ctx.snippets, 'workers-hono-node', [AUTHORITY, HONO_PORT]));
      const bin = join(cwd, 'node_modules', '.bin', runtime);
      const args = runtime === 'deno' ? ['run', '--allow-net', '--allow-env', '--allow-read', '--allow-sys', entry] : [entry];
      await withServer(bin, args, { cwd, env: ctx.env }, (origin) => checkProtectedRoute(origin, '/api/orders', ctx.tokens));
      return `workers-hono-node on ${runtime} (@hono/node-server): 200 / 200 / 401 invalid_token / 401 challenge`;
    },
  };
}

export const SCENARIOS = [
  serverScenario('core-adapter-kit', 'current', 'core-adapter-kit', 'server.ts', [AUTHORITY, NODE_PORT], '/api/orders', { runner: 'tsx' }),
  ...express(5, 'current'),
  ...express(4, 'previous'),
  typescriptScenario('typescript-node16', 'current', 'node16', [
    'root-ten-lines',
    'core-adapter-kit',
    'express-example',
    'express-optional',
    'express-error-handler',
    'express-token-location',
    'express-dpop',
    'azure-functions-example',
    'workers-hono-node',
    'workers-hono',
    'fauna-claims-provider',
    'testing-vitest',
  ]),
  typescriptScenario('typescript-bundler', 'current', 'bundler', [
    'root-ten-lines',
    'core-adapter-kit',
    'express-example',
    'express-optional',
    'express-error-handler',
    'express-token-location',
    'express-dpop',
    'azure-functions-example',
    'workers-hono-node',
    'workers-hono',
    'fauna-claims-provider',
    'testing-vitest',
  ]),
  typescriptScenario('typescript-node10', 'current', 'node10', [
    'root-ten-lines',
    'core-adapter-kit',
    'express-example',
    'express-optional',
    'express-error-handler',
    'express-token-location',
    'express-dpop',
    'azure-functions-example',
    'workers-hono-node',
  ]),
  typescriptScenario('express4-typescript-node16', 'previous', 'node16', [
    'express-example',
    'express-optional',
    'express-error-handler',
    'express-token-location',
    'express-dpop',
  ]),
  ...fastify(5, 'current'),
  ...fastify(4, 'previous'),
  {
    name: 'root-ten-lines',
    family: 'current',
    async run(ctx) {
      const cwd = ctx.projects.current;
      await put(cwd, 'root-ten-lines/handle.ts', adapt(ctx.snippets, 'root-ten-lines', [AUTHORITY]));
      const caller = await put(
        cwd,
        'root-ten-lines/call.ts',
        `import { handle } from './handle.js';
const answers = [];
for (const token of JSON.parse(process.env.TOKENS!) as (string | null)[]) {
  const response = await handle(new Request('http://127.0.0.1/orders', { headers: token ? { authorization: \`Bearer \${token}\` } : {} }));
  answers.push({ status: response.status, wwwAuthenticate: response.headers.get('www-authenticate'), body: await response.text() });
}
console.log(JSON.stringify(answers));
`,
      );
      const result = failIfNonZero(
        'handle()',
        await run('npx', ['--no-install', 'tsx', caller], {
          cwd,
          env: { ...ctx.env, TOKENS: JSON.stringify(routeRequests(ctx.tokens).map((t) => t ?? null)) },
        }),
      );
      expectProtectedRoute(lastJsonLine(result), { realm: null, subject: 'hello' });
      return 'handle(Request): 200 / 200 / 401 invalid_token / 401 challenge';
    },
  },
  {
    name: 'azure-functions-v4',
    family: 'current',
    async run(ctx) {
      const cwd = ctx.projects.current;
      await copyFile(join(FIXTURES, 'azure-functions.mjs'), join(cwd, 'azure-functions.mjs'));
      const entry = await put(cwd, 'azure-functions-v4/orders.mjs', adapt(ctx.snippets, 'azure-functions-example', [AUTHORITY]));
      const requests = routeRequests(ctx.tokens).map((token) => ({ token }));
      const result = failIfNonZero(
        'the handler',
        await run(process.execPath, ['azure-functions.mjs', entry, 'orders'], {
          cwd,
          env: { ...ctx.env, REQUESTS: JSON.stringify(requests) },
        }),
      );
      expectProtectedRoute(lastJsonLine(result));
      return 'app.http handler on real HttpRequest/InvocationContext: 200 / 200 / 401 invalid_token / 401 challenge';
    },
  },
  serverScenario('hono-node', 'current', 'workers-hono-node', 'server.ts', [AUTHORITY, HONO_PORT], '/api/orders', { runner: 'tsx' }),
  workerScenario('workers-fetch-workerd', 'workers-fetch', [WORKER_AUTHORITY], workerBindings),
  workerScenario('workers-hono-workerd', 'workers-hono', [WORKER_AUTHORITY], workerBindings),
  {
    name: 'testing-in-vitest',
    family: 'current',
    async run(ctx) {
      const dir = join(ctx.projects.current, 'vitest-user');
      await put(dir, 'test/issuer.test.ts', adapt(ctx.snippets, 'testing-vitest'));
      const result = failIfNonZero(
        'vitest run',
        await run('npx', ['--no-install', 'vitest', 'run', '--root', dir], {
          cwd: ctx.projects.current,
          timeoutMs: 180_000,
          env: { CI: 'true' },
        }),
      );
      if (!/Tests\s+1 passed/.test(result.stdout.replace(ANSI, '')))
        throw new Failure(`vitest did not report 1 passed test:\n${result.stdout.slice(-1500)}`);
      return "the README's vitest test: 1 passed";
    },
  },
  {
    name: 'testing-in-jest-cjs',
    family: 'current',
    async run(ctx) {
      const dir = join(ctx.projects.current, 'jest-user');
      await put(dir, 'package.json', JSON.stringify({ name: 'jest-user', private: true, type: 'commonjs' }));
      await put(dir, 'issuer.test.js', adapt(ctx.snippets, 'testing-jest-cjs'));
      const result = failIfNonZero(
        'jest',
        await run('npx', ['--no-install', 'jest', '--rootDir', dir, '--ci'], { cwd: ctx.projects.current, timeoutMs: 180_000 }),
      );
      if (!/Tests:\s+1 passed/.test(result.stderr + result.stdout))
        throw new Failure(`jest did not report 1 passed test:\n${result.stderr.slice(-1500)}`);
      return "the README's Jest (CommonJS) test: 1 passed";
    },
  },
  {
    name: 'fauna-claims-provider',
    family: 'current',
    async run(ctx) {
      const cwd = ctx.projects.current;
      await copyFile(join(FIXTURES, 'azure-functions.mjs'), join(cwd, 'azure-functions.mjs'));
      await copyFile(join(FIXTURES, 'fauna.mjs'), join(cwd, 'fauna.mjs'));
      const entry = await put(
        cwd,
        'fauna-claims-provider/claims.ts',
        adapt(ctx.snippets, 'fauna-claims-provider', [
          ['createClaimsProvider({', 'createClaimsProvider({ authority: process.env.TOKENWARD_AUTHORITY,'],
        ]),
      );
      const result = failIfNonZero(
        'the claims provider',
        await run('npx', ['--no-install', 'tsx', 'fauna.mjs', entry], { cwd, timeoutMs: 120_000 }),
      );
      const [granted, anonymous] = lastJsonLine(result);
      expectEqual("Entra's callout with the extension's token: status", granted.status, 200);
      if (!/"FaunaTokenSecret":"fn/.test(granted.body))
        throw new Failure(`expected a FaunaTokenSecret claim from the fauna driver, found ${granted.body.slice(0, 300)}`);
      expectEqual('a callout without a token: status', anonymous.status, 401);
      return 'callout 200 with a Fauna secret minted through the fauna driver, no token 401';
    },
  },
  {
    name: 'cli',
    family: 'current',
    async run(ctx) {
      const cwd = ctx.projects.current;
      const help = failIfNonZero('npx @tokenward/cli --help', await run('npx', ['--no-install', '@tokenward/cli', '--help'], { cwd }));
      if (!/inspect/.test(help.stdout + help.stderr)) throw new Failure(`--help does not mention inspect:\n${help.stdout}`);
      const args = ['--no-install', '@tokenward/cli', 'inspect', '--issuer', ctx.issuer.issuer, '--audience', ctx.env.API_CLIENT_ID];
      const valid = await run('npx', [...args, ctx.tokens.valid], { cwd });
      expectEqual(`inspect of a valid token: exit code (${valid.stdout.trim().split('\n').pop()})`, valid.code, 0);
      const expired = await run('npx', [...args, ctx.tokens.expired], { cwd });
      expectEqual('inspect of an expired token: exit code', expired.code, 1);
      if (!/expired/i.test(expired.stdout))
        throw new Failure(`inspect of an expired token does not say so:\n${expired.stdout.slice(-800)}`);
      return '--help 0, inspect valid 0, expired 1';
    },
  },
  runtimeScenario('core-on-node-20', () => [process.execPath, []]),
  runtimeScenario('core-on-node-22', () => ['npx', ['-y', 'node@22']]),
  runtimeScenario('core-on-node-24', () => ['npx', ['-y', 'node@24']]),
  runtimeScenario('core-on-bun', (cwd) => [join(cwd, 'node_modules', '.bin', 'bun'), []]),
  runtimeScenario('core-on-deno', (cwd) => [
    join(cwd, 'node_modules', '.bin', 'deno'),
    ['run', '--allow-read', '--allow-env', '--allow-net', '--allow-sys'],
  ]),
  snippetOnRuntime('hono-on-bun', 'bun'),
  snippetOnRuntime('hono-on-deno', 'deno'),
];
