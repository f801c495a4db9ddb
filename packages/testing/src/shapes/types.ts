import type { TestAlgorithm, TestProvider } from '../types.js';

/** Error codes a documented shape can be refused with (core's codes for token checks). */
export type ShapeErrorCode =
  | 'token_expired'
  | 'token_not_yet_valid'
  | 'algorithm_not_allowed'
  | 'issuer_not_allowed'
  | 'audience_mismatch'
  | 'tenant_not_allowed'
  | 'claim_invalid';

/** The core preset a row is verified through. */
export type ShapePreset = 'entra' | 'auth0' | 'cognito' | 'firebase' | 'google' | 'okta' | 'keycloak' | 'oidc' | 'jwks' | 'keys';

/** Where a row's rule is written down: the provider's documentation page (or the RFC it follows). */
export interface ShapeSource {
  readonly title: string;
  readonly url: string;
}

/**
 * One documented token shape: a valid token, or one breaking one documented rule. Plain data (JSON
 * serialisable). String values in `claims` may use the placeholders `{url}` (the local issuer's
 * origin), `{host}` (its host and port), `{issuer}` (its `iss`) and `{tenantId}`.
 */
export interface ProviderTokenShape {
  readonly preset: ShapePreset;
  readonly description: string;
  /** The local issuer to mint with (`createTestIssuer` options). */
  readonly issuer: { readonly provider: TestProvider; readonly tenantId?: string; readonly algorithms?: readonly TestAlgorithm[] };
  /**
   * Preset options besides those a verifier derives from the issuer (audience, authority, tenant, …):
   * the configuration the row is about, e.g. `{ tenantId: 'organizations', allowedTenants: null }`.
   */
  readonly presetOptions?: Readonly<Record<string, unknown>>;
  /** Claims over the provider's defaults. */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** Claims set to now plus this many seconds. */
  readonly claimsFromNowSec?: Readonly<Record<string, number>>;
  /** Claims removed from the payload. */
  readonly omit?: readonly string[];
  /** Protected header members over the provider's defaults. */
  readonly header?: Readonly<Record<string, unknown>>;
  readonly mint?: {
    readonly profile?: 'user' | 'app';
    readonly alg?: TestAlgorithm;
    readonly expiresInSec?: number;
    readonly notBeforeSec?: number;
  };
  /** `accepted`, or the error code a verifier must answer. */
  readonly expected: 'accepted' | ShapeErrorCode;
  readonly source: ShapeSource;
}
