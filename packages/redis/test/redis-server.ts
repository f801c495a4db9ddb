/**
 * A real Redis for the tests: `REDIS_URL` when set, else a private `redis-server` on 127.0.0.1 and a
 * free port, without persistence. Without either the tests fail with instructions: they never skip.
 */

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export interface RedisServer {
  readonly url: string;
  /** True when the tests started this server (and may stop and restart it). */
  readonly owned: boolean;
  /** Makes Redis unreachable: kills an owned server, pauses every client of an external one. */
  outage(ms: number): Promise<void>;
  /** Ends the outage: restarts an owned server on the same port, waits out a pause. */
  recover(): Promise<void>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 3_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function hasRedisServer(): boolean {
  const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

function spawnRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start within ${START_TIMEOUT_MS} ms: ${output.slice(-500)}`));
    }, START_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume();
        resolve(child);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code} before it was ready: ${output.slice(-500)}`));
    });
  });
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

export async function startRedis(): Promise<RedisServer> {
  const external = process.env.REDIS_URL;
  if (external !== undefined && external !== '') {
    let pausedUntil = 0;
    return {
      url: external,
      owned: false,
      async outage(ms) {
        const admin = new Redis(external, { maxRetriesPerRequest: 1 });
        try {
          await admin.call('CLIENT', 'PAUSE', String(ms), 'ALL');
          pausedUntil = Date.now() + ms;
        } finally {
          admin.disconnect();
        }
      },
      async recover() {
        const left = pausedUntil - Date.now();
        if (left > 0) await new Promise((resolve) => setTimeout(resolve, left + 50));
      },
      stop: async () => undefined,
    };
  }
  if (!hasRedisServer()) {
    throw new Error(
      'These tests need a real Redis: install redis-server (Debian/Ubuntu: `apt-get install -y redis-server`) so it is on PATH, or set REDIS_URL=redis://127.0.0.1:6379.',
    );
  }
  const port = await freePort();
  let child = await spawnRedis(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    owned: true,
    outage: () => stopProcess(child, 'SIGKILL'),
    async recover() {
      child = await spawnRedis(port);
    },
    stop: () => stopProcess(child, 'SIGTERM'),
  };
}

/** A prefix no other test run uses, so tests can share an external Redis. */
export function uniquePrefix(): string {
  return `tokenward-test:${crypto.randomUUID()}:`;
}
