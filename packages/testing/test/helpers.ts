import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import type { TestIssuer } from '../src/index.js';

/** Verifies a token against the issuer's served JWKS over HTTP, as a real verifier would. */
export async function verify(
  issuer: TestIssuer,
  token: string,
  jwksUri = issuer.jwksUri,
): Promise<{ payload: JWTPayload; protectedHeader: ProtectedHeaderParameters }> {
  const keys = createRemoteJWKSet(new URL(jwksUri), { cacheMaxAge: 0, cooldownDuration: 0 });
  return jwtVerify(token, keys, { issuer: issuer.issuer });
}

export function header(token: string): ProtectedHeaderParameters {
  return decodeProtectedHeader(token);
}

export async function getJson(url: string): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** Member names, sorted, to pin a claim set or a JWK shape. */
export function sortedKeys(value: object): string[] {
  return Object.keys(value).sort();
}
