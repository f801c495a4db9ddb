import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/index.js';

const entra = { preset: 'entra', tenantId: '8eaef023-2b34-4da1-9baa-8bc8c9d6a490', audience: 'api://orders' };

describe('parseConfig', () => {
  it('builds each issuer with its core preset', () => {
    const config = parseConfig({ issuers: [entra] });
    expect(config.issuers[0]?.configs.map((c) => c.issuer).sort()).toEqual([
      'https://login.microsoftonline.com/8eaef023-2b34-4da1-9baa-8bc8c9d6a490/v2.0',
      'https://sts.windows.net/8eaef023-2b34-4da1-9baa-8bc8c9d6a490/',
    ]);
  });

  it('names issuers by id, or by preset numbered when repeated', () => {
    const config = parseConfig({ issuers: [entra, entra, { ...entra, id: 'corp' }] });
    expect(config.issuers.map((i) => i.id)).toEqual(['entra', 'entra-2', 'corp']);
  });

  it('passes verifier options through', () => {
    const config = parseConfig({ issuers: [entra], clockToleranceSec: 30, jwks: { timeoutMs: 1000 } });
    expect(config.verifierOptions).toEqual({ clockToleranceSec: 30, jwks: { timeoutMs: 1000 } });
  });

  it('rejects an unknown preset', () => {
    expect(() => parseConfig({ issuers: [{ preset: 'ldap' }] })).toThrow(/preset must be one of/);
  });

  it("reports a preset's own validation error with its position", () => {
    expect(() => parseConfig({ issuers: [{ ...entra, tenantId: 'contoso.onmicrosoft.com' }] })).toThrow(/issuers\[0\] \(entra\): .*GUID/);
  });

  it('rejects unknown top-level settings (typos)', () => {
    expect(() => parseConfig({ issuers: [entra], clockTolerance: 30 })).toThrow(ConfigError);
  });

  it('rejects jwks options a file cannot carry', () => {
    expect(() => parseConfig({ issuers: [entra], jwks: { fetch: 'x' } })).toThrow(/jwks has no option "fetch"/);
  });

  it('rejects a repeated id', () => {
    expect(() =>
      parseConfig({
        issuers: [
          { ...entra, id: 'a' },
          { ...entra, id: 'a' },
        ],
      }),
    ).toThrow(/used twice/);
  });

  it('rejects an empty issuer list', () => {
    expect(() => parseConfig({ issuers: [] })).toThrow(/at least one issuer/);
  });
});
