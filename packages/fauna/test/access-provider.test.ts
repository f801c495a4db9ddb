/** Flow 2: access providers from tokenward issuer configs, checked against the IdP's discovery document. */
import { auth0, createVerifier, entra, jwks, oidc } from '@tokenward/core';
import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { fql } from 'fauna';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessProviderSchema,
  type AccessProviderRole,
  asFaunaJwtUser,
  checkAccessProvider,
  defineAccessProvider,
  discoveryUrlOf,
  ensureAccessProvider,
  readAccessProvider,
  withFaunaSecret,
  type AccessProviderDefinition,
} from '../src/index.js';
import { startBackend, type Backend } from './helpers.js';

let backend: Backend;
let idp: TestIssuer;
beforeAll(async () => {
  backend = await startBackend();
  // Auth0 can issue tokens for Fauna's audience: the API identifier is any URL you choose.
  idp = await createTestIssuer({ provider: 'auth0', audience: backend.local?.audience ?? 'https://db.fauna.com/db/real' });
});
afterAll(async () => {
  await idp.close();
  await backend.close();
});

const preset = () => auth0({ domain: 'example.auth0.com', audience: idp.audience, authority: idp.url });
const hosted = () => auth0({ domain: 'example.us.auth0.com', audience: 'https://db.fauna.com/db/ybndrfg8ejkmc' });

/**
 * The definition for the local IdP. Fauna (and defineAccessProvider) take only an https jwks_uri; the local
 * issuer and the local Fauna server speak no TLS, so the local server alone accepts http://127.0.0.1 keys.
 */
const localDefinition = (roles: readonly AccessProviderRole[] = ['customer']) => ({
  ...defineAccessProvider(preset(), { name: 'auth0', roles, jwksUri: 'https://example.auth0.com/.well-known/jwks.json' }),
  jwks_uri: `${idp.url}/.well-known/jwks.json`,
});

describe('defineAccessProvider', () => {
  it("copies the issuer exactly (Auth0's trailing slash included) and the JWKS URL from the preset", () => {
    expect(
      defineAccessProvider(hosted(), {
        name: 'auth0',
        roles: ['customer', { role: 'manager', predicate: '(jwt) => jwt!.permissions.includes("orders:manage")' }],
      }),
    ).toEqual({
      name: 'auth0',
      issuer: 'https://example.us.auth0.com/',
      jwks_uri: 'https://example.us.auth0.com/.well-known/jwks.json',
      roles: ['customer', { role: 'manager', predicate: '(jwt) => jwt!.permissions.includes("orders:manage")' }],
    });
  });

  it.each([['admin'], ['server'], ['server-readonly'], ['client']])('refuses the built-in role %s, as Fauna does', (role) => {
    expect(() => defineAccessProvider(hosted(), { name: 'auth0', roles: [role] })).toThrow(/built-in role/);
  });

  it.each([['my-auth0'], ['1auth0'], ['if'], ['_'], ['']])('refuses the name %j: Fauna takes only FQL identifiers', (name) => {
    expect(() => defineAccessProvider(hosted(), { name, roles: ['customer'] })).toThrow(/name must be an FQL identifier/);
  });

  it('accepts names Fauna accepts, such as auth0_prod and Auth0', () => {
    expect([
      defineAccessProvider(hosted(), { name: 'auth0_prod', roles: ['customer'] }).name,
      defineAccessProvider(hosted(), { name: 'Auth0', roles: ['customer'] }).name,
    ]).toEqual(['auth0_prod', 'Auth0']);
  });

  it('refuses a role listed twice, with or without a predicate', () => {
    expect(() =>
      defineAccessProvider(hosted(), { name: 'auth0', roles: ['customer', { role: 'customer', predicate: '(jwt) => true' }] }),
    ).toThrow(/role 'customer' is listed more than once/);
  });

  it('refuses an http jwks_uri even on loopback: Fauna fetches keys over https only', () => {
    expect(() => defineAccessProvider(preset(), { name: 'auth0', roles: ['customer'] })).toThrow(
      /jwksUri must be an https URL.*found http:/,
    );
    expect(() => defineAccessProvider(hosted(), { name: 'auth0', roles: ['customer'], jwksUri: 'http://127.0.0.1:4000/keys' })).toThrow(
      /jwksUri must be an https URL/,
    );
  });

  it('refuses no roles, a multi-tenant template, discovery keys without jwksUri, and non-https URLs', () => {
    expect(() => defineAccessProvider(preset(), { name: 'auth0', roles: [] })).toThrow(/at least one role/);
    expect(() =>
      defineAccessProvider(entra({ tenantId: 'organizations', audience: 'x', allowedTenants: null }), { name: 'e', roles: ['r'] }),
    ).toThrow(/multi-tenant/);
    expect(() => defineAccessProvider(oidc({ issuer: 'https://id.example.com', audience: 'x' }), { name: 'o', roles: ['r'] })).toThrow(
      /jwksUri/,
    );
    expect(
      defineAccessProvider(oidc({ issuer: 'https://id.example.com', audience: 'x' }), {
        name: 'o',
        roles: ['r'],
        jwksUri: 'https://id.example.com/keys',
      }).jwks_uri,
    ).toBe('https://id.example.com/keys');
    expect(() =>
      defineAccessProvider(jwks({ issuer: 'http://id.example.com', jwksUri: 'http://127.0.0.1/keys', audience: 'x' }), {
        name: 'j',
        roles: ['r'],
      }),
    ).toThrow(/https/);
  });

  it('renders FSL for schema-managed databases', () => {
    const definition = defineAccessProvider(hosted(), {
      name: 'auth0',
      roles: ['customer', { role: 'manager', predicate: '(jwt) => true' }],
    });
    expect(accessProviderSchema(definition)).toBe(
      'access provider auth0 {\n  issuer "https://example.us.auth0.com/"\n  jwks_uri "https://example.us.auth0.com/.well-known/jwks.json"\n  role customer\n  role manager {\n    predicate ((jwt) => true)\n  }\n}\n',
    );
  });
});

describe.skipIf(!!process.env.FAUNA_ENDPOINT)('ensureAccessProvider and the IdP JWT as Fauna secret', () => {
  it('creates, then replaces, and resolves the audience Fauna expects', async () => {
    const created = await ensureAccessProvider(backend.admin, localDefinition());
    expect(created).toEqual({
      name: 'auth0',
      issuer: `${idp.url}/`,
      jwks_uri: `${idp.url}/.well-known/jwks.json`,
      audience: backend.local?.audience,
    });
    expect(created.audience).toMatch(/^https:\/\/db\.fauna\.com\/db\/[ybndrfg8ejkmcpqxot1uwisza345h769]+$/);
    await ensureAccessProvider(backend.admin, localDefinition(['customer', 'manager']));
    expect(backend.local?.accessProviders()).toMatchObject([{ name: 'auth0', roles: ['customer', 'manager'] }]);
    expect(await readAccessProvider(backend.admin, 'auth0')).toEqual(created);
    expect(await readAccessProvider(backend.admin, 'nobody')).toBeUndefined();
  });

  it('queries as the user with the verified JWT on the shared client (Query.token() is the JWT payload)', async () => {
    await ensureAccessProvider(backend.admin, localDefinition());
    const verifier = createVerifier({ issuers: [preset()] });
    const request = new Request('http://127.0.0.1/orders', {
      headers: { authorization: `Bearer ${await idp.mint({ sub: 'auth0|ada' })}` },
    });
    const token = await verifier.authenticate(request);
    const user = asFaunaJwtUser(backend.admin, request, token);
    expect((await user.query(fql`Query.token()`)).data).toMatchObject({ sub: 'auth0|ada', iss: `${idp.url}/` });
    expect((await user.query(fql`Query.identity()`)).data).toBeNull();
  });

  it("refuses a verified JWT without Fauna's audience before asking Fauna", async () => {
    const jwt = await idp.mint({ aud: 'https://api.example.test' });
    const request = new Request('http://127.0.0.1/', { headers: { authorization: `Bearer ${jwt}` } });
    const verifier = createVerifier({
      issuers: [auth0({ domain: 'x.auth0.com', audience: 'https://api.example.test', authority: idp.url })],
    });
    const token = await verifier.authenticate(request);
    expect(() => asFaunaJwtUser(backend.admin, request, token)).toThrow(
      expect.objectContaining({
        code: 'claim_invalid',
        message: expect.stringMatching(/exactly one audience starting with https:\/\/db\.fauna\.com\/db\/.*found 0/),
      }),
    );
  });

  it('refuses a verified JWT carrying two Fauna audiences: Fauna could not tell which database', async () => {
    const jwt = await idp.mint({ aud: [idp.audience, 'https://db.fauna.com/db/ybndrfg8ejkmc'] });
    const request = new Request('http://127.0.0.1/', { headers: { authorization: `Bearer ${jwt}` } });
    const token = await createVerifier({ issuers: [preset()] }).authenticate(request);
    expect(() => asFaunaJwtUser(backend.admin, request, token)).toThrow(/exactly one audience .*found 2/);
  });

  it('Fauna refuses a JWT without its audience, or with a second Fauna audience', async () => {
    await ensureAccessProvider(backend.admin, localDefinition());
    for (const aud of ['https://api.example.test', [idp.audience, 'https://db.fauna.com/db/ybndrfg8ejkmc']]) {
      const jwt = await idp.mint({ aud });
      await expect(withFaunaSecret(backend.admin, jwt).query(fql`Query.token()`)).rejects.toMatchObject({
        code: 'unauthorized',
        httpStatus: 401,
      });
    }
  });

  it.each([
    ['a name that is no identifier', { name: 'my-auth0' }, 'name', 'Invalid identifier.'],
    [
      'an http jwks_uri',
      { jwks_uri: 'http://keys.example.test/jwks.json' },
      'jwks_uri',
      '`http://keys.example.test/jwks.json` must be a valid https URI.',
    ],
    ['the built-in role client', { roles: ['client'] }, 'roles', 'Builtin role `client` not allowed.'],
    [
      'a role twice',
      { roles: ['customer', 'customer'] },
      'roles',
      'The role `customer` is present more than once, there can only be one entry per role.',
    ],
  ] as const)('Fauna refuses %s with a constraint failure', async (_what, change, path, message) => {
    const definition = {
      ...localDefinition(),
      name: 'other',
      issuer: 'https://other.example.test/',
      ...change,
    } as AccessProviderDefinition;
    const error = await ensureAccessProvider(backend.admin, definition).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'fauna_query_failed',
      faunaCode: 'constraint_failure',
      message: expect.stringContaining(`constraint failure on ${path}`),
    });
    expect((error as Error).cause).toMatchObject({ constraint_failures: [{ paths: [[path]], message }] });
  });

  it('refuses a request whose Authorization header carries another token than the verified one', async () => {
    const verifier = createVerifier({ issuers: [preset()] });
    const verified = await verifier.authenticate(
      new Request('http://127.0.0.1/', { headers: { authorization: `Bearer ${await idp.mint({ sub: 'a' })}` } }),
    );
    const other = new Request('http://127.0.0.1/', { headers: { authorization: `Bearer ${await idp.mint({ sub: 'b' })}` } });
    expect(() => asFaunaJwtUser(backend.admin, other, verified)).toThrow(/another token/);
  });

  it('refuses the verified token re-encoded with a byte order mark before its claims', async () => {
    const verifier = createVerifier({ issuers: [preset()] });
    const jwt = await idp.mint({ sub: 'a' });
    const verified = await verifier.authenticate(new Request('http://127.0.0.1/', { headers: { authorization: `Bearer ${jwt}` } }));
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const withBom = Buffer.from(`\uFEFF${Buffer.from(payload, 'base64url').toString('utf8')}`, 'utf8').toString('base64url');
    const other = new Request('http://127.0.0.1/', { headers: { authorization: `Bearer ${header}.${withBom}.${signature}` } });
    expect(() => asFaunaJwtUser(backend.admin, other, verified)).toThrow(/another token/);
  });

  it.each([
    ['audience', { aud: ['https://other.example.test/api'] }],
    ['scopes', { scope: 'admin:everything' }],
  ])('refuses another token with the same iss, sub, iat and exp but a different %s', async (_what, difference) => {
    const verifier = createVerifier({ issuers: [preset()] });
    const same = { sub: 'a', iat: 1_700_000_000, exp: 4_100_000_000 };
    const verified = await verifier.authenticate(
      new Request('http://127.0.0.1/', { headers: { authorization: `Bearer ${await idp.mint(same)}` } }),
    );
    const other = new Request('http://127.0.0.1/', { headers: { authorization: `Bearer ${await idp.mint({ ...same, ...difference })}` } });
    expect(() => asFaunaJwtUser(backend.admin, other, verified)).toThrow(/another token/);
  });
});

describe('checkAccessProvider', () => {
  it('finds nothing wrong when issuer and jwks_uri match the discovery document', async () => {
    const report = await checkAccessProvider(localDefinition());
    expect(report).toEqual({ ok: true, discoveryUrl: `${idp.url}/.well-known/openid-configuration`, mismatches: [], warnings: [] });
  });

  it('reports an issuer that differs only by the trailing slash, the most common mistake', async () => {
    const report = await checkAccessProvider({ issuer: idp.url, jwks_uri: `${idp.url}/.well-known/jwks.json` });
    expect(report.ok).toBe(false);
    expect(report.mismatches).toEqual([
      { field: 'issuer', expected: `${idp.url}/`, found: idp.url, message: expect.stringMatching(/only by a trailing slash/) },
    ]);
  });

  it('reports a different jwks_uri', async () => {
    const report = await checkAccessProvider({ issuer: `${idp.url}/`, jwks_uri: `${idp.url}/keys` });
    expect(report.mismatches.map((m) => m.field)).toEqual(['jwks_uri']);
  });

  it('reports an unreachable or broken discovery document instead of throwing', async () => {
    idp.setFault({ kind: 'status', status: 500, target: 'discovery' });
    try {
      const report = await checkAccessProvider({ issuer: `${idp.url}/`, jwks_uri: `${idp.url}/.well-known/jwks.json` });
      expect(report.mismatches).toEqual([expect.objectContaining({ field: 'discovery', found: 'HTTP 500' })]);
    } finally {
      idp.setFault(null);
    }
  });

  it('reports an audience the IdP does not issue', async () => {
    const report = await checkAccessProvider(
      { issuer: `${idp.url}/`, jwks_uri: `${idp.url}/.well-known/jwks.json` },
      { audience: 'https://db.example/db/1', expectedAudience: 'https://api.example.test' },
    );
    expect(report.mismatches.map((m) => m.field)).toEqual(['audience']);
  });

  it("warns that Entra ID cannot carry Fauna's audience and points to the claims provider", async () => {
    const issuer = 'https://login.microsoftonline.com/8eaef023-2b34-4da1-9baa-8bc8c9d6a490/v2.0';
    const fetch = async () =>
      Response.json({ issuer, jwks_uri: 'https://login.microsoftonline.com/8eaef023-2b34-4da1-9baa-8bc8c9d6a490/discovery/v2.0/keys' });
    const report = await checkAccessProvider(
      { issuer, jwks_uri: 'https://login.microsoftonline.com/8eaef023-2b34-4da1-9baa-8bc8c9d6a490/discovery/v2.0/keys' },
      { fetch },
    );
    expect(report.ok).toBe(true);
    expect(report.warnings).toEqual([expect.stringMatching(/Entra ID cannot issue tokens for Fauna's audience.*custom claims provider/)]);
  });

  it('derives the discovery URL without doubling a trailing slash', () => {
    expect([discoveryUrlOf('https://a.example/'), discoveryUrlOf('https://a.example/realms/x')]).toEqual([
      'https://a.example/.well-known/openid-configuration',
      'https://a.example/realms/x/.well-known/openid-configuration',
    ]);
  });
});
