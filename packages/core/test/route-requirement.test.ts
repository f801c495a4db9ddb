import { describe, expect, it } from 'vitest';
import { createAccessPolicy } from '../src/authz/access-policy.js';
import { requireRoles } from '../src/authz/authorization.js';
import { ForbiddenError, InsufficientScopeError, TokenExpiredError, VerificationFailedError } from '../src/shared/errors.js';
import { compileRequirement, type CompiledRequirement } from '../src/authz/route-requirement.js';
import type { Principal, VerifiedToken } from '../src/shared/types.js';

function tokenWith(fields: Partial<Principal> = {}): VerifiedToken {
  const principal: Principal = {
    subject: 'user-1',
    issuer: 'https://issuer.test',
    tenantId: 'tenant-1',
    clientId: 'client-1',
    scopes: ['Orders.Read'],
    roles: [],
    groups: [],
    groupsOverage: false,
    appOnly: false,
    ...fields,
  };
  return {
    claims: { sub: principal.subject },
    header: { alg: 'RS256' },
    issuer: { name: 'test', issuer: principal.issuer, audience: null, keySource: { kind: 'static', keys: [] } },
    principal,
    key: { kid: 'k1', alg: 'RS256' },
    token: 'header.payload.signature',
  };
}

/** A compiled requirement's outcome as a promise, whether it answered synchronously or not. */
async function settle<C>(compiled: CompiledRequirement<C> | undefined, token: VerifiedToken, context: C): Promise<void> {
  if (compiled === undefined) throw new Error('expected a compiled requirement');
  return compiled(token, context);
}

describe('compileRequirement', () => {
  it('returns undefined for no requirement', () => {
    expect(compileRequirement(undefined)).toBeUndefined();
    expect(compileRequirement(null)).toBeUndefined();
  });

  it('validates requirement options once, through createRequirement', () => {
    expect(() => compileRequirement({ scope: 'Orders.Read' } as never)).toThrow(/unknown option 'scope'/);
    expect(() => compileRequirement({ roles: [] })).toThrow(TypeError);
  });

  it('checks requirement options per request', async () => {
    const orders = compileRequirement({ scopes: 'Orders.Read' });
    await expect(settle(orders, tokenWith(), undefined)).resolves.toBeUndefined();
    await expect(settle(orders, tokenWith({ scopes: [] }), undefined)).rejects.toBeInstanceOf(InsufficientScopeError);
  });

  it('passes a check that returns nothing or true', async () => {
    await expect(
      settle(
        compileRequirement(() => undefined),
        tokenWith(),
        null,
      ),
    ).resolves.toBeUndefined();
    await expect(
      settle(
        compileRequirement(async () => true),
        tokenWith(),
        null,
      ),
    ).resolves.toBeUndefined();
  });

  it('gives the check the framework context', async () => {
    const seen: unknown[] = [];
    await settle(
      compileRequirement<{ route: string }>((_token, context) => void seen.push(context.route)),
      tokenWith(),
      { route: '/orders' },
    );
    expect(seen).toEqual(['/orders']);
  });

  it('denies with forbidden when the check returns false', async () => {
    const denied = settle(
      compileRequirement(() => false),
      tokenWith(),
      null,
    );
    await expect(denied).rejects.toBeInstanceOf(ForbiddenError);
    await expect(denied).rejects.toThrow('expected true, found false');
  });

  it('denies with the message a check returns', async () => {
    await expect(
      settle(
        compileRequirement(() => 'only the billing team'),
        tokenWith(),
        null,
      ),
    ).rejects.toThrow(new ForbiddenError('only the billing team'));
  });

  it('denies an empty message or any other value rather than passing it', async () => {
    await expect(
      settle(
        compileRequirement(() => ''),
        tokenWith(),
        null,
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(settle(compileRequirement((() => 0) as never), tokenWith(), null)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('keeps the code of a tokenward error the check throws', async () => {
    await expect(
      settle(
        compileRequirement((token) => requireRoles(token, 'Orders.Admin')),
        tokenWith(),
        null,
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      settle(
        compileRequirement(() => Promise.reject(new TokenExpiredError('expired'))),
        tokenWith(),
        null,
      ),
    ).rejects.toBeInstanceOf(TokenExpiredError);
  });

  it('accepts an access policy as a check', async () => {
    const policy = compileRequirement(createAccessPolicy({ clientApplications: ['client-1'], identities: 'any' }));
    await expect(settle(policy, tokenWith(), null)).resolves.toBeUndefined();
    await expect(settle(policy, tokenWith({ clientId: 'client-2' }), null)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('turns anything else a check throws into verification_failed, never an untyped error', async () => {
    const failed = settle(
      compileRequirement(() => {
        throw new Error('a bug in the check');
      }),
      tokenWith(),
      null,
    );
    await expect(failed).rejects.toBeInstanceOf(VerificationFailedError);
  });
});

describe('compileRequirement answers synchronously when it can', () => {
  it('returns nothing, without a promise, for requirement options that pass', () => {
    expect(compileRequirement({ scopes: 'Orders.Read' })?.(tokenWith(), undefined)).toBeUndefined();
  });

  it('throws at once for requirement options that fail', () => {
    expect(() => compileRequirement({ scopes: 'Orders.Write' })?.(tokenWith(), undefined)).toThrow(InsufficientScopeError);
  });

  it('returns a promise only for a check that answers with one', async () => {
    const pending = compileRequirement(async () => false)?.(tokenWith(), undefined);
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).rejects.toBeInstanceOf(ForbiddenError);
  });
});
