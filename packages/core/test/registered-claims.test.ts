import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClaimInvalidError, createVerifier, oidc, TokenMalformedError, type Verifier } from '../src/index.js';

// RFC 7519 §4.1 fixes the types of the registered claims; a token that breaks them is refused, whatever
// else it carries.
let issuer: TestIssuer;
let verifier: Verifier;
let openVerifier: Verifier;

beforeAll(async () => {
  issuer = await createTestIssuer({ provider: 'generic' });
  verifier = createVerifier({ issuers: [oidc({ issuer: issuer.issuer, audience: issuer.audience })] });
  openVerifier = createVerifier({ issuers: [oidc({ issuer: issuer.issuer, audience: null })] });
});

afterAll(() => issuer?.close());

async function refusal(claims: Record<string, unknown>, target = verifier): Promise<unknown> {
  return target.verify(await issuer.mint(claims)).then(
    () => 'accepted',
    (error: unknown) => error,
  );
}

describe('registered claims of the wrong type', () => {
  it.each([[42], [{ id: 'u1' }], [['u1']], [null], [true]])('refuses a sub that is %j', async (sub) => {
    const error = await refusal({ sub });
    expect(error).toBeInstanceOf(ClaimInvalidError);
    expect(error).toMatchObject({ claim: 'sub', expected: 'a string' });
  });

  it('refuses an aud array with a member that is not a string, even when another member matches', async () => {
    const error = await refusal({ aud: [issuer.audience, 42] });
    expect(error).toBeInstanceOf(ClaimInvalidError);
    expect(error).toMatchObject({ claim: 'aud', expected: 'a string or an array of strings' });
  });

  it.each([[42], [{ aud: 'x' }], [null], [[['nested']]]])('refuses an aud that is %j, also with the audience check off', async (aud) => {
    expect(await refusal({ aud }, openVerifier)).toMatchObject({ code: 'claim_invalid', claim: 'aud' });
  });

  it.each([[7], [{}], [null]])('refuses a jti that is %j', async (jti) => {
    expect(await refusal({ jti })).toMatchObject({ code: 'claim_invalid', claim: 'jti' });
  });

  it.each([
    ['exp', '9999999999'],
    ['nbf', null],
    ['iat', [1]],
  ])('refuses %s of %j as not a NumericDate', async (claim, value) => {
    expect(await refusal({ [claim]: value })).toMatchObject({ code: 'claim_invalid', claim });
  });

  it('refuses an iss that is not a string before looking up any key, naming its type', async () => {
    const error = await refusal({ iss: 42 });
    expect(error).toMatchObject({ code: 'issuer_not_allowed', claim: 'iss', found: 'a number' });
  });

  it('still accepts string sub and jti and an array of string audiences', async () => {
    expect(await refusal({ sub: 'u1', jti: 'j1', aud: ['api://other', issuer.audience] })).toBe('accepted');
  });
});

describe('nested JWTs (RFC 7519 §7.2)', () => {
  it.each(['JWT', 'jwt', 'application/JWT'])('refuses a token whose cty header is %s as malformed', async (cty) => {
    const error = await verifier.verify(await issuer.mint({}, { header: { cty } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenMalformedError);
    expect(error).toMatchObject({ claim: 'cty' });
  });

  it('accepts another cty', async () => {
    await expect(verifier.verify(await issuer.mint({}, { header: { cty: 'json' } }))).resolves.toBeDefined();
  });
});
