/**
 * The documented token shapes of `@tokenward/testing` (PROVIDER_TOKEN_SHAPES), each minted by the real
 * local issuer of its provider and verified through its preset: valid tokens are accepted, each broken
 * documented rule is refused with its code.
 */
import { createTestIssuer, mintShape, PROVIDER_TOKEN_SHAPES, type ProviderTokenShape, type TestIssuer } from '@tokenward/testing';
import { afterAll, describe, expect, it } from 'vitest';
import {
  auth0,
  cognito,
  createVerifier,
  entra,
  firebase,
  google,
  isTokenwardError,
  jwks,
  keycloak,
  keys,
  oidc,
  okta,
  type IssuerConfig,
  type PublicJwk,
} from '../../src/index.js';

const started = new Map<string, Promise<TestIssuer>>();

function issuerOf(shape: ProviderTokenShape): Promise<TestIssuer> {
  const id = JSON.stringify(shape.issuer);
  let issuer = started.get(id);
  if (issuer === undefined) {
    issuer = createTestIssuer({ ...shape.issuer, ...(shape.issuer.algorithms ? { algorithms: [...shape.issuer.algorithms] } : {}) });
    started.set(id, issuer);
  }
  return issuer;
}

afterAll(async () => {
  await Promise.all([...started.values()].map(async (issuer) => (await issuer).close()));
});

/** The preset as an app would configure it for this issuer, plus the row's own options. */
function presetFor(shape: ProviderTokenShape, issuer: TestIssuer): IssuerConfig[] {
  const extra = shape.presetOptions ?? {};
  const { audience, url } = issuer;
  switch (shape.preset) {
    case 'entra':
      return entra({
        tenantId: issuer.tenantId as string,
        audience,
        authority: url,
        ...(issuer.v1Authority ? { v1Authority: issuer.v1Authority } : {}),
        ...extra,
      });
    case 'auth0':
      return [auth0({ domain: 'tenant.example', authority: url, audience, ...extra })];
    case 'cognito':
      return [
        cognito({
          userPoolId: issuer.issuer.slice(url.length + 1),
          tokenUse: 'access',
          clientId: issuer.clientId,
          authority: url,
          ...extra,
        }),
      ];
    case 'firebase':
      return [firebase({ projectId: audience, authority: url, certsUrl: issuer.jwksUri, ...extra })];
    case 'google':
      return google({ audience, authority: url, jwksUri: issuer.jwksUri, ...extra });
    case 'okta':
      return [okta({ domain: 'tenant.example', authority: url, audience, clientId: issuer.clientId, ...extra })];
    case 'keycloak':
      return [keycloak({ baseUrl: url, realm: 'tokenward', audience, ...extra })];
    case 'oidc':
      return [oidc({ issuer: issuer.issuer, audience, discoveryUrl: issuer.discoveryUrl, ...extra })];
    case 'jwks':
      return [jwks({ issuer: issuer.issuer, jwksUri: issuer.jwksUri, audience, ...extra })];
    case 'keys':
      return [keys({ issuer: issuer.issuer, keys: issuer.publicJwks().keys as PublicJwk[], audience, ...extra })];
  }
}

async function outcomeOf(shape: ProviderTokenShape): Promise<string> {
  const issuer = await issuerOf(shape);
  const verifier = createVerifier({ issuers: presetFor(shape, issuer) });
  const token = await mintShape(issuer, shape);
  try {
    await verifier.verify(token);
    return 'accepted';
  } catch (error) {
    if (isTokenwardError(error)) return error.code;
    throw error;
  }
}

const presets = [...new Set(PROVIDER_TOKEN_SHAPES.map((shape) => shape.preset))];

describe('documented provider token shapes', () => {
  it('cover every preset, each with a valid shape and a broken rule, each row with its source', () => {
    expect(presets.sort()).toEqual(['auth0', 'cognito', 'entra', 'firebase', 'google', 'jwks', 'keycloak', 'keys', 'oidc', 'okta']);
    for (const preset of presets) {
      const rows = PROVIDER_TOKEN_SHAPES.filter((shape) => shape.preset === preset);
      expect(rows.some((row) => row.expected === 'accepted')).toBe(true);
      expect(rows.some((row) => row.expected !== 'accepted')).toBe(true);
    }
    for (const row of PROVIDER_TOKEN_SHAPES) expect(row.source.url).toMatch(/^https:\/\//);
  });

  describe.each(presets)('%s()', (preset) => {
    const rows = PROVIDER_TOKEN_SHAPES.filter((shape) => shape.preset === preset);
    it.each(rows.map((row) => [`${row.description}: ${row.expected}`, row] as const))('%s', async (_title, row) => {
      expect(await outcomeOf(row)).toBe(row.expected);
    });
  });
});
