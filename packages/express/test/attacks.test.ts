import {
  ATTACK_CASES,
  createHttpSender,
  runAttackCase,
  startAttacks,
  type AttackEnvironment,
  type ConformanceSend,
} from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceApp, EXPRESS_VERSIONS, listen, type Server } from './helpers.js';

// The hostile-token table of @tokenward/testing, answered by a real Express server over HTTP. The
// server accepts 64 KiB of headers, so the oversized cases reach the middleware instead of Node's
// parser (which answers 431 itself beyond its default 16 KiB).
const cases = ATTACK_CASES.map((attack) => [`${attack.category}: ${attack.name} → ${attack.code}`, attack] as const);

describe.each(EXPRESS_VERSIONS)('attacks answered by %s', (_name, createApp) => {
  let environment: AttackEnvironment;
  let server: Server;
  let send: ConformanceSend;

  beforeAll(async () => {
    environment = await startAttacks();
    server = await listen(conformanceApp(createApp, environment.setup), { maxHeaderSize: 64 * 1024 });
    send = createHttpSender(server.origin);
  });

  afterAll(async () => {
    await server?.close();
    await environment?.close();
  });

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

  it("never contacted the attacker's server over the whole table", () => {
    expect(environment.attacker.requests.total).toBe(0);
  });
});
