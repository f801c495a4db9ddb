import { describe, expect, it } from 'vitest';
import { buildPrincipal, scopesOf } from '../src/verify/principal.js';

describe('scopesOf', () => {
  it('splits an Entra scp string', () => {
    expect(scopesOf({ scp: 'Orders.Read Orders.Write' })).toEqual(['Orders.Read', 'Orders.Write']);
  });

  it('reads an OAuth scope string and an Okta scp array', () => {
    expect(scopesOf({ scope: 'openid read:messages' })).toEqual(['openid', 'read:messages']);
    expect(scopesOf({ scp: ['openid', 'profile'] })).toEqual(['openid', 'profile']);
  });

  it('merges Auth0 permissions with scope without duplicates', () => {
    expect(scopesOf({ scope: 'openid read:messages', permissions: ['read:messages', 'write:messages'] })).toEqual([
      'openid',
      'read:messages',
      'write:messages',
    ]);
  });

  it('ignores values of the wrong type', () => {
    expect(scopesOf({ scp: 5, scope: { a: 1 }, permissions: [1, 'ok'] })).toEqual(['ok']);
  });
});

describe('buildPrincipal', () => {
  it('maps the standard claims', () => {
    const principal = buildPrincipal(
      { sub: 'user-1', azp: 'client-1', tid: 'tenant-1', roles: ['Admin'], groups: ['g1'], scp: 'a b' },
      'https://issuer.test',
    );
    expect(principal).toEqual({
      subject: 'user-1',
      issuer: 'https://issuer.test',
      tenantId: 'tenant-1',
      clientId: 'client-1',
      scopes: ['a', 'b'],
      roles: ['Admin'],
      groups: ['g1'],
      groupsOverage: false,
      appOnly: false,
    });
  });

  it('reads the client from appid, client_id or cid when azp is absent', () => {
    expect(buildPrincipal({ appid: 'a' }, 'i').clientId).toBe('a');
    expect(buildPrincipal({ client_id: 'c' }, 'i').clientId).toBe('c');
    expect(buildPrincipal({ cid: 'o' }, 'i').clientId).toBe('o');
  });

  it('flags Entra groups overage from _claim_names', () => {
    expect(buildPrincipal({ _claim_names: { groups: 'src1' }, _claim_sources: {} }, 'i').groupsOverage).toBe(true);
    expect(buildPrincipal({ hasgroups: true }, 'i').groupsOverage).toBe(true);
  });

  it('treats idtyp app, client-credentials grants and sub equal to the client as app-only', () => {
    expect(buildPrincipal({ idtyp: 'app' }, 'i').appOnly).toBe(true);
    expect(buildPrincipal({ gty: 'client-credentials' }, 'i').appOnly).toBe(true);
    expect(buildPrincipal({ sub: 'svc', client_id: 'svc' }, 'i').appOnly).toBe(true);
  });

  it('lets the preset mapper override fields but never the issuer', () => {
    const principal = buildPrincipal({ sub: 's', oid: 'o' }, 'https://real', () => ({ subject: 'o', issuer: 'https://fake' }) as never);
    expect(principal.subject).toBe('o');
    expect(principal.issuer).toBe('https://real');
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(buildPrincipal({}, 'i'))).toBe(true);
  });
});
