/**
 * A fleet of separate Node processes sharing one real Redis, against a real local issuer: the
 * issuer's JWKS request count shows what the fleet costs the provider.
 */

import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMember, type Member } from './fleet.js';
import { startRedis, uniquePrefix, type RedisServer } from './redis-server.js';

const FLEET_SIZE = 6;

let redis: RedisServer;
let issuer: TestIssuer;
let env: Record<string, string>;
const members: Member[] = [];

async function join(): Promise<Member> {
  const member = await startMember(env);
  members.push(member);
  return member;
}

beforeAll(async () => {
  redis = await startRedis();
  issuer = await createTestIssuer({ provider: 'generic' });
  env = { REDIS_URL: redis.url, PREFIX: uniquePrefix(), ISSUER: issuer.issuer, JWKS_URI: issuer.jwksUri, AUDIENCE: issuer.audience };
}, 60_000);

afterAll(async () => {
  await Promise.all(members.map((member) => member.stop()));
  await issuer?.close();
  await redis?.stop();
}, 60_000);

describe(`a fleet of ${FLEET_SIZE} processes sharing Redis`, () => {
  it('makes one JWKS request when the cold fleet verifies its first tokens at once', async () => {
    const fleet = await Promise.all(Array.from({ length: FLEET_SIZE }, join));
    issuer.resetCounters();
    const token = await issuer.mint();
    const replies = await Promise.all(fleet.map((member) => member.send({ op: 'verify', token })));
    expect(replies.map((reply) => reply.ok)).toEqual(Array(FLEET_SIZE).fill(true));
    expect(issuer.requests.jwks).toBe(1);
  });

  it('lets a process joining the warm fleet verify its first token without contacting the issuer', async () => {
    const before = issuer.requests.jwks;
    const newcomer = await join();
    expect(await newcomer.send({ op: 'verify', token: await issuer.mint() })).toMatchObject({ ok: true });
    expect(issuer.requests.jwks).toBe(before);
  });

  it('rejects on every process a token revoked on one of them', async () => {
    const token = await issuer.mint({ jti: crypto.randomUUID() });
    expect(await members[0]?.send({ op: 'revoke', token, by: 'jti' })).toMatchObject({ ok: true });
    const replies = await Promise.all(members.map((member) => member.send({ op: 'verify', token })));
    expect(replies.map((reply) => (reply.ok ? 'accepted' : reply.code))).toEqual(Array(members.length).fill('token_revoked'));
  });

  it('rejects on every process the tokens of a session revoked by sid on one of them', async () => {
    const sid = crypto.randomUUID();
    expect(await members[1]?.send({ op: 'revoke', token: await issuer.mint({ sid }), by: 'sid' })).toMatchObject({ ok: true });
    const other = await issuer.mint({ sid, jti: crypto.randomUUID() });
    const replies = await Promise.all(members.map((member) => member.send({ op: 'verify', token: other })));
    expect(replies.every((reply) => !reply.ok && reply.code === 'token_revoked')).toBe(true);
  });

  describe('while Redis is down', () => {
    let before: number;

    beforeAll(async () => {
      before = issuer.requests.jwks;
      await redis.outage(20_000);
    });

    it('keeps accepting valid tokens on every process, without contacting the issuer', async () => {
      const token = await issuer.mint();
      const replies = await Promise.all(members.map((member) => member.send({ op: 'verify', token })));
      expect(replies.map((reply) => reply.ok)).toEqual(Array(members.length).fill(true));
      expect(replies.every((reply) => reply.storeErrors > 0)).toBe(true);
      expect(issuer.requests.jwks).toBe(before);
    });

    it('lets a cold process verify by fetching the keys itself (one request)', async () => {
      const cold = await join();
      expect(await cold.send({ op: 'verify', token: await issuer.mint() })).toMatchObject({ ok: true });
      expect(issuer.requests.jwks).toBe(before + 1);
    });

    it('fails open: a revoked token is accepted while the denylist cannot be read', async () => {
      const revoked = await issuer.mint({ jti: crypto.randomUUID() });
      expect(await members[0]?.send({ op: 'revoke', token: revoked, by: 'jti' })).toMatchObject({ ok: false });
      expect(await members[1]?.send({ op: 'verify', token: revoked })).toMatchObject({ ok: true });
    });
  });

  describe('once Redis is back', () => {
    beforeAll(async () => {
      await redis.recover();
      // Past the members' retryAfterErrorMs (300 ms) and ioredis' reconnect backoff.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
    });

    it('shares revocations across the fleet again', async () => {
      const token = await issuer.mint({ jti: crypto.randomUUID() });
      expect(await members[0]?.send({ op: 'revoke', token, by: 'jti' })).toMatchObject({ ok: true });
      const replies = await Promise.all(members.map((member) => member.send({ op: 'verify', token })));
      expect(replies.every((reply) => !reply.ok && reply.code === 'token_revoked')).toBe(true);
    });
  });
});
