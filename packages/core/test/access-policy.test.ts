import { describe, expect, it } from 'vitest';
import { createAccessPolicy, type AccessPolicyOptions } from '../src/authz/access-policy.js';
import { ForbiddenError } from '../src/shared/errors.js';
import type { Principal, VerifiedToken } from '../src/shared/types.js';
import { TEST_TENANT, testPrincipal, testVerifiedToken } from './support/verified-token.js';

const WEB_APP = '6e74172b-be56-4843-9ff4-e66a39bb12e3';
const DAEMON = '0a1b2c3d-0000-4000-8000-000000000001';
const TENANT = TEST_TENANT;
const ALICE = '11111111-1111-4111-8111-111111111111';
const ADMINS = '33333333-3333-4333-8333-333333333333';

const principal = (fields: Partial<Principal> = {}): Principal => testPrincipal({ subject: ALICE, clientId: WEB_APP, ...fields });
const verified = (fields: Partial<Principal> = {}): VerifiedToken => testVerifiedToken({ subject: ALICE, clientId: WEB_APP, ...fields });

function denial(policy: (token: VerifiedToken) => void, token: VerifiedToken): ForbiddenError {
  try {
    policy(token);
  } catch (error) {
    expect(error).toBeInstanceOf(ForbiddenError);
    return error as ForbiddenError;
  }
  throw new Error('expected the policy to deny the token');
}

describe('createAccessPolicy: configuration is checked once, loudly', () => {
  it('requires at least one client application', () => {
    expect(() => createAccessPolicy({ clientApplications: [], identities: 'any' })).toThrow(
      "list at least one client application or pass 'any'",
    );
  });

  it('requires clientApplications to be given', () => {
    expect(() => createAccessPolicy({ identities: 'any' } as unknown as AccessPolicyOptions)).toThrow(TypeError);
  });

  it('requires identities or groups, and explains identities: any', () => {
    expect(() => createAccessPolicy({ clientApplications: [WEB_APP] })).toThrow("pass identities: 'any'");
  });

  it('rejects empty identity, group and tenant lists', () => {
    expect(() => createAccessPolicy({ clientApplications: 'any', identities: [] })).toThrow(TypeError);
    expect(() => createAccessPolicy({ clientApplications: 'any', groups: [] })).toThrow(TypeError);
    expect(() => createAccessPolicy({ clientApplications: 'any', identities: 'any', tenants: [] })).toThrow(TypeError);
  });

  it('rejects empty strings and values that are not strings', () => {
    expect(() => createAccessPolicy({ clientApplications: [''], identities: 'any' })).toThrow(TypeError);
    expect(() => createAccessPolicy({ clientApplications: [WEB_APP], identities: [42 as unknown as string] })).toThrow(TypeError);
  });

  it("rejects a string other than 'any' where a list is expected", () => {
    expect(() => createAccessPolicy({ clientApplications: WEB_APP as unknown as string[], identities: 'any' })).toThrow(
      "clientApplications must be an array of strings or 'any'",
    );
  });

  it("rejects groups next to identities: 'any', which would restrict nothing", () => {
    expect(() => createAccessPolicy({ clientApplications: 'any', identities: 'any', groups: [ADMINS] })).toThrow(TypeError);
  });

  it('rejects a misspelt option, which would otherwise drop a requirement', () => {
    expect(() => createAccessPolicy({ clientApplications: 'any', identities: 'any', tenant: [TENANT] } as AccessPolicyOptions)).toThrow(
      "unknown option 'tenant'",
    );
  });

  it('rejects a missing options object', () => {
    expect(() => createAccessPolicy(undefined as unknown as AccessPolicyOptions)).toThrow(TypeError);
  });
});

describe('createAccessPolicy: client applications', () => {
  it('allows a listed client application', () => {
    const policy = createAccessPolicy({ clientApplications: [WEB_APP], identities: 'any' });
    expect(() => policy(verified())).not.toThrow();
  });

  it('denies an unlisted client application, naming both', () => {
    const policy = createAccessPolicy({ clientApplications: [WEB_APP], identities: 'any' });
    const error = denial(policy, verified({ clientId: DAEMON }));
    expect(error.message).toBe(`client application not allowed: expected one of [${WEB_APP}], found ${DAEMON}`);
  });

  it('denies a token without a client id', () => {
    const policy = createAccessPolicy({ clientApplications: [WEB_APP], identities: 'any' });
    expect(denial(policy, verified({ clientId: undefined })).message).toContain('found no client id');
  });

  it("allows any client application with 'any'", () => {
    const policy = createAccessPolicy({ clientApplications: 'any', identities: 'any' });
    expect(() => policy(verified({ clientId: undefined }))).not.toThrow();
  });
});

describe('createAccessPolicy: identities and groups', () => {
  it('allows a listed subject', () => {
    const policy = createAccessPolicy({ clientApplications: 'any', identities: [ALICE] });
    expect(() => policy(verified())).not.toThrow();
  });

  it('denies an unlisted subject, naming it', () => {
    const policy = createAccessPolicy({ clientApplications: 'any', identities: [ALICE] });
    expect(denial(policy, verified({ subject: 'bob' })).message).toBe(
      `identity not allowed: expected subject one of [${ALICE}], found subject bob`,
    );
  });

  it('allows a member of a listed group', () => {
    const policy = createAccessPolicy({ clientApplications: 'any', groups: [ADMINS] });
    expect(() => policy(verified({ subject: 'bob', groups: ['other', ADMINS] }))).not.toThrow();
  });

  it('allows either a listed subject or a member of a listed group', () => {
    const policy = createAccessPolicy({ clientApplications: 'any', identities: [ALICE], groups: [ADMINS] });
    expect(() => policy(verified())).not.toThrow();
    expect(() => policy(verified({ subject: 'bob', groups: [ADMINS] }))).not.toThrow();
    expect(denial(policy, verified({ subject: 'bob', groups: ['other'] })).message).toBe(
      `identity not allowed: expected subject one of [${ALICE}] or a member of one of [${ADMINS}], found subject bob in groups [other]`,
    );
  });

  it('explains a groups overage when group membership could not be checked', () => {
    const policy = createAccessPolicy({ clientApplications: 'any', groups: [ADMINS] });
    expect(denial(policy, verified({ groupsOverage: true })).message).toContain(
      'groups were left out of the token (overage); read them from Microsoft Graph or use app roles',
    );
  });

  it('denies a token without a subject when identities are listed', () => {
    const policy = createAccessPolicy({ clientApplications: 'any', identities: [ALICE] });
    expect(denial(policy, verified({ subject: undefined })).message).toContain('found subject (none)');
  });
});

describe('createAccessPolicy: tenants', () => {
  it('allows a listed tenant', () => {
    const policy = createAccessPolicy({ clientApplications: 'any', identities: 'any', tenants: [TENANT] });
    expect(() => policy(verified())).not.toThrow();
  });

  it('denies an unlisted tenant, naming both', () => {
    const policy = createAccessPolicy({ clientApplications: 'any', identities: 'any', tenants: [TENANT] });
    expect(denial(policy, verified({ tenantId: 'other-tenant' })).message).toBe(
      `tenant not allowed: expected one of [${TENANT}], found other-tenant`,
    );
  });

  it('denies a token without a tenant when tenants are listed', () => {
    const policy = createAccessPolicy({ clientApplications: 'any', identities: 'any', tenants: [TENANT] });
    expect(denial(policy, verified({ tenantId: undefined })).message).toContain('found no tenant id');
  });

  it('does not check the tenant when tenants are omitted', () => {
    const policy = createAccessPolicy({ clientApplications: 'any', identities: 'any' });
    expect(() => policy(verified({ tenantId: undefined }))).not.toThrow();
  });
});

describe('createAccessPolicy: evaluation', () => {
  it('reports the client application first when several requirements fail', () => {
    const policy = createAccessPolicy({ clientApplications: [WEB_APP], identities: [ALICE], tenants: [TENANT] });
    expect(denial(policy, verified({ clientId: DAEMON, subject: 'bob', tenantId: 'x' })).message).toMatch(
      /^client application not allowed/,
    );
  });

  it('accepts a principal as well as a verified token', () => {
    const policy = createAccessPolicy({ clientApplications: [WEB_APP], identities: [ALICE] });
    expect(() => policy(principal())).not.toThrow();
  });

  it('answers 403 forbidden', () => {
    const policy = createAccessPolicy({ clientApplications: [WEB_APP], identities: 'any' });
    expect(denial(policy, verified({ clientId: DAEMON }))).toMatchObject({ status: 403, code: 'forbidden' });
  });
});
