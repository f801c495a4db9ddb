import type { AddressInfo } from 'node:net';
import { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import { oidc, type VerifierOptions } from '@tokenward/core';
import { withAuth } from '@tokenward/azure-functions';
import { tokenward as expressTokenward } from '@tokenward/express';
import { tokenward as fastifyTokenward } from '@tokenward/fastify';
import { createDpopClient } from '@tokenward/testing';
import express from 'express';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCE, SCOPE, SERVICE_CLIENT, startOpenIdProvider, USER, type OpenIdProvider } from './openid-provider.js';

// Tokens of a real OpenID provider (oidc-provider), through each Node adapter end to end: a real
// Express server, a real Fastify server, and real @azure/functions objects. Each route needs the
// resource's scope and answers with the subject.
type Send = ((authorization: string, headers?: Record<string, string>) => Promise<{ status: number; body: unknown }>) & {
  /** The URL the route answers at, as the adapter sees it (a DPoP proof's htu). */
  readonly url: string;
};
const sender = (
  url: string,
  send: (authorization: string, headers?: Record<string, string>) => Promise<{ status: number; body: unknown }>,
): Send => Object.assign(send, { url });

let op: OpenIdProvider;
let tokens: { clientCredentials: string; authorizationCode: string; otherResource: string };
const closers: Array<() => Promise<unknown>> = [];

const options = (): VerifierOptions => ({
  issuers: [oidc({ issuer: op.issuer, audience: RESOURCE, typ: 'at+jwt' })],
  jwks: { timeoutMs: 2_000 },
});

async function overHttp(
  origin: string,
  authorization: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${origin}/orders`, { headers: { authorization, ...headers }, signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: await response.json() };
}

async function expressSend(): Promise<Send> {
  const app = express();
  app.get('/orders', expressTokenward(options(), { scopes: SCOPE }), (req, res) => void res.json({ subject: req.auth?.principal.subject }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return sender(`${origin}/orders`, (authorization, headers) => overHttp(origin, authorization, headers));
}

async function fastifySend(): Promise<Send> {
  const app = Fastify();
  await app.register(fastifyTokenward, options());
  app.get('/orders', { config: { tokenward: { scopes: SCOPE } } }, async (request) => ({ subject: request.auth?.principal.subject }));
  const origin = await app.listen({ host: '127.0.0.1', port: 0 });
  closers.push(() => app.close());
  return sender(`${origin}/orders`, (authorization, headers) => overHttp(origin, authorization, headers));
}

function functionsSend(): Send {
  const handler = withAuth(options(), { scopes: SCOPE }, async (_request, _context, auth) => ({
    jsonBody: { subject: auth.principal.subject },
  }));
  const url = 'http://127.0.0.1:7071/api/orders';
  return sender(url, async (authorization, headers = {}) => {
    const request = new HttpRequest({ method: 'GET', url, headers: { authorization, ...headers } });
    const result = await handler(request, new InvocationContext({ functionName: 'orders', logHandler: () => undefined }));
    const response = result instanceof HttpResponse ? result : new HttpResponse(result);
    return { status: response.status, body: await response.json() };
  });
}

beforeAll(async () => {
  op = await startOpenIdProvider();
  tokens = {
    clientCredentials: await op.clientCredentialsToken(),
    authorizationCode: await op.authorizationCodeToken(),
    otherResource: await op.clientCredentialsToken(`${RESOURCE}/other`),
  };
});

afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  await op?.close();
});

describe.each([
  ['Express', expressSend],
  ['Fastify', fastifySend],
  ['Azure Functions', async () => functionsSend()],
] as const)('oidc-provider tokens through %s', (_adapter, start) => {
  let send: Send;

  beforeAll(async () => {
    send = await start();
  });

  it('accepts a client credentials token and names the client as subject', async () => {
    expect(await send(`Bearer ${tokens.clientCredentials}`)).toEqual({ status: 200, body: { subject: SERVICE_CLIENT.id } });
  });

  it('accepts an authorization code token and names the signed-in user as subject', async () => {
    expect(await send(`Bearer ${tokens.authorizationCode}`)).toEqual({ status: 200, body: { subject: USER } });
  });

  it("accepts the provider's DPoP-bound token with a proof for the route", async () => {
    const client = await createDpopClient();
    const { token } = await op.dpopClientCredentialsToken(client);
    const proof = await client.proof({ method: 'GET', url: send.url, accessToken: token });
    expect(await send(`DPoP ${token}`, { dpop: proof })).toEqual({ status: 200, body: { subject: SERVICE_CLIENT.id } });
  });

  it("answers 401 for the provider's DPoP-bound token presented as Bearer", async () => {
    const { token } = await op.dpopClientCredentialsToken(await createDpopClient());
    expect(await send(`Bearer ${token}`)).toMatchObject({ status: 401, body: { error: 'invalid_token' } });
  });

  it("answers 401 invalid_token for the provider's token for another resource", async () => {
    expect(await send(`Bearer ${tokens.otherResource}`)).toMatchObject({ status: 401, body: { error: 'invalid_token' } });
  });
});
