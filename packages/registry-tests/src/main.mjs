// The registry stage: publish every public package to a local Verdaccio, install them with plain npm into
// fresh projects outside the workspace, and run the READMEs' snippets there against a local issuer from
// the installed @tokenward/testing; plus core's runtime subset on Node 20/22/24, Bun and Deno.
// One line per scenario, then "N passed, N failed"; exits 1 on any failure.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FAMILIES } from './families.mjs';
import { run, semaphore } from './process.mjs';
import { publishAll } from './publish.mjs';
import { startRegistry } from './registry.mjs';
import { SCENARIOS } from './scenarios.mjs';
import { readSnippets } from './snippets.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const READMES = [
  'README.md',
  ...['core', 'express', 'fastify', 'azure-functions', 'workers', 'testing', 'fauna', 'cli'].map((p) => `packages/${p}/README.md`),
];
// Real servers and installs on 2 shared cores: two at a time.
const CONCURRENCY = Number(process.env.TOKENWARD_STAGE_CONCURRENCY ?? 2);
// The API's client id: the `aud` of Entra v2 access tokens in the READMEs' snippets.
const API_CLIENT_ID = '6e74172b-be56-4843-9ff4-e66a39bb12e3';

const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const only = process.env.TOKENWARD_STAGE_ONLY?.split(',');
const scenarios = only ? SCENARIOS.filter((s) => only.includes(s.name)) : SCENARIOS;

// @tokenward/* always comes from the local registry. Third-party packages come from the machine's registry
// directly: through Verdaccio's uplink (TOKENWARD_STAGE_ALL_THROUGH_REGISTRY=1) the same installs take about
// five times longer on 2 cores, since Verdaccio serves full (not abbreviated) metadata documents.
const ALL_THROUGH_REGISTRY = process.env.TOKENWARD_STAGE_ALL_THROUGH_REGISTRY === '1';

async function install(name, dir, dependencies, registry) {
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name: `stage-${name}`, private: true, type: 'module', dependencies }, null, 2),
  );
  await writeFile(
    join(dir, '.npmrc'),
    `registry=${ALL_THROUGH_REGISTRY ? registry.url : registry.uplink}\n@tokenward:registry=${registry.url}\n`,
  );
  const since = Date.now();
  const result = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-online', '--loglevel=error'], {
    cwd: dir,
    timeoutMs: 420_000,
  });
  if (result.code !== 0)
    throw new Error(`npm install (${name}) exited ${result.timedOut ? 'by timeout' : result.code}:\n${result.stderr.slice(-3000)}`);
  console.log(`installed ${name} in ${seconds(since)}`);
}

/** Local issuers for every preset, in this process; the runtimes get their tokens and options in a file. */
async function matrixIssuers(testing, dir) {
  const presets = [
    ['entra', { provider: 'entra' }, (i) => ({ tenantId: i.tenantId, audience: i.audience, authority: i.url })],
    [
      'entra-v1',
      { provider: 'entra-v1' },
      (i) => ({ preset: 'entra', tenantId: i.tenantId, audience: i.audience, authority: i.url, v1Authority: i.v1Authority }),
    ],
    ['auth0', { provider: 'auth0' }, (i) => ({ domain: 'example.auth0.com', audience: i.audience, authority: i.url })],
    [
      'cognito',
      { provider: 'cognito' },
      (i) => ({ userPoolId: 'us-east-1_Example', tokenUse: 'access', clientId: i.clientId, authority: i.url }),
    ],
    ['firebase', { provider: 'firebase', projectId: 'demo' }, (i) => ({ projectId: 'demo', authority: i.url, certsUrl: i.jwksUri })],
    ['google', { provider: 'google' }, (i) => ({ audience: i.audience, authority: i.url, jwksUri: i.jwksUri })],
    ['okta', { provider: 'okta' }, (i) => ({ domain: 'example.okta.com', audience: i.audience, authority: i.url })],
    ['keycloak', { provider: 'keycloak', realm: 'shop' }, (i) => ({ baseUrl: i.url, realm: 'shop', audience: i.audience })],
    ['oidc', { provider: 'generic', algorithms: ['RS256', 'ES256', 'EdDSA'] }, (i) => ({ issuer: i.issuer, audience: i.audience })],
  ];
  const issuers = [];
  const cases = [];
  for (const [name, options, presetOptions] of presets) {
    const issuer = await testing.createTestIssuer(options);
    issuers.push([name, issuer]);
    const { preset = name, ...rest } = presetOptions(issuer);
    const algs = options.algorithms ?? ['RS256'];
    const valid = [];
    for (const alg of algs) valid.push(await issuer.mint({}, { alg }), await issuer.mint({}, { alg }));
    cases.push({ name, preset, options: rest, valid, expired: await issuer.mint({}, { expiresInSec: -120 }) });
  }
  const casesFile = join(dir, 'cases.json');
  await writeFile(casesFile, JSON.stringify(cases));
  return {
    casesFile,
    cases: cases.length,
    resetCounters: () => issuers.forEach(([, i]) => i.resetCounters()),
    keyRequests: () => Object.fromEntries(issuers.map(([name, i]) => [name, i.requests.jwks])),
    close: () => Promise.all(issuers.map(([, i]) => i.close())),
  };
}

async function main() {
  const work = await mkdtemp(join(tmpdir(), 'tokenward-stage-'));
  const results = [];
  let registry;
  let issuer;
  let matrix;
  try {
    const snippets = await readSnippets(ROOT, READMES);
    registry = await startRegistry(join(work, 'registry'));
    console.log(`registry ${registry.url} (uplink ${registry.uplink})`);
    let since = Date.now();
    await publishAll(registry, ROOT);
    console.log(`published the public packages in ${seconds(since)}`);

    const projects = {};
    let context;
    // The shared issuer comes from the first project installed (its @tokenward/testing, from the registry).
    const contextFrom = (dir) =>
      (context ??= (async () => {
        await writeFile(join(dir, 'stage-issuer.mjs'), "export * from '@tokenward/testing';\n");
        const testing = await import(pathToFileURL(join(dir, 'stage-issuer.mjs')).href);
        issuer = await testing.createTestIssuer({ provider: 'entra', audience: API_CLIENT_ID });
        matrix = await matrixIssuers(testing, work);
        const tokens = {
          valid: await issuer.mint({ scp: 'Orders.Read' }),
          appIdUri: await issuer.mint({ scp: 'Orders.Read', aud: 'api://orders' }),
          expired: await issuer.mint({ scp: 'Orders.Read' }, { expiresInSec: -120 }),
        };
        return {
          projects,
          snippets,
          tokens,
          issuer,
          testing,
          matrix,
          env: { TENANT_ID: issuer.tenantId, TOKENWARD_AUTHORITY: issuer.url, API_CLIENT_ID, NODE_ENV: 'production' },
        };
      })());

    const report = (scenario, begun, ok, detail) => {
      results.push({ name: scenario.name, ok, detail });
      console.log(`${ok ? 'PASS' : 'FAIL'} ${scenario.name} (${seconds(begun)}): ${detail}`);
    };
    // Real servers and tools on shared cores: CONCURRENCY scenarios at a time; those that count requests on
    // the shared matrix issuers one after another. A family's scenarios start as soon as it is installed.
    const slots = semaphore(CONCURRENCY);
    const serial = semaphore(1);
    const families = [...new Set(scenarios.map((s) => s.family))];
    await Promise.all(
      families.map(async (family) => {
        const own = scenarios.filter((s) => s.family === family);
        const dir = await mkdtemp(join(work, `${family}-`));
        const since = Date.now();
        try {
          await install(family, dir, FAMILIES[family], registry);
        } catch (error) {
          for (const scenario of own) report(scenario, since, false, `its project (${family}) did not install: ${error.message}`);
          return;
        }
        projects[family] = dir;
        const ctx = await contextFrom(dir);
        await Promise.all(
          own.map((scenario) =>
            (scenario.serial ? serial : slots)(async () => {
              const begun = Date.now();
              try {
                report(scenario, begun, true, await scenario.run(ctx));
              } catch (error) {
                report(scenario, begun, false, error?.message ?? String(error));
              }
            }),
          ),
        );
      }),
    );
  } catch (error) {
    results.push({ name: 'stage', ok: false, detail: error?.stack ?? String(error) });
    console.log(`FAIL stage: ${error?.stack ?? error}`);
  } finally {
    await issuer?.close();
    await matrix?.close();
    await registry?.close();
    if (!process.env.TOKENWARD_STAGE_KEEP) await rm(work, { recursive: true, force: true });
  }
  const failed = results.filter((r) => !r.ok).length;
  console.log(`registry stage: ${results.length} scenarios in ${seconds(started)}`);
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

await main();
// Verdaccio leaves timers behind; the stage is done.
process.exit(process.exitCode);
