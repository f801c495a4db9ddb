/** `tokenward introspect` started as a user starts it: the real CLI in a child process. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Socket } from 'node:net';
import { runTokenward, startTokenward, waitForOutput } from './process.js';

let entra: TestIssuer;
let dir: string;
let plainConfig: string;
let callersConfig: string;

beforeAll(async () => {
  entra = await createTestIssuer({ provider: 'entra' });
  dir = await mkdtemp(join(tmpdir(), 'tokenward-introspect-'));
  const issuers = [{ preset: 'entra', tenantId: entra.tenantId, audience: entra.audience, authority: entra.url }];
  plainConfig = join(dir, 'plain.json');
  await writeFile(plainConfig, JSON.stringify({ issuers }));
  callersConfig = join(dir, 'callers.json');
  await writeFile(callersConfig, JSON.stringify({ issuers, introspection: { callers: [{ bearerTokenEnv: 'INTROSPECT_CALLER_TOKEN' }] } }));
});
afterAll(async () => {
  await entra.close();
  await rm(dir, { recursive: true, force: true });
});

describe('tokenward introspect: caller authentication', () => {
  it('refuses to start without callers in the config or --allow-unauthenticated', async () => {
    const result = await runTokenward(['introspect', '--config', plainConfig, '--port', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^tokenward introspect: no callers configured/);
  });

  it('refuses --host with a public address and no caller authentication', async () => {
    const result = await runTokenward([
      'introspect',
      '--config',
      plainConfig,
      '--port',
      '0',
      '--host',
      '0.0.0.0',
      '--allow-unauthenticated',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/refusing to answer unauthenticated callers on 0\.0\.0\.0/);
  });

  it('says which environment variable is missing when a caller secret is not set', async () => {
    const result = await runTokenward(['introspect', '--config', callersConfig, '--port', '0'], { env: { INTROSPECT_CALLER_TOKEN: '' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/INTROSPECT_CALLER_TOKEN is not set/);
  });

  it('answers callers with the credential from the environment, and 401 to others', async () => {
    const child = startTokenward(['introspect', '--config', callersConfig, '--port', '0'], {
      INTROSPECT_CALLER_TOKEN: 'process-test-credential',
    });
    try {
      const listening = await waitForOutput(child, /"msg":"listening"/);
      const url = (JSON.parse(listening.split('\n').find((line) => line.includes('"listening"')) ?? '{}') as { url: string }).url;
      const ask = (authorization?: string) =>
        fetch(`${url}/introspect`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
          body: JSON.stringify({ token: 'a.b.c' }),
        });
      expect((await ask()).status).toBe(401);
      const answer = await ask('Bearer process-test-credential');
      expect([answer.status, await answer.json()]).toEqual([200, { active: false, error: expect.any(String) }]);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('tokenward introspect: connections', () => {
  it('keeps /healthz answering under a 256-descriptor limit while 300 idle sockets are open', async () => {
    const child = startTokenward(['introspect', '--config', plainConfig, '--port', '0', '--allow-unauthenticated'], {}, { openFiles: 256 });
    const sockets: Socket[] = [];
    try {
      const listening = await waitForOutput(child, /"msg":"listening"/);
      const entry = JSON.parse(listening.split('\n').find((line) => line.includes('"listening"')) ?? '{}') as {
        url: string;
        maxConnections: number;
      };
      expect(entry.maxConnections).toBe(192);
      const { port, hostname } = new URL(entry.url);
      for (let i = 0; i < 300; i++) {
        const socket = connect(Number(port), hostname);
        socket.on('error', () => undefined);
        socket.resume();
        sockets.push(socket);
      }
      await Promise.all(
        sockets.map(
          (socket) =>
            new Promise<void>((resolve) =>
              socket.connecting ? socket.once('connect', () => resolve()).once('close', () => resolve()) : resolve(),
            ),
        ),
      );
      const health = await fetch(`${entry.url}/healthz`, { signal: AbortSignal.timeout(10_000) });
      expect(health.status).toBe(200);
    } finally {
      sockets.forEach((socket) => socket.destroy());
      child.kill('SIGTERM');
    }
  });
});
