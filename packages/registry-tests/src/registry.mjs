// A real npm registry for the stage: Verdaccio on 127.0.0.1 and a free port, storage in a temp dir,
// @tokenward/* served only from what we publish, everything else proxied to the machine's registry.
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runServer } from 'verdaccio';
import { userEnv } from './process.mjs';

function machineRegistry() {
  try {
    const url = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8', env: userEnv() }).trim();
    if (/^https?:\/\//.test(url)) return url.endsWith('/') ? url : `${url}/`;
  } catch {
    // npm missing from PATH: fall through to the public registry.
  }
  return 'https://registry.npmjs.org/';
}

/** Starts the registry; resolves { url, npmrc, close() } once it listens and a publishing user exists. */
export async function startRegistry(dir) {
  const uplink = machineRegistry();
  const config = {
    self_path: dir,
    storage: join(dir, 'storage'),
    auth: { htpasswd: { file: join(dir, 'htpasswd'), max_users: 10 } },
    uplinks: { upstream: { url: uplink, timeout: '60s', max_fails: 5, fail_timeout: '1m' } },
    packages: {
      '@tokenward/*': { access: '$all', publish: '$authenticated' },
      '**': { access: '$all', publish: '$authenticated', proxy: 'upstream' },
    },
    server: { keepAliveTimeout: 60 },
    max_body_size: '200mb',
    log: { type: 'stdout', format: 'pretty', level: 'error' },
    web: { enable: false },
  };
  const app = await runServer(config);
  const server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const url = `http://127.0.0.1:${server.address().port}/`;
  const response = await fetch(`${url}-/user/org.couchdb.user:stage`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'stage', password: 'stage-password', type: 'user', roles: [], date: new Date().toISOString() }),
  });
  if (!response.ok) throw new Error(`registry: creating the publishing user answered ${response.status}`);
  const { token } = await response.json();
  const npmrc = join(dir, 'npmrc');
  const host = url.replace(/^http:/, '');
  await writeFile(npmrc, `registry=${url}\n${host}:_authToken=${token}\n`);
  return {
    url,
    uplink,
    npmrc,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
