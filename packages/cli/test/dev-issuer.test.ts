import {
  auth0,
  cognito,
  createVerifier,
  entra,
  firebase,
  google,
  keycloak,
  oidc,
  okta,
  requireRoles,
  requireScopes,
  type IssuerConfig,
} from '@tokenward/core';
import { DEV_ISSUER_HOSTILE_CASES, judgeHostileAnswer, sendRawRequest } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_PROVIDERS, startDevIssuer, type DevIssuer, type DevIssuerLogEntry, type DevProvider } from '../src/index.js';

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

function presetFor(dev: DevIssuer): IssuerConfig | IssuerConfig[] {
  switch (dev.provider) {
    case 'entra':
      return entra({ tenantId: dev.tenantId ?? '', audience: dev.audience, authority: dev.url });
    case 'auth0':
      return auth0({ domain: 'dev.example', audience: dev.audience, authority: dev.url });
    case 'cognito':
      return cognito({ userPoolId: dev.userPoolId ?? '', tokenUse: 'access', clientId: dev.clientId, authority: dev.url });
    case 'okta':
      return okta({ domain: 'dev.example', audience: dev.audience, authority: dev.url });
    case 'keycloak':
      return keycloak({ baseUrl: dev.url, realm: dev.realm ?? '', audience: dev.audience, clientId: dev.clientId });
    case 'google':
      return google({ audience: dev.audience, authority: dev.url, jwksUri: dev.jwksUri });
    case 'firebase':
      return firebase({ projectId: dev.projectId ?? '', authority: dev.url, certsUrl: dev.jwksUri });
    case 'generic':
      return oidc({ issuer: dev.issuer, audience: dev.audience });
  }
}

/** Google and Firebase ID tokens carry no scopes, like the real ones. */
const carriesScopes = (provider: DevProvider) => provider !== 'google' && provider !== 'firebase';

it('offers every provider shape @tokenward/testing has (but entra-v1)', () => {
  expect([...DEV_PROVIDERS].sort()).toEqual(['auth0', 'cognito', 'entra', 'firebase', 'generic', 'google', 'keycloak', 'okta']);
});

describe.each<DevProvider>(['entra', 'auth0', 'cognito', 'okta', 'keycloak', 'google', 'firebase', 'generic'])(
  'dev issuer shaped like %s',
  (provider) => {
    let dev: DevIssuer;
    beforeAll(async () => {
      dev = await startDevIssuer({ provider });
    });
    afterAll(() => dev.close());

    it("mints a user token that core's preset accepts, with the scope and without the admin role", async () => {
      const token = await createVerifier({ issuers: [presetFor(dev)] }).verify(await dev.mint('user'));
      if (carriesScopes(provider)) requireScopes(token, 'Orders.Read');
      expect(() => requireRoles(token, 'Orders.Admin')).toThrow(/Orders.Admin/);
    });

    it('mints an admin token with the admin role', async () => {
      const token = await createVerifier({ issuers: [presetFor(dev)] }).verify(await dev.mint('admin'));
      requireRoles(token, 'Orders.Admin');
    });

    if (provider !== 'firebase')
      it('mints an app-only token', async () => {
        const token = await createVerifier({ issuers: [presetFor(dev)] }).verify(await dev.mint('app'));
        expect(token.principal.appOnly).toBe(true);
        requireRoles(token, 'Orders.Admin');
      });

    it('mints an expired token that core rejects as expired', async () => {
      await expect(createVerifier({ issuers: [presetFor(dev)] }).verify(await dev.mint('expired'))).rejects.toMatchObject({
        code: 'token_expired',
      });
    });

    if (provider === 'firebase')
      it('answers the client credentials grant with 400 unsupported_grant_type and /mint app with 400', async () => {
        const response = await fetch(
          dev.tokenEndpoint,
          form({ grant_type: 'client_credentials', client_id: dev.clientId, client_secret: dev.clientSecret }),
        );
        expect([response.status, ((await response.json()) as { error: string }).error]).toEqual([400, 'unsupported_grant_type']);
        const app = await fetch(dev.mintEndpoint, form({ persona: 'app' }));
        expect(app.status).toBe(400);
      });

    if (provider !== 'firebase')
      it('issues an app token at its token endpoint for the client credentials grant', async () => {
        const response = await fetch(
          dev.tokenEndpoint,
          form({
            grant_type: 'client_credentials',
            client_id: dev.clientId,
            client_secret: dev.clientSecret,
            scope: `api://${dev.audience}/.default`,
          }),
        );
        expect(response.status).toBe(200);
        const body = (await response.json()) as { access_token: string; token_type: string; expires_in: number };
        expect([body.token_type, body.expires_in]).toEqual(['Bearer', 3600]);
        const token = await createVerifier({ issuers: [presetFor(dev)] }).verify(body.access_token);
        expect(token.principal.appOnly).toBe(true);
      });
  },
);

describe('dev issuer endpoints', () => {
  let dev: DevIssuer;
  beforeAll(async () => {
    dev = await startDevIssuer({ provider: 'entra' });
  });
  afterAll(() => dev.close());

  it('serves the token endpoint where its discovery document says', async () => {
    const discovery = (await (await fetch(dev.discoveryUrl)).json()) as { token_endpoint: string; jwks_uri: string };
    expect(discovery.token_endpoint).toBe(dev.tokenEndpoint);
    expect((await fetch(discovery.jwks_uri)).status).toBe(200);
  });

  it('accepts client_secret_basic', async () => {
    const basic = Buffer.from(`${dev.clientId}:${dev.clientSecret}`).toString('base64');
    const response = await fetch(dev.tokenEndpoint, {
      ...form({ grant_type: 'client_credentials', scope: 'api://x/.default' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
    });
    expect(response.status).toBe(200);
  });

  it('answers a wrong client secret with 401 invalid_client', async () => {
    const response = await fetch(
      dev.tokenEndpoint,
      form({ grant_type: 'client_credentials', client_id: dev.clientId, client_secret: 'nope', scope: 'api://x/.default' }),
    );
    expect([response.status, ((await response.json()) as { error: string }).error]).toEqual([401, 'invalid_client']);
  });

  it('answers another grant type with 400 unsupported_grant_type', async () => {
    const response = await fetch(
      dev.tokenEndpoint,
      form({ grant_type: 'password', client_id: dev.clientId, client_secret: dev.clientSecret }),
    );
    expect([response.status, ((await response.json()) as { error: string }).error]).toEqual([400, 'unsupported_grant_type']);
  });

  it('answers an Entra request without a /.default scope with 400 invalid_scope', async () => {
    const response = await fetch(
      dev.tokenEndpoint,
      form({ grant_type: 'client_credentials', client_id: dev.clientId, client_secret: dev.clientSecret }),
    );
    expect([response.status, ((await response.json()) as { error: string }).error]).toEqual([400, 'invalid_scope']);
  });

  it('mints a persona at POST /mint, from JSON', async () => {
    const response = await fetch(dev.mintEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ persona: 'admin', scopes: ['Orders.Write'] }),
    });
    const body = (await response.json()) as { access_token: string; persona: string };
    expect(body.persona).toBe('admin');
    const token = await createVerifier({ issuers: [presetFor(dev)] }).verify(body.access_token);
    expect(token.principal.scopes).toEqual(['Orders.Write']);
  });

  it('mints a persona at POST /mint, from a form', async () => {
    const response = await fetch(dev.mintEndpoint, form({ persona: 'app' }));
    expect(response.status).toBe(200);
  });

  it('refuses an unknown persona', async () => {
    const response = await fetch(dev.mintEndpoint, form({ persona: 'root' }));
    expect(response.status).toBe(400);
  });

  it('refuses GET on the mint endpoint', async () => {
    const response = await fetch(dev.mintEndpoint);
    expect([response.status, response.headers.get('allow')]).toEqual([405, 'POST']);
  });

  it('answers only loopback host names (no DNS rebinding)', async () => {
    const http = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        dev.mintEndpoint,
        { method: 'POST', headers: { host: 'evil.example', 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.once('error', reject);
      req.end('{}');
    });
    expect(status).toBe(403);
  });
});

describe('dev issuer lifecycle', () => {
  it('refuses a host that is not a loopback address', async () => {
    await expect(startDevIssuer({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });

  it('announces the port it was given', async () => {
    const probe = await startDevIssuer();
    const port = Number(new URL(probe.url).port);
    await probe.close();
    const dev = await startDevIssuer({ port });
    expect(dev.url).toBe(`http://127.0.0.1:${port}`);
    await dev.close();
  });

  it('stops listening on close', async () => {
    const dev = await startDevIssuer();
    await dev.close();
    await expect(fetch(dev.discoveryUrl)).rejects.toThrow();
  });
});

describe('dev issuer: hostile requests from the shared table', () => {
  let dev: DevIssuer;
  const logs: DevIssuerLogEntry[] = [];
  beforeAll(async () => {
    dev = await startDevIssuer({ provider: 'entra', log: (entry) => logs.push(entry) });
  });
  afterAll(() => dev.close());

  it.each(DEV_ISSUER_HOSTILE_CASES.map((row) => [row.name, row] as const))('%s: answers as the table says', async (_name, row) => {
    const answer = await sendRawRequest(dev.url, row.request);
    expect(judgeHostileAnswer(answer, row.expect)).toEqual({ ok: true });
  });

  it('answered no request with 500 while the table ran', () => {
    expect(logs.filter((entry) => entry.status === 500)).toEqual([]);
  });

  it('answers malformed percent-encoding in Basic credentials with 400 and the reason, and logs it', async () => {
    logs.length = 0;
    const basic = Buffer.from('%zz:%E0%A4%A').toString('base64');
    const response = await fetch(dev.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error_description: string }).error_description).toMatch(/percent-encoding/);
    expect(logs).toEqual([expect.objectContaining({ method: 'POST', status: 400 })]);
  });

  it('answers /mint claims nested 4,400 levels with 400 and the reason', async () => {
    const response = await fetch(dev.mintEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"claims":{"n":${'['.repeat(4400)}${']'.repeat(4400)}}}`,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error_description: string }).error_description).toMatch(/nests deeper than 32 levels/);
  });

  it('still mints claims nested a few levels', async () => {
    const response = await fetch(dev.mintEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ claims: { realm_access: { roles: ['a'] } } }),
    });
    expect(response.status).toBe(200);
  });
});
