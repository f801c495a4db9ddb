/**
 * `@tokenward/testing`'s hostile-input tables against a real introspection server on 127.0.0.1:
 * bodies, headers and caller credentials as raw bytes, then sockets that stall, flood or abort.
 */
import { connect, type Socket } from 'node:net';
import {
  createTestIssuer,
  HOSTILE_SOCKET_CASES,
  INTROSPECTION_HOSTILE_CASES,
  judgeHostileAnswer,
  runSocketCase,
  sendRawRequest,
  type TestIssuer,
} from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIntrospectionServer, type IntrospectionLogEntry, type IntrospectionServer } from '../src/index.js';
import { entraConfig } from './helpers.js';

const CALLER: readonly [string, string] = ['authorization', 'Bearer hostile-table-caller-credential'];

let issuer: TestIssuer;
let service: IntrospectionServer;
const logs: IntrospectionLogEntry[] = [];

beforeAll(async () => {
  issuer = await createTestIssuer({ provider: 'entra' });
  service = await startIntrospectionServer({
    config: entraConfig(issuer),
    callers: [{ bearerToken: 'hostile-table-caller-credential' }, { clientId: 'gateway', clientSecret: 'gateway-secret' }],
    log: (entry) => logs.push(entry),
  });
  await service.warmed;
});
afterAll(async () => {
  await service.close();
  await issuer.close();
});

describe('introspect: hostile requests from the shared table', () => {
  it.each(INTROSPECTION_HOSTILE_CASES.map((row) => [row.name, row] as const))('%s: answers as the table says', async (_name, row) => {
    const answer = await sendRawRequest(service.url, row.request, { extraHeaders: row.asCaller === false ? [] : [CALLER] });
    expect(judgeHostileAnswer(answer, row.expect)).toEqual({ ok: true });
  });

  it('never answered 500 or logged an error while the table ran', () => {
    expect(logs.filter((entry) => entry.level === 'error' || entry.status === 500)).toEqual([]);
  });
});

/** Opens `count` connections that send nothing; resolves once all are connected. */
async function idleSockets(url: string, count: number): Promise<Socket[]> {
  const { port, hostname } = new URL(url);
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Socket>((resolve) => {
          const socket = connect(Number(port), hostname, () => resolve(socket));
          socket.on('error', () => undefined);
          socket.resume(); // so a close by the server is seen
        }),
    ),
  );
}

describe('introspect: connections', () => {
  it('answers /healthz while 300 idle sockets are held open past the connection cap', async () => {
    const capped = await startIntrospectionServer({
      config: entraConfig(issuer),
      allowUnauthenticated: true,
      maxConnections: 50,
      headersTimeoutMs: 60_000,
      log: () => undefined,
    });
    const sockets = await idleSockets(capped.url, 300);
    try {
      const health = await fetch(`${capped.url}/healthz`);
      expect(health.status).toBe(200);
      const ready = await fetch(`${capped.url}/readyz`);
      expect(ready.status).toBe(200);
      await expect.poll(() => sockets.filter((s) => !s.closed).length, { timeout: 5000 }).toBeLessThanOrEqual(50);
    } finally {
      sockets.forEach((s) => s.destroy());
      await capped.close();
    }
  });

  it('closes connections that send nothing once the headers timeout has passed', async () => {
    const quick = await startIntrospectionServer({
      config: entraConfig(issuer),
      allowUnauthenticated: true,
      headersTimeoutMs: 200,
      requestTimeoutMs: 400,
      log: () => undefined,
    });
    try {
      const sockets = await idleSockets(quick.url, 20);
      const closed = await Promise.all(
        sockets.map((socket) => new Promise<boolean>((resolve) => socket.once('close', () => resolve(true)))),
      );
      expect(closed).toEqual(Array.from({ length: 20 }, () => true));
    } finally {
      await quick.close();
    }
  });

  it.each(HOSTILE_SOCKET_CASES.map((row) => [row.name, row] as const))('%s: handled as the table says', async (_name, row) => {
    const quick = await startIntrospectionServer({
      config: entraConfig(issuer),
      allowUnauthenticated: true,
      headersTimeoutMs: 200,
      requestTimeoutMs: 400,
      log: () => undefined,
    });
    try {
      const closed = await runSocketCase(quick.url, row, 10_000);
      expect(closed).toBe(true);
      expect((await fetch(`${quick.url}/healthz`)).status).toBe(200);
    } finally {
      await quick.close();
    }
  });

  it('logs an upload the client aborted as a client event at info level, not as a 500', async () => {
    const entries: IntrospectionLogEntry[] = [];
    const lonely = await startIntrospectionServer({
      config: entraConfig(issuer),
      allowUnauthenticated: true,
      log: (entry) => entries.push(entry),
    });
    try {
      const aborted = HOSTILE_SOCKET_CASES.find((row) => row.then === 'close');
      if (aborted === undefined) throw new Error('the table has no aborted upload');
      await runSocketCase(lonely.url, aborted, 5000);
      await expect.poll(() => entries.some((entry) => entry.msg === 'request aborted by the client'), { timeout: 5000 }).toBe(true);
      expect(entries.find((entry) => entry.msg === 'request aborted by the client')).toMatchObject({
        level: 'info',
        method: 'POST',
        path: '/introspect',
      });
      expect(entries.filter((entry) => entry.level === 'error' || entry.status === 500)).toEqual([]);
    } finally {
      await lonely.close();
    }
  });
});
