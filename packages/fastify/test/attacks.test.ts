import {
  ATTACK_CASES,
  createHttpSender,
  runAttackCase,
  startAttacks,
  type AttackEnvironment,
  type ConformanceSend,
} from '@tokenward/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceApp, FASTIFY_VERSIONS } from './helpers.js';

// The hostile-token table of @tokenward/testing, answered by real Fastify servers (4 and 5) over HTTP.
// The servers accept 64 KiB of headers, so the oversized cases reach the plugin instead of Node's
// parser (which answers 431 itself beyond its default 16 KiB).
let environment: AttackEnvironment;

beforeAll(async () => {
  environment = await startAttacks();
});

afterAll(() => environment?.close());

const cases = ATTACK_CASES.map((attack) => [`${attack.category}: ${attack.name} → ${attack.code}`, attack] as const);

describe.each(FASTIFY_VERSIONS)('attacks answered by %s over HTTP', (_version, factory) => {
  let app: FastifyInstance;
  let send: ConformanceSend;

  beforeAll(async () => {
    app = await conformanceApp(factory, environment.setup, { maxHeaderSize: 64 * 1024 });
    send = createHttpSender(await app.listen({ host: '127.0.0.1', port: 0 }));
  });

  afterAll(() => app?.close());

  it('accepts a genuine token (the control)', async () => {
    const response = await send({
      method: 'GET',
      path: '/orders',
      target: '/orders',
      headers: [['Authorization', `Bearer ${await environment.validToken()}`]],
    });
    expect(response.status).toBe(200);
  });

  it.each(cases)('%s', async (_case, attack) => {
    const result = await runAttackCase(environment, attack, send);
    expect(result.mismatches).toEqual([]);
  });
});

describe('attacks on Fastify: what the whole table caused', () => {
  it("never contacted the attacker's server, whose URLs the tokens carry", () => {
    expect(environment.attacker.requests.total).toBe(0);
  });
});
