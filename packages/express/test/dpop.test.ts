import { createDpopNonces } from '@tokenward/core';
import { createDpopClient, type DpopClient, type TestIssuer } from '@tokenward/testing';
import type { Request, Response } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenward } from '../src/index.js';
import { EXPRESS_VERSIONS, entraIssuer, get, listen, optionsFor, type Server } from './helpers.js';

// DPoP over a real socket, with the adapter's own view of the request URI: the Host header and the
// connection (http here), never X-Forwarded-*; behind a proxy, dpop.origin names the public one.
describe.each(EXPRESS_VERSIONS)('DPoP on %s', (_name, createApp) => {
  let issuer: TestIssuer;
  let client: DpopClient;
  let server: Server;

  beforeAll(async () => {
    [issuer, client] = await Promise.all([entraIssuer(), createDpopClient()]);
    const app = createApp();
    const subject = (req: Request, res: Response) => void res.json({ subject: req.auth?.principal.subject, jkt: req.auth?.dpop?.jkt });
    app.get('/orders', tokenward(optionsFor(issuer)), subject);
    app.get('/behind-proxy', tokenward({ ...optionsFor(issuer), dpop: { origin: 'https://api.example' } }), subject);
    const nonces = createDpopNonces({ secret: 'express-dpop-test-secret-32-bytes!!' });
    app.get('/nonce', tokenward({ ...optionsFor(issuer), dpop: { nonces } }), subject);
    server = await listen(app);
  });
  afterAll(async () => {
    await server?.close();
    await issuer?.close();
  });

  const bound = () => issuer.mint({ oid: 'user-1', cnf: { jkt: client.jkt } });
  const withProof = (token: string, proof: string, extra: Record<string, string> = {}): RequestInit => ({
    headers: { authorization: `DPoP ${token}`, dpop: proof, ...extra },
  });

  it('accepts a proof made for the URL the client called', async () => {
    const token = await bound();
    const proof = await client.proof({ method: 'GET', url: `${server.origin}/orders?page=1`, accessToken: token });
    const response = await get(server.origin, '/orders?page=1', withProof(token, proof));
    expect([response.status, response.body]).toEqual([200, { subject: 'user-1', jkt: client.jkt }]);
  });

  it('does not take the origin from X-Forwarded-Host or X-Forwarded-Proto', async () => {
    const token = await bound();
    const proof = await client.proof({ method: 'GET', url: 'https://api.example/orders', accessToken: token });
    const forwarded = { 'x-forwarded-host': 'api.example', 'x-forwarded-proto': 'https' };
    const response = await get(server.origin, '/orders', withProof(token, proof, forwarded));
    expect([response.status, (response.body as { error: string }).error]).toEqual([401, 'invalid_dpop_proof']);
  });

  it('checks the proof against dpop.origin when it is set', async () => {
    const token = await bound();
    const proof = await client.proof({ method: 'GET', url: 'https://api.example/behind-proxy', accessToken: token });
    expect((await get(server.origin, '/behind-proxy', withProof(token, proof))).status).toBe(200);
  });

  it('refuses the proof a second time', async () => {
    const token = await bound();
    const proof = await client.proof({ method: 'GET', url: `${server.origin}/orders`, accessToken: token });
    expect((await get(server.origin, '/orders', withProof(token, proof))).status).toBe(200);
    const replay = await get(server.origin, '/orders', withProof(token, proof));
    expect([replay.status, (replay.body as { error: string }).error]).toEqual([401, 'invalid_dpop_proof']);
    expect(replay.headers.get('www-authenticate')).toMatch(
      /^Bearer, DPoP error="invalid_dpop_proof", error_description="[^"]+", algs="[^"]+"$/,
    );
  });

  it('answers use_dpop_nonce with DPoP-Nonce, and accepts the retry with it', async () => {
    const token = await bound();
    const first = await get(
      server.origin,
      '/nonce',
      withProof(token, await client.proof({ method: 'GET', url: `${server.origin}/nonce`, accessToken: token })),
    );
    expect([first.status, (first.body as { error: string }).error]).toEqual([401, 'use_dpop_nonce']);
    const nonce = first.headers.get('dpop-nonce') ?? '';
    expect(nonce).not.toBe('');
    const retry = await get(
      server.origin,
      '/nonce',
      withProof(token, await client.proof({ method: 'GET', url: `${server.origin}/nonce`, accessToken: token, nonce })),
    );
    expect(retry.status).toBe(200);
  });
});
