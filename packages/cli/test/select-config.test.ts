import { describe, expect, it } from 'vitest';
import { entra, oidc } from '@tokenward/core';
import { selectConfig } from '../src/inspect/run-checks.js';

const TENANT = '6e2b1c43-0d5a-4f6e-9a1b-2c3d4e5f6a7b';
const configs = [
  ...entra({ tenantId: 'organizations', audience: 'api://x', allowedTenants: null }),
  oidc({ issuer: 'https://idp.test', audience: 'api://x' }),
];
const [v1, v2, plain] = configs;

describe('selectConfig picks the issuer core would', () => {
  it('an exact issuer', () => {
    expect(selectConfig(configs, 'https://idp.test')).toBe(plain);
  });

  it('the v2 tenant template for a v2 issuer with a tenant id', () => {
    expect(selectConfig(configs, `https://login.microsoftonline.com/${TENANT}/v2.0`)).toBe(v2);
  });

  it('the v1 tenant template for a v1 issuer with a tenant id', () => {
    expect(selectConfig(configs, `https://sts.windows.net/${TENANT}/`)).toBe(v1);
  });

  it('none for the template itself presented as an issuer', () => {
    expect(selectConfig(configs, 'https://login.microsoftonline.com/{tenantid}/v2.0')).toBeUndefined();
  });

  it('none for a tenant id in upper case, which core does not match either', () => {
    expect(selectConfig(configs, `https://login.microsoftonline.com/${TENANT.toUpperCase()}/v2.0`)).toBeUndefined();
  });

  it('none for an issuer that only shares a prefix', () => {
    expect(selectConfig(configs, `https://login.microsoftonline.com/${TENANT}/v2.0/extra`)).toBeUndefined();
  });
});
