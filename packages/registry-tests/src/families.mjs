// The fresh projects: one npm install per family of scenarios, each outside the workspace.
const TW = (...names) => Object.fromEntries(names.map((name) => [`@tokenward/${name}`, '0.0.0']));

export const FAMILIES = {
  // Today's majors of every framework, the TypeScript toolchain and the test runners.
  current: {
    ...TW('core', 'express', 'fastify', 'azure-functions', 'workers', 'testing', 'fauna', 'cli'),
    express: '^5.1.0',
    '@types/express': '^5.0.0',
    fastify: '^5.0.0',
    '@azure/functions': '^4.0.0',
    hono: '^4.0.0',
    '@hono/node-server': 'latest',
    miniflare: '^3.20250718.3',
    esbuild: '^0.27.7',
    fauna: '^2.5.0',
    jose: '^6.0.0',
    typescript: '~5.9.3',
    '@types/node': '^20.19.0',
    tsx: '^4.20.0',
    vitest: '^4.1.0',
    jest: '^30.0.0',
  },
  // The previous majors the adapters support.
  previous: {
    ...TW('core', 'express', 'fastify', 'testing'),
    express: '^4.21.0',
    '@types/express': '^4.17.0',
    fastify: '^4.29.0',
    typescript: '~5.9.3',
    '@types/node': '^20.19.0',
    tsx: '^4.20.0',
  },
  // Core (and Hono) on the other runtimes; Node 22 and 24 come through npx.
  runtimes: {
    ...TW('core', 'workers', 'testing'),
    hono: '^4.0.0',
    '@hono/node-server': 'latest',
    bun: '^1.2.0',
    deno: '^2.0.0',
  },
};
