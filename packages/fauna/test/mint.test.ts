/** mintFaunaToken and revokeFaunaTokens outside Entra, against the real driver. */
import { fql } from 'fauna';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureIdentitySchema, FaunaTokenError, mintFaunaToken, revokeFaunaTokens, withFaunaSecret } from '../src/index.js';
import { startBackend, type Backend } from './helpers.js';

let backend: Backend;
beforeAll(async () => {
  backend = await startBackend();
});
afterAll(() => backend.close());
afterEach(() => backend.local?.setFault(null));

const id = () => `user-${Math.random().toString(36).slice(2)}`;

describe('mintFaunaToken', () => {
  it('creates the identity document on first use and reuses it afterwards', async () => {
    const identifier = id();
    const first = await mintFaunaToken(backend.admin, { identifier, collection: backend.collection });
    const second = await mintFaunaToken(backend.admin, { identifier, collection: backend.collection });
    expect([first.created, second.created, second.documentId]).toEqual([true, false, first.documentId]);
    expect(first.secret).not.toBe(second.secret);
  });

  it('mints a secret that authenticates as the identity document', async () => {
    const minted = await mintFaunaToken(backend.admin, { identifier: id(), collection: backend.collection, fields: { plan: 'free' } });
    const { data } = await withFaunaSecret(backend.admin, minted.secret).query(fql`Query.identity()`);
    expect(data).toMatchObject({ id: minted.documentId, plan: 'free' });
  });

  it("sends a mint Fauna's typechecker accepts (no field read from a document typed as possibly null)", async () => {
    backend.local?.resetQueries();
    await expect(mintFaunaToken(backend.admin, { identifier: id(), collection: backend.collection })).resolves.toMatchObject({
      created: true,
      attempts: 1,
    });
    if (backend.local) expect(backend.local.queries).toEqual([expect.objectContaining({ statement: 'mint', status: 200 })]);
  });

  it('refuses an empty identifier without touching Fauna', async () => {
    backend.local?.resetQueries();
    await expect(mintFaunaToken(backend.admin, { identifier: ' ', collection: backend.collection })).rejects.toMatchObject({
      code: 'identifier_missing',
    });
    if (backend.local) expect(backend.local.queries).toHaveLength(0);
  });

  it.skipIf(!!process.env.FAUNA_ENDPOINT)('classifies Fauna failures with a stable code and keeps the driver error as cause', async () => {
    backend.local?.setFault({ kind: 'error', code: 'service_unavailable' });
    const error = await mintFaunaToken(backend.admin, { identifier: id() }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FaunaTokenError);
    expect(error).toMatchObject({ code: 'fauna_unavailable', status: 503, faunaCode: 'service_unavailable' });
    expect((error as Error).cause).toMatchObject({ httpStatus: 503 });
  });

  it.skipIf(!!process.env.FAUNA_ENDPOINT)('bounds the whole call with timeoutMs', async () => {
    backend.local?.setFault({ kind: 'hang' });
    await expect(mintFaunaToken(backend.admin, { identifier: id(), timeoutMs: 200 })).rejects.toMatchObject({ code: 'deadline_exceeded' });
  });

  it('validates its options with TypeErrors', async () => {
    await expect(mintFaunaToken(backend.admin, { identifier: 'x', index: 'by-identity' })).rejects.toThrow(TypeError);
    await expect(mintFaunaToken(backend.admin, { identifier: 'x', ttlSec: 3.5 })).rejects.toThrow(TypeError);
    await expect(mintFaunaToken(backend.admin, { identifier: 'x', tokenTag: '' })).rejects.toThrow(TypeError);
  });
});

describe('revokeFaunaTokens', () => {
  it("deletes the user's tokens minted by this package and their secrets stop working at once", async () => {
    const identifier = id();
    const minted = await Promise.all([1, 2, 3].map(() => mintFaunaToken(backend.admin, { identifier, collection: backend.collection })));
    expect(await revokeFaunaTokens(backend.admin, { identifier, collection: backend.collection })).toBe(3);
    for (const { secret } of minted) {
      await expect(withFaunaSecret(backend.admin, secret).query(fql`Query.identity()`)).rejects.toMatchObject({ code: 'unauthorized' });
    }
  });

  it('leaves tokens with another tag unless tokenTag is null', async () => {
    const identifier = id();
    await mintFaunaToken(backend.admin, { identifier, collection: backend.collection, tokenTag: 'other-app' });
    await mintFaunaToken(backend.admin, { identifier, collection: backend.collection });
    expect(await revokeFaunaTokens(backend.admin, { identifier, collection: backend.collection })).toBe(1);
    expect(await revokeFaunaTokens(backend.admin, { identifier, collection: backend.collection, tokenTag: null })).toBe(1);
  });

  it('answers 0 for an unknown user', async () => {
    expect(await revokeFaunaTokens(backend.admin, { identifier: id(), collection: backend.collection })).toBe(0);
  });
});

describe('ensureIdentitySchema', () => {
  it('creates the collection with its index and unique constraint once', async () => {
    const collection = `Users_${Math.random().toString(36).slice(2, 8)}`;
    expect(await ensureIdentitySchema(backend.admin, { collection, index: 'byKey', identityField: 'key' })).toEqual({ created: true });
    expect(await ensureIdentitySchema(backend.admin, { collection, index: 'byKey', identityField: 'key' })).toEqual({ created: false });
    const minted = await mintFaunaToken(backend.admin, { identifier: 'k-1', collection, index: 'byKey', identityField: 'key' });
    expect(minted.created).toBe(true);
  });
});
