import { describe, expect, it } from 'vitest';
import { parseEntraIssuer } from '../../src/index.js';

describe('parseEntraIssuer', () => {
  it('reads the authority, tenant and version 2 of a v2 issuer', () => {
    expect(parseEntraIssuer('https://login.microsoftonline.com/72F988BF-86F1-41AF-91AB-2D7CD011DB47/v2.0')).toEqual({
      authority: 'https://login.microsoftonline.com',
      tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      version: 2,
    });
  });

  it('reads version 1 from a v1 issuer', () => {
    expect(parseEntraIssuer('https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/')).toEqual({
      authority: 'https://sts.windows.net',
      tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      version: 1,
    });
  });

  it('reads a multi-tenant template with the {tenantid} placeholder as its tenant', () => {
    expect(parseEntraIssuer('https://login.microsoftonline.com/{tenantid}/v2.0')?.tenant).toBe('{tenantid}');
  });

  it('returns undefined for an issuer that is not Entra-shaped', () => {
    expect(parseEntraIssuer('https://tenant.auth0.com/')).toBeUndefined();
  });
});
