// What every scenario asserts, against the shared local issuer's tokens.
import { createServer } from 'node:net';
import { start } from './process.mjs';

export class Failure extends Error {}

export function expectEqual(what, found, expected) {
  if (found !== expected) throw new Failure(`${what}: expected ${JSON.stringify(expected)}, found ${JSON.stringify(found)}`);
}

// Ports for the servers under test come from one counter below Linux's ephemeral range (32768–60999):
// a port the OS hands out for `listen(0)` is freed before the server binds it, and another scenario
// running at the same time could be handed it too, then answer this scenario's checks (a 404 from
// the wrong server). Scenarios run in this one process, so the counter never gives a port twice.
const PORTS = { first: 20_000, last: 29_999 };
let nextPort = PORTS.first + Math.floor(Math.random() * 5_000);

function canListen(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function freePort() {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = nextPort;
    nextPort = nextPort >= PORTS.last ? PORTS.first : nextPort + 1;
    if (await canListen(port)) return port;
  }
  throw new Failure(`no free port between ${PORTS.first} and ${PORTS.last} after 200 tries`);
}

/** Starts a server program with PORT set, waits (bounded) until it answers, runs `check(origin)`, stops it. */
export async function withServer(command, args, { cwd, env = {} }, check) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const server = start(command, args, { cwd, env: { ...env, PORT: String(port) } });
  try {
    const deadline = Date.now() + 60_000;
    let exited = false;
    server.exited.then(() => {
      exited = true;
    });
    for (;;) {
      if (exited) throw new Failure(`the server exited before answering:\n${server.output.slice(-1500)}`);
      if (Date.now() > deadline) throw new Failure(`the server did not answer within 60 s:\n${server.output.slice(-1500)}`);
      try {
        await fetch(`${origin}/`, { signal: AbortSignal.timeout(2_000) });
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    return await check(origin);
  } catch (error) {
    if (error instanceof Failure && !error.message.includes('server output'))
      error.message += `\n--- server output ---\n${server.output.slice(-1500)}`;
    throw error;
  } finally {
    await server.stop();
  }
}

const DPOP_ALGS = 'ES256 ES384 ES512 PS256 PS384 PS512 RS256 RS384 RS512 EdDSA Ed25519';

async function get(url, token) {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(15_000) });
  return { status: response.status, wwwAuthenticate: response.headers.get('www-authenticate'), body: await response.text() };
}

/**
 * The README's protected route: 200 with the subject for a v2 token (aud: the client id) and a token
 * for the App ID URI; 401 with an invalid_token challenge for an expired one; 401 with a bare challenge
 * without a token.
 */
export function expectProtectedRoute(answers, { realm = 'orders', subject = 'subject', appIdUri: appIdUriAccepted = true } = {}) {
  const [v2, appIdUri, expired, none] = answers;
  expectEqual('a valid v2 token (aud: client id): status', v2.status, 200);
  if (typeof JSON.parse(v2.body)[subject] !== 'string') throw new Failure(`a valid token: expected { ${subject} }, found ${v2.body}`);
  // Snippets that list both audiences accept the App ID URI too; one configured with the client id alone rejects it.
  expectEqual('a valid token for the App ID URI: status', appIdUri.status, appIdUriAccepted ? 200 : 401);
  expectEqual('an expired token: status', expired.status, 401);
  const prefix = realm === null ? 'Bearer error="invalid_token"' : `Bearer realm="${realm}", error="invalid_token"`;
  if (!expired.wwwAuthenticate?.startsWith(prefix))
    throw new Failure(`an expired token: expected WWW-Authenticate ${prefix}…, found ${expired.wwwAuthenticate}`);
  expectEqual('no token: status', none.status, 401);
  // DPoP is on by default (mode 'allowed'): the challenge offers it beside Bearer, with core's default algorithms.
  const dpop = realm === null ? `DPoP algs="${DPOP_ALGS}"` : `DPoP realm="${realm}", algs="${DPOP_ALGS}"`;
  expectEqual('no token: WWW-Authenticate', none.wwwAuthenticate, realm === null ? `Bearer, ${dpop}` : `Bearer realm="${realm}", ${dpop}`);
}

export const routeRequests = (tokens) => [tokens.valid, tokens.appIdUri, tokens.expired, undefined];

export async function checkProtectedRoute(origin, path, tokens, options) {
  const answers = [];
  for (const token of routeRequests(tokens)) answers.push(await get(`${origin}${path}`, token));
  expectProtectedRoute(answers, options);
}

export { get };
