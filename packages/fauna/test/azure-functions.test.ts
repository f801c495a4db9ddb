/** The Azure Functions v4 binding, with real @azure/functions request and context objects. */
import { HttpRequest, InvocationContext } from '@azure/functions';
import type { TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsProviderFunction, createClaimsProvider } from '../src/azure-functions.js';
import { eventFor, startBackend, startEntra, EXTENSION_APP_ID, type Backend, type ClaimsBody } from './helpers.js';

let backend: Backend;
let entra: TestIssuer;
beforeAll(async () => {
  [backend, entra] = await Promise.all([startBackend(), startEntra()]);
});
afterAll(async () => {
  await backend.close();
  await entra.close();
});

const options = () => ({
  tenantId: entra.tenantId ?? '',
  audience: EXTENSION_APP_ID,
  authority: entra.url,
  fauna: backend.client(),
  collection: backend.collection,
});

async function call(token: string | null, body: unknown = eventFor(entra)) {
  return new HttpRequest({
    method: 'POST',
    url: 'http://localhost:7071/api/fauna-claims',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    body: { string: JSON.stringify(body) },
  });
}

describe('claimsProviderFunction', () => {
  it('answers Entra with the claims as jsonBody', async () => {
    const handler = claimsProviderFunction(options());
    const response = await handler(await call(await entra.mint({}, { profile: 'app' })), new InvocationContext());
    expect(response.status).toBe(200);
    expect((response.jsonBody as ClaimsBody).data.actions[0]?.claims.FaunaTokenSecret).toMatch(/^fn/);
    expect(response.headers).toMatchObject({ 'cache-control': 'no-store' });
  });

  it('answers an unauthenticated call with 401 and the Bearer challenge', async () => {
    const response = await claimsProviderFunction(createClaimsProvider(options()))(await call(null), new InvocationContext());
    expect([response.status, (response.headers as Record<string, string>)['www-authenticate']]).toEqual([401, 'Bearer']);
  });

  it.skipIf(!!process.env.FAUNA_ENDPOINT)('reports Fauna failures through context.warn without a secret', async () => {
    backend.local?.setFault({ kind: 'error', code: 'service_unavailable', statement: 'mint' });
    const warnings: string[] = [];
    const context = new InvocationContext({ logHandler: (level, ...args) => void (level === 'warning' && warnings.push(args.join(' '))) });
    try {
      const response = await claimsProviderFunction(options())(await call(await entra.mint({}, { profile: 'app' })), context);
      expect([response.status, (response.jsonBody as { error: string }).error]).toEqual([503, 'fauna_unavailable']);
      expect(warnings).toEqual([expect.stringMatching(/^tokenward: fauna: fauna_unavailable: /)]);
      expect(warnings.join()).not.toContain(backend.secret);
    } finally {
      backend.local?.setFault(null);
    }
  });
});
