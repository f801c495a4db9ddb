/** Entra issuer strings, read without the preset: the preset, the CLI and the step-up challenge all need them. */

/** Where a multi-tenant Entra issuer puts the tenant id: `https://login.microsoftonline.com/{tenantid}/v2.0`. */
export const TENANT_PLACEHOLDER = '{tenantid}';
const ENTRA_ISSUER = /^(.+)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\{tenantid\})\/(v2\.0)?$/i;

/** An Entra issuer's parts: authority, tenant (lower case, or `{tenantid}` for a template) and token version. */
export interface EntraIssuerParts {
  readonly authority: string;
  readonly tenant: string;
  readonly version: 1 | 2;
}

/** Reads an Entra v1 (`{authority}/{tenant}/`) or v2 (`{authority}/{tenant}/v2.0`) issuer; `undefined` for any other. */
export function parseEntraIssuer(value: string): EntraIssuerParts | undefined {
  const match = ENTRA_ISSUER.exec(value);
  if (!match) return undefined;
  return { authority: match[1] as string, tenant: (match[2] as string).toLowerCase(), version: match[3] ? 2 : 1 };
}
