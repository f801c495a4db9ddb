import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import type { Bindings } from './harness.js';

/** An Entra-shaped local issuer: the fixture's routes ask for `Orders.Read` and `Orders.Admin`. */
export function entraIssuer(): Promise<TestIssuer> {
  return createTestIssuer({ provider: 'entra' });
}

/** The fixture Worker's bindings for an issuer. */
export function bindingsFor(issuer: TestIssuer, extra: Bindings = {}): Bindings {
  return {
    TENANT_ID: issuer.tenantId ?? '',
    AUDIENCE: issuer.audience,
    AUTHORITY: issuer.url,
    POLICY_CLIENT_ID: issuer.clientId,
    ...extra,
  };
}

export const bearer = (token: string): RequestInit => ({ headers: { authorization: `Bearer ${token}` } });

/** Polls `condition` until it holds; bounded, since waitUntil work finishes after the response. */
export async function eventually(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
