import type { TestIssuer } from '@tokenward/testing';
import { parseConfig, type TokenwardConfig } from '../src/index.js';

/** A config file's contents trusting a test Entra issuer, as a user would write it (authority: the local issuer). */
export function entraConfig(issuer: TestIssuer, extra: Record<string, unknown> = {}): TokenwardConfig {
  return parseConfig({
    issuers: [
      {
        id: 'corp',
        preset: 'entra',
        tenantId: issuer.tenantId,
        audience: issuer.audience,
        authority: issuer.url,
        v1Authority: issuer.v1Authority,
        ...extra,
      },
    ],
    jwks: { timeoutMs: 2000 },
  });
}

export const OTHER_TENANT = '0e3d2c1b-aaaa-4bbb-8ccc-ddddeeeeffff';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** A token claiming a shared-secret algorithm (HS256), which no issuer preset accepts: built by hand. */
export function hmacToken(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.${Buffer.from('not-a-real-mac').toString('base64url')}`;
}
