import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryRevocationStore, createRevocationList, revocationKey } from '../../src/revocation/index.js';
import type { RevocationStore } from '../../src/shared/types.js';
import { fakeClock, START } from '../jwks/helpers.js';

const ISS = 'https://login.example.com/';
const NOW_SEC = START / 1000;

function claims(overrides: Record<string, unknown> = {}) {
  return { iss: ISS, sub: 'user-1', sid: 'session-1', jti: 'token-1', exp: NOW_SEC + 3_600, ...overrides };
}

function setup(store?: RevocationStore) {
  const clock = fakeClock();
  const list = createRevocationList({ now: clock.now, ...(store === undefined ? {} : { store }) });
  return { clock, list };
}

describe('revocation list', () => {
  it('does not report a token nobody revoked', async () => {
    const { list } = setup();
    expect(await list.isRevoked(claims())).toBe(false);
  });

  it('reports a token revoked by its jti', async () => {
    const { list } = setup();
    await list.revoke(claims());
    expect(await list.isRevoked(claims())).toBe(true);
  });

  it('does not report another token of the same session when revoking by jti', async () => {
    const { list } = setup();
    await list.revoke(claims());
    expect(await list.isRevoked(claims({ jti: 'token-2' }))).toBe(false);
  });

  it('reports every token of a session revoked by sid', async () => {
    const { list } = setup();
    await list.revoke(claims(), { by: 'sid' });
    expect(await list.isRevoked(claims({ jti: 'token-2' }))).toBe(true);
  });

  it('reports every token of a subject revoked by sub', async () => {
    const { list } = setup();
    await list.revoke(claims(), { by: 'sub' });
    expect(await list.isRevoked(claims({ jti: 'token-2', sid: 'session-2' }))).toBe(true);
  });

  it('keeps issuers apart: the same jti from another issuer is not revoked', async () => {
    const { list } = setup();
    await list.revoke(claims());
    expect(await list.isRevoked(claims({ iss: 'https://other.example.com/' }))).toBe(false);
  });

  it('forgets an entry once the token expired plus the grace period', async () => {
    const { list, clock } = setup();
    await list.revoke(claims({ exp: NOW_SEC + 60 }));
    clock.advance(60_000 + 299_000);
    expect(await list.isRevoked(claims())).toBe(true);
    clock.advance(1_000);
    expect(await list.isRevoked(claims())).toBe(false);
  });

  it('keeps an entry until untilSec when given', async () => {
    const { list, clock } = setup();
    await list.revoke(claims({ exp: NOW_SEC + 60 }), { by: 'sub', untilSec: NOW_SEC + 86_400 });
    clock.advance(3_600_000);
    expect(await list.isRevoked(claims())).toBe(true);
  });

  it('stores nothing for a token that can no longer verify', async () => {
    const added: string[] = [];
    const { list } = setup({ has: () => false, add: (key) => void added.push(key) });
    await list.revoke(claims({ exp: NOW_SEC - 3_600 }));
    expect(added).toEqual([]);
  });

  it('only checks the configured claims', async () => {
    const list = createRevocationList({ claims: ['jti'], now: fakeClock().now });
    await list.revoke(claims(), { by: 'sub' });
    expect(await list.isRevoked(claims())).toBe(false);
  });

  it('does not ask the store about a token without iss, jti, sid or sub', async () => {
    let asked = 0;
    const { list } = setup({ has: () => (asked++, true), add: () => undefined });
    expect(await list.isRevoked({ iss: ISS })).toBe(false);
    expect(await list.isRevoked({ jti: 'x' })).toBe(false);
    expect(asked).toBe(0);
  });

  it.each([
    ['no iss', { iss: undefined }, {}, /without iss/],
    ['no jti', { jti: undefined }, {}, /no jti/],
    ['no exp', { exp: undefined }, {}, /without exp/],
    ['an unknown claim', {}, { by: 'email' }, /revoke by/],
  ])('refuses to revoke a token with %s', async (_, overrides, options, message) => {
    const { list } = setup();
    await expect(list.revoke(claims(overrides), options as never)).rejects.toThrow(message);
  });
});

describe('revocation list: a failing store fails open', () => {
  it('answers "not revoked" and calls onError when has rejects', async () => {
    const errors: unknown[] = [];
    const list = createRevocationList({
      store: { has: () => Promise.reject(new Error('down')), add: () => undefined },
      onError: (e) => errors.push(e),
    });
    expect(await list.isRevoked(claims())).toBe(false);
    expect(errors).toHaveLength(1);
  });

  it('answers "not revoked" after timeoutMs when has hangs', async () => {
    const list = createRevocationList({ store: { has: () => new Promise<boolean>(() => undefined), add: () => undefined }, timeoutMs: 20 });
    expect(await list.isRevoked(claims())).toBe(false);
  });

  it('ignores an onError hook that throws', async () => {
    const list = createRevocationList({
      store: { has: () => Promise.reject(new Error('down')), add: () => undefined },
      onError: () => {
        throw new Error('hook');
      },
    });
    expect(await list.isRevoked(claims())).toBe(false);
  });

  it('rejects revoke when the store cannot add the entry', async () => {
    const list = createRevocationList({ store: { has: () => false, add: () => Promise.reject(new Error('down')) } });
    await expect(list.revoke(claims({ exp: Date.now() / 1000 + 60 }))).rejects.toThrow('down');
  });
});

describe('revocation list: configuration', () => {
  it.each([
    [{ timeoutMs: 0 }, /timeoutMs/],
    [{ graceSec: -1 }, /graceSec/],
    [{ claims: [] }, /claims/],
    [{ claims: ['email'] }, /claims/],
    [{ store: {} }, /has\(keys\)/],
  ])('throws a TypeError at startup for %o', (options, message) => {
    expect(() => createRevocationList(options as never)).toThrow(message);
  });
});

describe('revocationKey', () => {
  it('is the claim name and a base64url SHA-256 of issuer and value, without the value itself', async () => {
    const key = await revocationKey('sub', ISS, 'alice@example.com');
    expect(key).toMatch(/^sub\.[A-Za-z0-9_-]{43}$/);
    expect(key).not.toContain('alice');
  });

  it('keeps the key stores already hold: the claim, a dot, the unpadded base64url SHA-256 of [issuer, value] as JSON', async () => {
    const digest = createHash('sha256')
      .update(JSON.stringify([ISS, 'alice@example.com']))
      .digest('base64url');
    expect(await revocationKey('sub', ISS, 'alice@example.com')).toBe(`sub.${digest}`);
  });

  it('differs when issuer and value split differently', async () => {
    expect(await revocationKey('jti', 'https://a:b', 'c')).not.toBe(await revocationKey('jti', 'https://a', 'b:c'));
  });
});

describe('memory revocation store', () => {
  it('keeps the later expiry when a key is added twice', () => {
    const clock = fakeClock();
    const store = createMemoryRevocationStore({ now: clock.now });
    store.add('k', START + 10_000);
    store.add('k', START + 5_000);
    clock.advance(7_000);
    expect(store.has(['k'])).toBe(true);
  });

  it('answers for live and expired entries alike after sweeping expired ones', () => {
    const clock = fakeClock();
    const store = createMemoryRevocationStore({ now: clock.now });
    for (let i = 0; i < 999; i++) store.add(`old-${i}`, START + 1);
    clock.advance(10);
    store.add('new', START + 60_000);
    expect(store.has(['old-1'])).toBe(false);
    expect(store.has(['new'])).toBe(true);
  });
});
