import { describe, expect, it } from 'vitest';
import { IssuerNotAllowedError, TenantNotAllowedError } from '../src/shared/errors.js';
import { createIssuerRegistry } from '../src/verify/issuer-registry.js';
import type { IssuerConfig } from '../src/shared/types.js';

const TENANT = '11111111-2222-3333-4444-555555555555';
const base = (overrides: Partial<IssuerConfig> = {}): IssuerConfig => ({
  name: 'test',
  issuer: 'https://issuer.test',
  audience: 'api',
  keySource: { kind: 'jwks', uri: 'https://issuer.test/keys' },
  ...overrides,
});
const template = (allowedTenants: readonly string[] | null | undefined): IssuerConfig =>
  base({ issuer: { template: 'https://login.test/{tenantid}/v2.0' }, ...(allowedTenants === undefined ? {} : { allowedTenants }) });

describe('createIssuerRegistry configuration', () => {
  it('requires at least one issuer', () => {
    expect(() => createIssuerRegistry([], 60)).toThrow(TypeError);
  });

  it('requires an audience or an explicit null', () => {
    expect(() => createIssuerRegistry([base({ audience: undefined as never })], 60)).toThrow(/pass audience: null/);
    expect(() => createIssuerRegistry([base({ audience: null })], 60)).not.toThrow();
  });

  it('rejects an empty audience list', () => {
    expect(() => createIssuerRegistry([base({ audience: [] })], 60)).toThrow(/audience/);
  });

  it('rejects the same issuer configured twice', () => {
    expect(() => createIssuerRegistry([base(), base()], 60)).toThrow(/configured twice/);
  });

  it('rejects a plain-http key URL outside loopback', () => {
    expect(() => createIssuerRegistry([base({ keySource: { kind: 'jwks', uri: 'http://issuer.test/keys' } })], 60)).toThrow(TypeError);
  });

  it('accepts a plain-http key URL on loopback', () => {
    expect(() => createIssuerRegistry([base({ keySource: { kind: 'jwks', uri: 'http://127.0.0.1:9/keys' } })], 60)).not.toThrow();
  });

  it('rejects unsupported algorithms such as HS256 and none', () => {
    expect(() => createIssuerRegistry([base({ algorithms: ['HS256' as never] })], 60)).toThrow(/not supported/);
    expect(() => createIssuerRegistry([base({ algorithms: ['none' as never] })], 60)).toThrow(/not supported/);
  });

  it('requires allowedTenants (or null) for a tenant template', () => {
    expect(() => createIssuerRegistry([template(undefined)], 60)).toThrow(/allowedTenants/);
  });

  it('rejects a template without the tenant placeholder', () => {
    expect(() => createIssuerRegistry([base({ issuer: { template: 'https://login.test/v2.0' }, allowedTenants: null })], 60)).toThrow(
      /\{tenantid\}/,
    );
  });

  it('rejects a negative clock tolerance', () => {
    expect(() => createIssuerRegistry([base({ clockToleranceSec: -1 })], 60)).toThrow(/clockToleranceSec/);
  });

  it('freezes the issuer configs it keeps', () => {
    const registry = createIssuerRegistry([base()], 60);
    expect(Object.isFrozen(registry.issuers[0]?.config)).toBe(true);
  });
});

describe('IssuerRegistry.select', () => {
  it('selects an issuer by exact iss', () => {
    const registry = createIssuerRegistry([base(), base({ issuer: 'https://other.test' })], 60);
    expect(registry.select({ iss: 'https://other.test' }).config.issuer).toBe('https://other.test');
  });

  it.each([
    ['a trailing slash', 'https://issuer.test/'],
    ['a prefix', 'https://issuer.test.evil.example'],
    ['other case', 'https://ISSUER.test'],
  ])('does not match an iss that differs by %s', (_name, iss) => {
    const registry = createIssuerRegistry([base()], 60);
    expect(() => registry.select({ iss })).toThrow(IssuerNotAllowedError);
  });

  it('rejects a token without iss and lists the configured issuers', () => {
    const registry = createIssuerRegistry([base()], 60);
    try {
      registry.select({});
      expect.unreachable();
    } catch (error) {
      expect((error as IssuerNotAllowedError).expected).toEqual(['https://issuer.test']);
    }
  });

  it('matches a tenant template when tid equals the tenant in iss', () => {
    const registry = createIssuerRegistry([template(null)], 60);
    expect(registry.select({ iss: `https://login.test/${TENANT}/v2.0`, tid: TENANT }).config.name).toBe('test');
  });

  it('rejects a template match whose tid differs from the tenant in iss', () => {
    const registry = createIssuerRegistry([template(null)], 60);
    const other = '99999999-2222-3333-4444-555555555555';
    expect(() => registry.select({ iss: `https://login.test/${TENANT}/v2.0`, tid: other })).toThrow(TenantNotAllowedError);
  });

  it('rejects a tenant that is not in allowedTenants', () => {
    const registry = createIssuerRegistry([template(['99999999-2222-3333-4444-555555555555'])], 60);
    expect(() => registry.select({ iss: `https://login.test/${TENANT}/v2.0`, tid: TENANT })).toThrow(/not allowed/);
  });

  it('does not let the template placeholder match anything but a tenant id', () => {
    const registry = createIssuerRegistry([template(null)], 60);
    expect(() => registry.select({ iss: 'https://login.test/evil.example/x/v2.0', tid: 'evil' })).toThrow(IssuerNotAllowedError);
  });

  it('matches a tenant id in iss only in lower case, as Entra writes it', () => {
    const registry = createIssuerRegistry([template(null)], 60);
    const upper = 'ABCDEF00-2222-3333-4444-555555555555';
    expect(() => registry.select({ iss: `https://login.test/${upper}/v2.0`, tid: upper })).toThrow(IssuerNotAllowedError);
  });

  it('accepts one tenant id given as a string in allowedTenants', () => {
    const registry = createIssuerRegistry(
      [base({ issuer: { template: 'https://login.test/{tenantid}/v2.0' }, allowedTenants: TENANT as never })],
      60,
    );
    expect(registry.select({ iss: `https://login.test/${TENANT}/v2.0`, tid: TENANT }).config.name).toBe('test');
  });
});
