import { describe, expect, it } from 'vitest';
import {
  createRequirement,
  hasGroups,
  hasRoles,
  hasScopes,
  requireAppOnly,
  requireDelegated,
  requireGroups,
  requireRoles,
  requireScopes,
  type RequirementOptions,
} from '../src/authz/authorization.js';
import { ForbiddenError, InsufficientScopeError, TokenExpiredError, VerificationFailedError } from '../src/shared/errors.js';
import type { Principal, VerifiedToken } from '../src/shared/types.js';
import { testPrincipal, testVerifiedToken, thrown } from './support/verified-token.js';

const principal = testPrincipal;
const verified = (fields?: Partial<Principal>): VerifiedToken => testVerifiedToken(fields);

describe('requireScopes', () => {
  it('passes when the token has every required scope', () => {
    expect(() =>
      requireScopes(verified({ scopes: ['openid', 'Orders.Read', 'Orders.Write'] }), ['Orders.Read', 'Orders.Write']),
    ).not.toThrow();
  });

  it('accepts a principal as well as a verified token', () => {
    expect(() => requireScopes(principal({ scopes: ['Orders.Read'] }), 'Orders.Read')).not.toThrow();
  });

  it('throws InsufficientScopeError saying what was expected and what was found', () => {
    const error = thrown(() => requireScopes(verified({ scopes: ['openid', 'profile'] }), 'read:messages'));
    expect(error).toBeInstanceOf(InsufficientScopeError);
    expect(error).toMatchObject({
      status: 403,
      message: 'missing required scope: expected all of [read:messages], found [openid profile]',
      expected: 'all of [read:messages]',
      found: ['openid', 'profile'],
      requiredScopes: ['read:messages'],
    });
  });

  it('requires all scopes by default', () => {
    expect(() => requireScopes(verified({ scopes: ['a'] }), ['a', 'b'])).toThrow(InsufficientScopeError);
  });

  it("passes with match: 'any' when one scope is present", () => {
    expect(() => requireScopes(verified({ scopes: ['b'] }), ['a', 'b'], { match: 'any' })).not.toThrow();
  });

  it("fails with match: 'any' when none is present, naming the mode", () => {
    expect(() => requireScopes(verified({ scopes: [] }), ['a', 'b'], { match: 'any' })).toThrow(
      'missing required scope: expected any of [a b], found none',
    );
  });

  it('lists every required scope in requiredScopes for the challenge', () => {
    const error = thrown(() => requireScopes(verified({ scopes: ['a'] }), ['a', 'b'])) as InsufficientScopeError;
    expect(error.requiredScopes).toEqual(['a', 'b']);
  });

  it('shortens a long found list in the message', () => {
    const scopes = Array.from({ length: 25 }, (_, i) => `s${i}`);
    const error = thrown(() => requireScopes(verified({ scopes }), 'x')) as Error;
    expect(error.message).toBe('missing required scope: expected all of [x], found [s0 s1 s2 s3 s4 s5 s6 s7 s8 s9 … 15 more]');
  });

  it('throws a TypeError for an empty requirement', () => {
    expect(() => requireScopes(verified(), [])).toThrow(TypeError);
    expect(() => requireScopes(verified(), '')).toThrow(TypeError);
  });

  it('throws a TypeError for a scope that is not an RFC 6749 scope-token', () => {
    expect(() => requireScopes(verified(), 'Orders.Read Orders.Write')).toThrow(/is not a scope/);
    expect(() => requireScopes(verified(), 'a"b')).toThrow(TypeError);
  });

  it('throws a TypeError for an unknown match mode', () => {
    expect(() => requireScopes(verified(), 'a', { match: 'some' as 'any' })).toThrow("match must be 'all' or 'any'");
  });

  it('throws a TypeError when there is no token (authentication missing in front of the route)', () => {
    expect(() => requireScopes(undefined as unknown as VerifiedToken, 'a')).toThrow(/needs a verified token/);
  });
});

describe('requireRoles', () => {
  it('passes when the token has the app role', () => {
    expect(() => requireRoles(verified({ roles: ['Orders.Admin'] }), 'Orders.Admin')).not.toThrow();
  });

  it('throws ForbiddenError saying what was expected and what was found', () => {
    const error = thrown(() => requireRoles(verified({ roles: ['Orders.Reader'] }), 'Orders.Admin'));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({
      status: 403,
      message: 'missing required role: expected all of [Orders.Admin], found [Orders.Reader]',
      found: ['Orders.Reader'],
    });
  });

  it("passes with match: 'any' when one role is present", () => {
    expect(() => requireRoles(verified({ roles: ['B'] }), ['A', 'B'], { match: 'any' })).not.toThrow();
  });

  it('does not treat scopes as roles', () => {
    expect(() => requireRoles(verified({ scopes: ['Orders.Admin'] }), 'Orders.Admin')).toThrow(ForbiddenError);
  });

  it('throws a TypeError for an empty requirement', () => {
    expect(() => requireRoles(verified(), [])).toThrow(TypeError);
  });
});

describe('requireGroups', () => {
  it('passes when the token lists the group', () => {
    expect(() => requireGroups(verified({ groups: ['g1', 'g2'] }), 'g2')).not.toThrow();
  });

  it('throws ForbiddenError saying what was expected and what was found', () => {
    expect(() => requireGroups(verified({ groups: ['g1'] }), ['g2'])).toThrow('missing required group: expected all of [g2], found [g1]');
  });

  it('explains a groups overage instead of only reporting no groups', () => {
    const error = thrown(() => requireGroups(verified({ groupsOverage: true }), 'g1'));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as Error).message).toBe(
      'missing required group: expected all of [g1], found none; groups were left out of the token (overage); read them from Microsoft Graph or use app roles',
    );
  });

  it('throws a TypeError for an empty group name', () => {
    expect(() => requireGroups(verified(), ['g1', ''])).toThrow(TypeError);
  });
});

describe('requireAppOnly and requireDelegated', () => {
  it('requireAppOnly passes an application token', () => {
    expect(() => requireAppOnly(verified({ appOnly: true }))).not.toThrow();
  });

  it('requireAppOnly rejects a delegated token', () => {
    const error = thrown(() => requireAppOnly(verified({ appOnly: false })));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as Error).message).toBe('expected an application token, found a delegated (user) token');
  });

  it('requireDelegated passes a user token', () => {
    expect(() => requireDelegated(verified({ appOnly: false }))).not.toThrow();
  });

  it('requireDelegated rejects an application token', () => {
    expect(() => requireDelegated(verified({ appOnly: true }))).toThrow('expected a delegated (user) token, found an application token');
  });
});

describe('hasScopes, hasRoles, hasGroups', () => {
  it('hasScopes answers whether all scopes are granted', () => {
    expect(hasScopes(verified({ scopes: ['a', 'b'] }), ['a', 'b'])).toBe(true);
    expect(hasScopes(verified({ scopes: ['a'] }), ['a', 'b'])).toBe(false);
  });

  it("hasScopes with match: 'any' answers whether one is granted", () => {
    expect(hasScopes(verified({ scopes: ['b'] }), ['a', 'b'], { match: 'any' })).toBe(true);
  });

  it('hasRoles answers whether the roles are present', () => {
    expect(hasRoles(principal({ roles: ['Admin'] }), 'Admin')).toBe(true);
    expect(hasRoles(principal({ roles: [] }), 'Admin')).toBe(false);
  });

  it('hasGroups answers whether the groups are present', () => {
    expect(hasGroups(verified({ groups: ['g1'] }), 'g1')).toBe(true);
    expect(hasGroups(verified({ groupsOverage: true }), 'g1')).toBe(false);
  });

  it('throws a TypeError for an empty requirement, like the require variants', () => {
    expect(() => hasRoles(verified(), [])).toThrow(TypeError);
  });
});

describe('createRequirement: validated once, at creation', () => {
  it('throws a TypeError for an empty scope list', () => {
    expect(() => createRequirement({ scopes: [] })).toThrow(TypeError);
  });

  it('throws a TypeError when nothing is required', () => {
    expect(() => createRequirement({})).toThrow(
      'createRequirement needs at least one of scopes, roles, groups, appOnly, delegated, authContext or check',
    );
    expect(() => createRequirement({ appOnly: false })).toThrow(TypeError);
  });

  it('throws a TypeError for a misspelt option, which would otherwise drop a requirement', () => {
    expect(() => createRequirement({ scopes: 'a', role: 'Admin' } as RequirementOptions)).toThrow("unknown option 'role'");
  });

  it('throws a TypeError when appOnly and delegated are both required', () => {
    expect(() => createRequirement({ appOnly: true, delegated: true })).toThrow('appOnly and delegated exclude each other');
  });

  it('throws a TypeError for options of the wrong type', () => {
    expect(() => createRequirement({ appOnly: 'yes' as unknown as boolean })).toThrow(TypeError);
    expect(() => createRequirement({ check: 'true' as unknown as () => boolean })).toThrow(TypeError);
    expect(() => createRequirement({ scopes: 'a', match: 'most' as 'all' })).toThrow(TypeError);
    expect(() => createRequirement(null as unknown as RequirementOptions)).toThrow(TypeError);
  });
});

describe('createRequirement: per request', () => {
  it('resolves when every requirement is met', async () => {
    const requirement = createRequirement({ scopes: 'Orders.Write', roles: 'Orders.Admin', delegated: true });
    await expect(requirement(verified({ scopes: ['Orders.Write'], roles: ['Orders.Admin'] }))).resolves.toBeUndefined();
  });

  it('rejects with InsufficientScopeError for a missing scope', async () => {
    const requirement = createRequirement({ scopes: 'Orders.Write' });
    await expect(requirement(verified({ scopes: ['Orders.Read'] }))).rejects.toBeInstanceOf(InsufficientScopeError);
  });

  it('rejects with ForbiddenError for a missing role or group', async () => {
    await expect(createRequirement({ roles: 'Admin' })(verified())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createRequirement({ groups: 'g1' })(verified())).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('applies match to every list', async () => {
    const requirement = createRequirement({ scopes: ['a', 'b'], roles: ['R1', 'R2'], match: 'any' });
    await expect(requirement(verified({ scopes: ['b'], roles: ['R1'] }))).resolves.toBeUndefined();
  });

  it('checks the token kind before the lists', async () => {
    const requirement = createRequirement({ appOnly: true, roles: 'Daemon' });
    await expect(requirement(verified({ appOnly: false }))).rejects.toThrow('expected an application token');
  });

  it('runs the custom check with the token it was given', async () => {
    const seen: unknown[] = [];
    const token = verified();
    await createRequirement({ check: (t) => (seen.push(t), true) })(token);
    expect(seen).toEqual([token]);
  });

  it('does not run the custom check when another requirement already failed', async () => {
    let ran = false;
    const requirement = createRequirement({ roles: 'Admin', check: () => (ran = true) });
    await expect(requirement(verified())).rejects.toBeInstanceOf(ForbiddenError);
    expect(ran).toBe(false);
  });

  it('rejects with the message a check returns', async () => {
    const requirement = createRequirement({ check: async () => 'orders can only be read by their owner' });
    await expect(requirement(verified())).rejects.toThrow(new ForbiddenError('orders can only be read by their owner'));
  });

  it('rejects when a check returns false', async () => {
    await expect(createRequirement({ check: () => false })(verified())).rejects.toThrow(
      "rejected by the requirement's check: expected true, found false",
    );
  });

  it('rejects when a check returns anything but true (fails closed)', async () => {
    const check = (() => undefined) as unknown as () => boolean;
    await expect(createRequirement({ check })(verified())).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('keeps a tokenward error thrown by a check', async () => {
    const expired = new TokenExpiredError('expired');
    await expect(createRequirement({ check: () => Promise.reject(expired) })(verified())).rejects.toBe(expired);
  });

  it('normalises any other error thrown by a check into the tokenward tree', async () => {
    const requirement = createRequirement({
      check: () => {
        throw new Error('db down');
      },
    });
    await expect(requirement(verified())).rejects.toBeInstanceOf(VerificationFailedError);
  });

  it('accepts a principal when created for principals', async () => {
    const requirement = createRequirement<Principal>({ scopes: 'a', check: (p) => p.subject === 'user-1' });
    await expect(requirement(principal({ scopes: ['a'] }))).resolves.toBeUndefined();
  });

  it('rejects, rather than throws, when there is no token', async () => {
    const requirement = createRequirement({ scopes: 'a' });
    await expect(requirement(undefined as unknown as VerifiedToken)).rejects.toThrow(TypeError);
  });
});
