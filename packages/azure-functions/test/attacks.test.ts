import { ATTACK_CASES, runAttackCase, startAttacks, type AttackEnvironment, type ConformanceSend } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceSend } from './helpers.js';

// The hostile-token table of @tokenward/testing, through real @azure/functions request, context and
// response objects (repeated headers arrive joined with ", ", as the Functions host joins them).
let environment: AttackEnvironment;
let send: ConformanceSend;

beforeAll(async () => {
  environment = await startAttacks();
  send = conformanceSend(environment.setup);
});

afterAll(() => environment?.close());

describe('attacks answered by withAuth', () => {
  it('accepts a genuine token (the control)', async () => {
    const response = await send({
      method: 'GET',
      path: '/orders',
      target: '/orders',
      headers: [['Authorization', `Bearer ${await environment.validToken()}`]],
    });
    expect(response.status).toBe(200);
  });

  it.each(ATTACK_CASES.map((attack) => [`${attack.category}: ${attack.name} → ${attack.code}`, attack] as const))(
    '%s',
    async (_case, attack) => {
      const result = await runAttackCase(environment, attack, send);
      expect(result.mismatches).toEqual([]);
    },
  );

  it("never contacted the attacker's server over the whole table", () => {
    expect(environment.attacker.requests.total).toBe(0);
  });
});
