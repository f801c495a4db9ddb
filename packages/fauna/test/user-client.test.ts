/** Flow 1 per request: the FaunaTokenSecret claim of a verified Entra token, on the one shared client. */
import { createVerifier, entra } from '@tokenward/core';
import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { fql } from 'fauna';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asFaunaUser, mintFaunaToken, withFaunaSecret } from '../src/index.js';
import { startBackend, type Backend } from './helpers.js';

let backend: Backend;
let api: TestIssuer;
beforeAll(async () => {
  [backend, api] = await Promise.all([startBackend(), createTestIssuer({ provider: 'entra' })]);
});
afterAll(async () => {
  await api.close();
  await backend.close();
});

describe('asFaunaUser', () => {
  it("runs the query with the token secret from the verified token's FaunaTokenSecret claim", async () => {
    const minted = await mintFaunaToken(backend.admin, { identifier: 'flow-1-user', collection: backend.collection });
    const verifier = createVerifier({ issuers: entra({ tenantId: api.tenantId ?? '', audience: api.audience, authority: api.url }) });
    const token = await verifier.authenticate(
      new Request('http://127.0.0.1/', { headers: { authorization: `Bearer ${await api.mint({ FaunaTokenSecret: minted.secret })}` } }),
    );
    const { data } = await asFaunaUser(backend.admin, token).query(fql`Query.identity()`);
    expect(data).toMatchObject({ id: minted.documentId, identity: 'flow-1-user' });
  });

  it('throws claim_invalid (401) when the token carries no Fauna secret', async () => {
    const verifier = createVerifier({ issuers: entra({ tenantId: api.tenantId ?? '', audience: api.audience, authority: api.url }) });
    const token = await verifier.authenticate(
      new Request('http://127.0.0.1/', { headers: { authorization: `Bearer ${await api.mint()}` } }),
    );
    expect(() => asFaunaUser(backend.admin, token)).toThrow(expect.objectContaining({ code: 'claim_invalid', status: 401 }));
  });

  it("shares one client: the admin secret is unchanged for the client's own queries", async () => {
    const minted = await mintFaunaToken(backend.admin, { identifier: 'flow-1-shared', collection: backend.collection });
    await withFaunaSecret(backend.admin, minted.secret).query(fql`Query.identity()`);
    expect((await backend.admin.query(fql`Query.identity()`)).data).toBeNull();
  });
});
