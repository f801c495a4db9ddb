import { createVerifier, keys, type PublicJwk, type VerifierOptions } from '@tokenward/core';
import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withAuth } from '../src/index.js';

// Configuration mistakes surface when the function app's module loads (app.http runs there), not per request.
let issuer: TestIssuer;
let options: VerifierOptions;

beforeAll(async () => {
  issuer = await createTestIssuer({ listen: false });
  options = {
    issuers: [keys({ issuer: issuer.issuer, audience: issuer.audience, keys: issuer.publicJwks().keys as unknown as PublicJwk[] })],
  };
});

afterAll(() => issuer?.close());

const ok = () => ({ status: 204 });

describe('mistakes throw a TypeError when the handler is declared', () => {
  it('rejects options that are not an object', () => {
    expect(() => withAuth(null as never, null, ok)).toThrow(TypeError);
  });

  it('rejects a verifier option that is not a verifier', () => {
    expect(() => withAuth({ verifier: {} as never }, null, ok)).toThrow(/verifier must be a verifier/);
  });

  it('rejects verifier options next to a ready verifier, where they would be ignored', () => {
    expect(() => withAuth({ verifier: createVerifier(options), clockToleranceSec: 5 } as never, null, ok)).toThrow(/clockToleranceSec/);
  });

  it('rejects adapter settings of the wrong type', () => {
    expect(() => withAuth({ ...options, realm: 42 as never }, null, ok)).toThrow(/realm must be a string/);
    expect(() => withAuth({ ...options, optional: 'yes' as never }, null, ok)).toThrow(/optional must be a boolean/);
    expect(() => withAuth({ ...options, trustAppServiceAuth: 1 as never }, null, ok)).toThrow(/trustAppServiceAuth must be a boolean/);
    expect(() => withAuth({ ...options, onError: {} as never }, null, ok)).toThrow(/onError must be a function/);
  });

  it('rejects an invalid verifier config through core', () => {
    expect(() => withAuth({ issuers: 'none' as never }, null, ok)).toThrow(/issuers/);
  });

  it('rejects a misspelt requirement option through core', () => {
    expect(() => withAuth(options, { scope: 'Orders.Read' } as never, ok)).toThrow(/unknown option 'scope'/);
  });

  it('rejects a missing handler', () => {
    expect(() => withAuth(options, null, undefined as never)).toThrow(/handler must be a function/);
  });

  it('rejects a requirement on an optional route, which anonymous callers would skip', () => {
    expect(() => withAuth({ ...options, optional: true }, { scopes: 'Orders.Read' } as never, ok)).toThrow(
      /optional route takes no requirement/,
    );
  });
});
