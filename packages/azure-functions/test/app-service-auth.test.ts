import { createAccessPolicy, DEFAULT_DPOP_ALGORITHMS, type VerifierOptions } from '@tokenward/core';
import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_CLIENT_PRINCIPAL_LENGTH, withAuth, type AppServiceIdentity } from '../src/index.js';
import { bearer, clientPrincipal, init, invocation, optionsFor, requestFor, sent } from './helpers.js';

// Core's default: DPoP allowed, so every challenge offers it beside Bearer.
const DPOP = `DPoP algs="${DEFAULT_DPOP_ALGORITHMS.join(' ')}"`;

// App Service Authentication ("Easy Auth") puts the caller in x-ms-client-principal, with .NET's long claim URIs.
const OID = '5b5450db-eb26-4c1a-981c-ba1d25f0483d';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '1950a258-227b-4e31-a9cf-717495945fc2';
const SESSION: ReadonlyArray<readonly [string, string]> = [
  ['iss', `https://login.microsoftonline.com/${TENANT}/v2.0`],
  ['aud', 'api://orders'],
  ['azp', CLIENT],
  ['http://schemas.microsoft.com/identity/claims/objectidentifier', OID],
  ['http://schemas.microsoft.com/identity/claims/tenantid', TENANT],
  ['http://schemas.microsoft.com/identity/claims/scope', 'Orders.Read Orders.Write'],
  ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier', 'pairwise-subject'],
  ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', 'ada@example.com'],
  ['http://schemas.microsoft.com/ws/2008/06/identity/claims/role', 'Orders.Admin'],
  ['groups', 'f08bbbea-b793-4a36-a5fc-136c18d8aa8f'],
  ['groups', '14a87ffa-0801-49bf-a515-3d259a2a9f8f'],
];

let issuer: TestIssuer;
let trusted: VerifierOptions & { trustAppServiceAuth: true };

beforeAll(async () => {
  issuer = await createTestIssuer({ provider: 'entra' });
  trusted = { ...optionsFor(issuer), trustAppServiceAuth: true };
});

afterAll(() => issuer?.close());

const echo = (_request: unknown, _context: unknown, auth: unknown) => ({ jsonBody: auth });
const encoded = (text: string): [string, string] => ['x-ms-client-principal', Buffer.from(text).toString('base64')];

describe('App Service Authentication, not trusted (the default)', () => {
  it('ignores the x-ms-client-principal header and answers 401 without a Bearer token', async () => {
    const handler = vi.fn(echo);
    const response = await sent(await withAuth(optionsFor(issuer), null, handler)(requestFor([clientPrincipal(SESSION)]), invocation()));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(`Bearer, ${DPOP}`);
    expect(handler).not.toHaveBeenCalled();
  });
});

describe('App Service Authentication, trusted', () => {
  it("builds the principal from the header, with Entra's object id as subject", async () => {
    const result = init(await withAuth(trusted, null, echo)(requestFor([clientPrincipal(SESSION)]), invocation()));
    const identity = result.jsonBody as AppServiceIdentity;
    expect(identity.source).toBe('app-service');
    expect(identity.authType).toBe('aad');
    expect(identity.principal).toEqual({
      subject: OID,
      issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`,
      tenantId: TENANT,
      clientId: CLIENT,
      scopes: ['Orders.Read', 'Orders.Write'],
      roles: ['Orders.Admin'],
      groups: ['f08bbbea-b793-4a36-a5fc-136c18d8aa8f', '14a87ffa-0801-49bf-a515-3d259a2a9f8f'],
      groupsOverage: false,
      appOnly: false,
    });
  });

  it('maps the long claim URIs to the short names tokens use', async () => {
    const { claims } = init(await withAuth(trusted, null, echo)(requestFor([clientPrincipal(SESSION)]), invocation()))
      .jsonBody as AppServiceIdentity;
    expect(claims).toMatchObject({
      oid: OID,
      tid: TENANT,
      scp: 'Orders.Read Orders.Write',
      sub: 'pairwise-subject',
      email: 'ada@example.com',
      roles: ['Orders.Admin'],
      aud: 'api://orders',
    });
  });

  it("reads roles under the header's role_typ and keeps a single group as a list", async () => {
    const header = clientPrincipal(
      [
        ['roles', 'Orders.Read'],
        ['groups', 'g1'],
      ],
      { role_typ: 'roles' },
    );
    const { claims } = init(await withAuth(trusted, null, echo)(requestFor([header]), invocation())).jsonBody as AppServiceIdentity;
    expect(claims).toMatchObject({ roles: ['Orders.Read'], groups: ['g1'] });
  });

  it("reports Entra's groups overage marker on the principal", async () => {
    const header = clientPrincipal([...SESSION, ['_claim_names', '{"groups":"src1"}']]);
    const { principal } = init(await withAuth(trusted, null, echo)(requestFor([header]), invocation())).jsonBody as AppServiceIdentity;
    expect(principal.groupsOverage).toBe(true);
  });

  it('names the provider as issuer and uses sub as subject for a provider other than Entra without iss', async () => {
    const header = clientPrincipal(
      [['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier', '10769150350006150715113082367']],
      { auth_typ: 'google' },
    );
    const { principal } = init(await withAuth(trusted, null, echo)(requestFor([header]), invocation())).jsonBody as AppServiceIdentity;
    expect(principal).toMatchObject({ issuer: 'app-service:google', subject: '10769150350006150715113082367' });
  });

  it('applies route requirements to the principal', async () => {
    const request = () => requestFor([clientPrincipal(SESSION)]);
    expect(
      (await withAuth(trusted, { scopes: 'Orders.Read', roles: 'Orders.Admin' }, echo)(request(), invocation())).status,
    ).toBeUndefined();
    const denied = await sent(await withAuth(trusted, { scopes: 'Orders.Delete' }, echo)(request(), invocation()));
    expect(denied.status).toBe(403);
    expect(denied.headers.get('www-authenticate')).toContain('scope="Orders.Delete"');
  });

  it('applies an access policy, and gives a check the principal with the request and context', async () => {
    const allowed = withAuth(trusted, createAccessPolicy({ clientApplications: [CLIENT], identities: 'any' }), echo);
    const other = withAuth(trusted, createAccessPolicy({ clientApplications: ['another-client'], identities: 'any' }), echo);
    expect((await allowed(requestFor([clientPrincipal(SESSION)]), invocation())).status).toBeUndefined();
    expect((await other(requestFor([clientPrincipal(SESSION)]), invocation())).status).toBe(403);
    const check = vi.fn();
    const request = requestFor([clientPrincipal(SESSION)]);
    const context = invocation();
    await withAuth(trusted, check, echo)(request, context);
    expect(check).toHaveBeenCalledWith(expect.objectContaining({ subject: OID }), { request, context });
  });

  it('verifies a Bearer token first and gives the handler the verified token when both are present', async () => {
    const result = init(
      await withAuth(trusted, null, echo)(requestFor([bearer(await issuer.mint()), clientPrincipal(SESSION)]), invocation()),
    );
    expect(result.jsonBody).toHaveProperty('key');
  });

  it('never falls back to the header when the Bearer token is invalid', async () => {
    const response = await sent(
      await withAuth(trusted, null, echo)(requestFor([bearer('not-a.jwt'), clientPrincipal(SESSION)]), invocation()),
    );
    expect(response.status).toBe(401);
    expect(response.json()).toMatchObject({ error: 'invalid_token' });
  });

  it('answers 401 with a bare challenge when neither a Bearer token nor the header is present', async () => {
    const response = await sent(await withAuth(trusted, null, echo)(requestFor(), invocation()));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(`Bearer, ${DPOP}`);
  });

  it('calls an optional route without an identity when neither is present', async () => {
    expect(await withAuth({ ...trusted, optional: true }, null, echo)(requestFor(), invocation())).toEqual({ jsonBody: undefined });
  });

  it.each([
    ['not base64', ['x-ms-client-principal', 'not base64!']],
    ['base64 without padding', ['x-ms-client-principal', 'eyJhIjoxfQ']],
    ['empty', ['x-ms-client-principal', '']],
    ['not JSON', encoded('{"auth_typ":')],
    ['not UTF-8', ['x-ms-client-principal', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64')]],
    ['a JSON array', encoded('[]')],
    ['JSON null', encoded('null')],
    ['without auth_typ', encoded('{"claims":[]}')],
    ['without claims', encoded('{"auth_typ":"aad"}')],
    ['claims not an array', encoded('{"auth_typ":"aad","claims":{"typ":"oid","val":"x"}}')],
    ['a claim value that is a number', encoded('{"auth_typ":"aad","claims":[{"typ":"oid","val":1}]}')],
    ['a claim that is null', encoded('{"auth_typ":"aad","claims":[null]}')],
    ['a role_typ that is not a string', encoded('{"auth_typ":"aad","role_typ":7,"claims":[]}')],
    ['repeated, joined by the host', ['x-ms-client-principal', `${clientPrincipal(SESSION)[1]}, ${clientPrincipal(SESSION)[1]}`]],
    ['longer than the limit', clientPrincipal([['groups', 'g'.repeat(MAX_CLIENT_PRINCIPAL_LENGTH)]])],
  ] as const)('answers a header that is %s with 401 invalid_token, never a throw', async (_what, header) => {
    const handler = vi.fn(echo);
    const response = await sent(await withAuth(trusted, null, handler)(requestFor([header]), invocation()));
    expect(response.status).toBe(401);
    expect(response.json()).toMatchObject({ error: 'invalid_token', error_description: expect.stringContaining('x-ms-client-principal') });
    expect(handler).not.toHaveBeenCalled();
  });

  it('keeps hostile claim names as plain claims, without touching prototypes', async () => {
    const header = clientPrincipal([
      ['__proto__', 'polluted'],
      ['constructor', 'x'],
      ['http://schemas.microsoft.com/identity/claims/objectidentifier', OID],
    ]);
    const { claims, principal } = init(await withAuth(trusted, null, echo)(requestFor([header]), invocation()))
      .jsonBody as AppServiceIdentity;
    expect(Object.getOwnPropertyDescriptor(claims, '__proto__')?.value).toBe('polluted');
    expect(Object.getOwnPropertyDescriptor(claims, 'constructor')?.value).toBe('x');
    expect(Object.getPrototypeOf(claims)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(principal.subject).toBe(OID);
  });
});
