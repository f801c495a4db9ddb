/**
 * A real, certified OpenID provider (panva's oidc-provider) on 127.0.0.1, issuing JWT access tokens
 * (RFC 9068) for one resource through the client credentials grant and the authorization code grant
 * with PKCE. Interactions (login and consent) are completed by a small handler that signs in a fixed
 * user, so the code flow runs end to end over real HTTP with cookies and redirects.
 */

import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DpopClient } from '@tokenward/testing';
import Provider, { type Configuration } from 'oidc-provider';

export const RESOURCE = 'https://orders.api.example.test';
export const SCOPE = 'orders:read';
export const USER = 'user-7f3c';
export const SERVICE_CLIENT = { id: 'orders-service', secret: 'service-secret-not-for-production-0123456789' };
export const PUBLIC_CLIENT = { id: 'orders-spa', redirectUri: 'http://127.0.0.1/callback' };

export interface OpenIdProvider {
  readonly issuer: string;
  /** Requests served by the provider's JWKS endpoint. */
  readonly jwksRequests: () => number;
  /** A JWT access token from the client credentials grant. */
  clientCredentialsToken(resource?: string): Promise<string>;
  /** The same grant with a DPoP proof of `client` (RFC 9449 §5): the token is bound to its key (`cnf.jkt`). */
  dpopClientCredentialsToken(client: DpopClient): Promise<{ token: string; tokenType: string }>;
  /** A JWT access token from the authorization code grant with PKCE, interactions completed over HTTP. */
  authorizationCodeToken(): Promise<string>;
  /** Publishes a new signing key before the current one (which stays published) and signs with it from now on. */
  rotateKey(): Promise<{ kid: string }>;
  close(): Promise<void>;
}

function signingKey(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: `op-${randomBytes(6).toString('hex')}`, alg: 'RS256', use: 'sig' };
}

function configuration(keys: Record<string, unknown>[]): Configuration {
  return {
    clients: [
      {
        client_id: SERVICE_CLIENT.id,
        client_secret: SERVICE_CLIENT.secret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
      },
      {
        client_id: PUBLIC_CLIENT.id,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [PUBLIC_CLIENT.redirectUri],
      },
    ],
    jwks: { keys: keys as never },
    cookies: { keys: ['interop-cookie-key-0123456789abcdef'] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, ClientCredentials: 600, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resourceIndicator) => {
          if (resourceIndicator !== RESOURCE && resourceIndicator !== `${RESOURCE}/other`)
            throw new Error(`unknown resource ${resourceIndicator}`);
          return {
            scope: SCOPE,
            audience: resourceIndicator,
            accessTokenFormat: 'jwt',
            accessTokenTTL: 600,
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
  };
}

/** A minimal cookie jar and redirect-following client: what a browser does during the code flow. */
function browser(origin: string) {
  const cookies = new Map<string, string>();
  return async function navigate(url: string): Promise<string> {
    let next = new URL(url, origin);
    for (let hop = 0; hop < 10; hop++) {
      if (next.origin !== origin) return next.href; // left the provider: the redirect to the client
      const response = await fetch(next, {
        redirect: 'manual',
        headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
        signal: AbortSignal.timeout(5_000),
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const [name, ...value] = (pair ?? '').split('=');
        if (name) cookies.set(name.trim(), value.join('='));
      }
      await response.arrayBuffer();
      const location = response.headers.get('location');
      if (location === null) throw new Error(`${next.pathname}: expected a redirect, found ${response.status}`);
      next = new URL(location, next);
    }
    throw new Error('too many redirects');
  };
}

export async function startOpenIdProvider(): Promise<OpenIdProvider> {
  let provider: Provider | undefined;
  let keys = [signingKey()];
  let jwksRequests = 0;

  /** Signs the fixed user in and grants what the client asked for: login and consent in one step. */
  async function interaction(req: IncomingMessage, res: ServerResponse, current: Provider): Promise<void> {
    const details = await current.interactionDetails(req, res);
    const grant = new current.Grant({ accountId: USER, clientId: String(details.params.client_id) });
    grant.addOIDCScope('openid');
    grant.addResourceScope(RESOURCE, SCOPE);
    const grantId = await grant.save();
    await current.interactionFinished(req, res, { login: { accountId: USER }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  const server = createServer((req, res) => {
    const current = provider;
    if (current === undefined) return void res.writeHead(503).end();
    if (req.url?.startsWith('/jwks')) jwksRequests++;
    if (req.url?.startsWith('/interaction/')) {
      interaction(req, res, current).catch((error: unknown) => res.writeHead(500).end(String(error)));
      return;
    }
    void current.callback()(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider = new Provider(issuer, configuration(keys));

  async function tokenResponse(
    body: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<{ token: string; tokenType: string }> {
    const response = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(body),
      signal: AbortSignal.timeout(5_000),
    });
    const json = (await response.json()) as { access_token?: string; token_type?: string; error?: string; error_description?: string };
    if (!response.ok || json.access_token === undefined)
      throw new Error(`token endpoint: ${response.status} ${json.error}: ${json.error_description}`);
    return { token: json.access_token, tokenType: String(json.token_type) };
  }
  const token = async (body: Record<string, string>, headers: Record<string, string> = {}): Promise<string> =>
    (await tokenResponse(body, headers)).token;
  const serviceAuthorization = () => `Basic ${Buffer.from(`${SERVICE_CLIENT.id}:${SERVICE_CLIENT.secret}`).toString('base64')}`;

  return {
    issuer,
    jwksRequests: () => jwksRequests,
    clientCredentialsToken: (resource = RESOURCE) =>
      token({ grant_type: 'client_credentials', scope: SCOPE, resource }, { authorization: serviceAuthorization() }),
    dpopClientCredentialsToken: async (client) =>
      tokenResponse(
        { grant_type: 'client_credentials', scope: SCOPE, resource: RESOURCE },
        { authorization: serviceAuthorization(), dpop: await client.proof({ method: 'POST', url: `${issuer}/token` }) },
      ),
    async authorizationCodeToken() {
      const verifier = randomBytes(32).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const authorize = new URL('/auth', issuer);
      authorize.search = new URLSearchParams({
        client_id: PUBLIC_CLIENT.id,
        response_type: 'code',
        redirect_uri: PUBLIC_CLIENT.redirectUri,
        scope: `openid ${SCOPE}`,
        resource: RESOURCE,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state: randomBytes(8).toString('hex'),
      }).toString();
      const callback = new URL(await browser(issuer)(authorize.href));
      const code = callback.searchParams.get('code');
      if (code === null) throw new Error(`no code in the redirect: ${callback.search}`);
      return token({
        grant_type: 'authorization_code',
        code,
        redirect_uri: PUBLIC_CLIENT.redirectUri,
        client_id: PUBLIC_CLIENT.id,
        code_verifier: verifier,
        resource: RESOURCE,
      });
    },
    async rotateKey() {
      const next = signingKey();
      keys = [next, ...keys];
      // oidc-provider reads its keys at construction, as a deployment does at start: rotation is a
      // restart with the new key first (the signer) and the old one still published.
      provider = new Provider(issuer, configuration(keys));
      return { kid: String(next.kid) };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
