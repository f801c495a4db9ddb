import type { TestIssuer } from '../types.js';
import type { ProviderTokenShape } from './types.js';

function fill(value: unknown, issuer: TestIssuer): unknown {
  if (typeof value === 'string') {
    return value
      .replaceAll('{url}', issuer.url)
      .replaceAll('{host}', new URL(issuer.url).host)
      .replaceAll('{issuer}', issuer.issuer)
      .replaceAll('{tenantId}', issuer.tenantId ?? '');
  }
  return Array.isArray(value) ? value.map((item) => fill(item, issuer)) : value;
}

/** Mints a shape's token with `issuer` (started from `shape.issuer`), filling its placeholders. */
export function mintShape(issuer: TestIssuer, shape: ProviderTokenShape, nowSec = Math.floor(Date.now() / 1000)): Promise<string> {
  const claims: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(shape.claims ?? {})) claims[name] = fill(value, issuer);
  for (const [name, offset] of Object.entries(shape.claimsFromNowSec ?? {})) claims[name] = nowSec + offset;
  return issuer.mint(claims, {
    now: nowSec,
    ...(shape.mint ?? {}),
    ...(shape.omit ? { omit: [...shape.omit] } : {}),
    ...(shape.header ? { header: { ...shape.header } } : {}),
  });
}
