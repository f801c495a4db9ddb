import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudienceMismatchError, createVerifier, oidc, type Verifier } from '../src/index.js';

const MINE = 'api://mine';
const ADMIN = 'api://mine/admin';
const BILLING = 'api://billing';

let issuer: TestIssuer;
let verifier: Verifier;
let openVerifier: Verifier;

beforeAll(async () => {
  issuer = await createTestIssuer({ provider: 'generic', audience: MINE });
  verifier = createVerifier({ issuers: [oidc({ issuer: issuer.issuer, audience: [MINE, ADMIN] })] });
  openVerifier = createVerifier({ issuers: [oidc({ issuer: issuer.issuer, audience: null })] });
});

afterAll(() => issuer?.close());

const tokenFor = (aud: string | string[]) => issuer.mint({ aud });

describe('the per-call audience narrows the issuer audiences', () => {
  it("refuses a token for an audience outside the issuer's, even when the call names it", async () => {
    const error = await verifier.verify(await tokenFor(BILLING), { audience: BILLING }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AudienceMismatchError);
    expect(error).toMatchObject({ claim: 'aud', expected: [] });
  });

  it('says that the per-call audience is not among the issuer audiences', async () => {
    await expect(verifier.verify(await tokenFor(MINE), { audience: BILLING })).rejects.toThrow(
      /the audience asked for in this call \[api:\/\/billing\] is not among the issuer's \[api:\/\/mine api:\/\/mine\/admin\]/,
    );
  });

  it('accepts a token for an audience in both', async () => {
    await expect(verifier.verify(await tokenFor(ADMIN), { audience: ADMIN })).resolves.toBeDefined();
  });

  it("refuses a token for one of the issuer's audiences that the call leaves out", async () => {
    await expect(verifier.verify(await tokenFor(MINE), { audience: ADMIN })).rejects.toMatchObject({
      code: 'audience_mismatch',
      expected: [ADMIN],
    });
  });

  it('keeps only the part of a per-call list the issuer accepts', async () => {
    await expect(verifier.verify(await tokenFor(ADMIN), { audience: [BILLING, ADMIN] })).resolves.toBeDefined();
    await expect(verifier.verify(await tokenFor(BILLING), { audience: [BILLING, ADMIN] })).rejects.toMatchObject({ expected: [ADMIN] });
  });

  it('requires one audience in both sets of a token that lists several', async () => {
    await expect(verifier.verify(await tokenFor([MINE, BILLING]), { audience: [ADMIN, BILLING] })).rejects.toBeInstanceOf(
      AudienceMismatchError,
    );
  });

  it('is the whole audience check for an issuer whose check is off (audience: null)', async () => {
    await expect(openVerifier.verify(await tokenFor(BILLING), { audience: BILLING })).resolves.toBeDefined();
    await expect(openVerifier.verify(await tokenFor(MINE), { audience: BILLING })).rejects.toBeInstanceOf(AudienceMismatchError);
  });
});
