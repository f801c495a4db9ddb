import { fileURLToPath } from 'node:url';
import { ATTACK_CASES, runAttackCase, startAttacks, type AttackEnvironment, type ConformanceSend } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type Workers } from './harness.js';

// The hostile-token table of @tokenward/testing, answered in workerd by both entry points. The attack
// setup has the conformance setup's shape, so the conformance Worker serves it unchanged.
const ENTRY = fileURLToPath(new URL('./fixtures/conformance-worker.ts', import.meta.url));

let environment: AttackEnvironment;
let workers: Workers;

beforeAll(async () => {
  environment = await startAttacks();
  const bindings = { CONFORMANCE: JSON.stringify(environment.setup) };
  workers = await startWorkers({ fetch: bindings, hono: bindings }, ENTRY);
});

afterAll(async () => {
  await workers?.dispose();
  await environment?.close();
});

function sendTo(host: string): ConformanceSend {
  return async ({ method, path, headers }) => {
    const response = await workers.fetch(`http://${host}${path}`, {
      method,
      headers: headers.map(([name, value]): [string, string] => [name, value]),
    });
    return { status: response.status, headers: response.headers, body: await response.text() };
  };
}

const cases = ATTACK_CASES.map((attack) => [`${attack.category}: ${attack.name} → ${attack.code}`, attack] as const);

describe.each([
  ['withAuth', 'fetch.fetch.test'],
  ['the Hono middleware', 'hono.hono.test'],
])('attacks answered in workerd by %s', (_entry, host) => {
  it('accepts a genuine token (the control)', async () => {
    const response = await sendTo(host)({
      method: 'GET',
      path: '/orders',
      target: '/orders',
      headers: [['Authorization', `Bearer ${await environment.validToken()}`]],
    });
    expect(response.status).toBe(200);
  });

  it.each(cases)('%s', async (_case, attack) => {
    const result = await runAttackCase(environment, attack, sendTo(host));
    expect(result.mismatches).toEqual([]);
  });
});

describe('attacks in workerd: what the whole table caused', () => {
  it("never contacted the attacker's server, whose URLs the tokens carry", () => {
    expect(environment.attacker.requests.total).toBe(0);
  });
});
