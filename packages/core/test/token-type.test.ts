import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClaimInvalidError, createVerifier, oidc, REFUSED_TOKEN_TYPES, TokenMalformedError, type Verifier } from '../src/index.js';

let issuer: TestIssuer;
let verifier: Verifier;

beforeAll(async () => {
  issuer = await createTestIssuer({ provider: 'generic' });
  verifier = createVerifier({ issuers: [oidc({ issuer: issuer.issuer, audience: issuer.audience })] });
});

afterAll(() => issuer?.close());

const typed = (typ: unknown) => issuer.mint({}, { header: { typ } });

describe('tokens explicitly typed as something other than an access token (RFC 8725 §3.11)', () => {
  it.each([
    'dpop+jwt',
    'logout+jwt',
    'secevent+jwt',
    'token-introspection+jwt',
    'oauth-authz-req+jwt',
    'entity-statement+jwt',
    'trust-mark+jwt',
    'kb+jwt',
    'vc+jwt',
  ])('refuses a %s token from a trusted issuer by default', async (typ) => {
    const error = await verifier.verify(await typed(typ)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClaimInvalidError);
    expect(error).toMatchObject({ claim: 'typ', found: typ });
  });

  it('compares the type case-insensitively and without the application/ prefix (RFC 7515 §4.1.9)', async () => {
    await expect(verifier.verify(await typed('application/DPoP+JWT'))).rejects.toMatchObject({ code: 'claim_invalid', claim: 'typ' });
    await expect(verifier.verify(await typed('Logout+JWT'))).rejects.toMatchObject({ code: 'claim_invalid', claim: 'typ' });
  });

  it('says what the token is and what was expected', async () => {
    await expect(verifier.verify(await typed('logout+jwt'))).rejects.toThrow(
      'the token is not an access token: its "typ" header is logout+jwt (expected JWT, at+jwt or none)',
    );
  });

  it.each([['JWT'], ['jwt'], ['at+jwt'], ['application/at+jwt'], [undefined]])('still accepts typ %s', async (typ) => {
    await expect(verifier.verify(await typed(typ))).resolves.toBeDefined();
  });

  it('accepts an unregistered type it knows nothing about', async () => {
    await expect(verifier.verify(await typed('Bearer'))).resolves.toBeDefined();
  });

  it('lists the refused types, normalised', () => {
    expect(REFUSED_TOKEN_TYPES).toContain('dpop+jwt');
    expect(REFUSED_TOKEN_TYPES.every((typ) => typ === typ.toLowerCase() && !typ.startsWith('application/'))).toBe(true);
  });

  it('lets an issuer that requires a type accept exactly that type', async () => {
    const dpopOnly = createVerifier({ issuers: [oidc({ issuer: issuer.issuer, audience: issuer.audience, typ: 'dpop+jwt' })] });
    await expect(dpopOnly.verify(await typed('dpop+jwt'))).resolves.toBeDefined();
    await expect(dpopOnly.verify(await typed('at+jwt'))).rejects.toMatchObject({ code: 'claim_invalid', claim: 'typ' });
  });

  it('refuses a typ header that is not a string as malformed', async () => {
    await expect(verifier.verify(await typed(['JWT']))).rejects.toBeInstanceOf(TokenMalformedError);
  });
});
