import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestIssuer, mintShape, PROVIDER_TOKEN_SHAPES, type ProviderTokenShape, type TestIssuer } from '../src/index.js';

describe('PROVIDER_TOKEN_SHAPES', () => {
  it('is plain data: every row survives a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(PROVIDER_TOKEN_SHAPES))).toEqual(PROVIDER_TOKEN_SHAPES);
  });

  it('names a documentation source for every row', () => {
    for (const row of PROVIDER_TOKEN_SHAPES)
      expect(row.source).toEqual({ title: expect.any(String), url: expect.stringMatching(/^https:\/\//) });
  });
});

describe('mintShape', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer({ provider: 'entra', listen: false });
  });
  afterAll(() => issuer.close());

  it('fills the {url}, {host} and {tenantId} placeholders of claims', async () => {
    const shape: ProviderTokenShape = {
      preset: 'entra',
      description: 'placeholders',
      issuer: { provider: 'entra' },
      claims: { iss: '{url}/x', host: '{host}', tid: '{tenantId}' },
      expected: 'accepted',
      source: { title: 't', url: 'https://example.test' },
    };
    const claims = decodeJwt(await mintShape(issuer, shape));
    expect(claims).toMatchObject({ iss: `${issuer.url}/x`, host: new URL(issuer.url).host, tid: issuer.tenantId });
  });

  it('sets claimsFromNowSec relative to the minting time and removes omitted claims', async () => {
    const shape: ProviderTokenShape = {
      preset: 'entra',
      description: 'times',
      issuer: { provider: 'entra' },
      claimsFromNowSec: { auth_time: 60 },
      omit: ['scp'],
      expected: 'accepted',
      source: { title: 't', url: 'https://example.test' },
    };
    const claims = decodeJwt(await mintShape(issuer, shape, 1_900_000_000));
    expect(claims).toMatchObject({ iat: 1_900_000_000, auth_time: 1_900_000_060 });
    expect(claims).not.toHaveProperty('scp');
  });
});
