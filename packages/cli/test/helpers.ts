import { createPrivateKey, sign } from 'node:crypto';
import { TEST_KEYS, type TestIssuer } from '@tokenward/testing';
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

/**
 * Re-signs a token minted by a test issuer with `extra` appended to its payload as raw JSON text, with
 * the issuer's own committed TEST key: a validly signed token whose claims no JSON writer could
 * produce (4,400 levels of nesting).
 */
export function resignWithRawClaims(token: string, extraJson: string): string {
  const [headerPart = '', payloadPart = ''] = token.split('.');
  const header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8')) as { kid: string };
  const payload = Buffer.from(payloadPart, 'base64url').toString('utf8');
  const jwk = TEST_KEYS.rsa.find((key) => key.kid === header.kid);
  if (jwk === undefined) throw new Error(`no committed RSA test key ${header.kid}`);
  const body = `${headerPart}.${Buffer.from(`${payload.slice(0, -1)},${extraJson}}`).toString('base64url')}`;
  const signature = sign('sha256', Buffer.from(body), createPrivateKey({ key: { ...jwk }, format: 'jwk' }));
  return `${body}.${signature.toString('base64url')}`;
}
