import type { TestAlgorithm, TestIssuerOptions, TestProvider } from '../types.js';

/** Provider-specific settings, resolved from the options with their defaults. */
export interface ProviderSettings {
  readonly audience: string;
  readonly clientId: string;
  readonly tenantId?: string;
  readonly projectId?: string;
  readonly userPoolId?: string;
  readonly realm?: string;
}

export interface ProviderContext extends ProviderSettings {
  /** Server origin. */
  readonly url: string;
  /** The `iss` minted. */
  readonly issuer: string;
}

export type SettingName = 'audience' | 'clientId' | 'tenantId' | 'projectId' | 'userPoolId' | 'realm';

export interface KeysEndpoint {
  readonly url: string;
  readonly kind: 'keys';
  /** A JWKS, or Google's `{ kid: PEM certificate }` map. */
  readonly format: 'jwks' | 'x509';
  /** Entra's `issuer` member on each JWK. */
  readonly jwkIssuer?: string;
}

export interface DiscoveryEndpoint {
  readonly url: string;
  readonly kind: 'discovery';
  /** `algorithms`: the distinct algorithms of the published keys. */
  document(algorithms: readonly TestAlgorithm[]): Record<string, unknown>;
}

export type Endpoint = KeysEndpoint | DiscoveryEndpoint;

export interface ClaimInput {
  readonly profile: 'user' | 'app';
  /** Epoch seconds. */
  readonly now: number;
  readonly exp: number;
  /** Set when the provider mints `nbf` or the caller asked for it. */
  readonly nbf: number | undefined;
  /** The caller's claims, for providers whose shape depends on one (Cognito's `token_use`). */
  readonly requested: Readonly<Record<string, unknown>>;
}

export interface HeaderInput {
  readonly kid: string;
  readonly alg: TestAlgorithm;
  /** SHA-1 certificate thumbprint, for RSA keys of providers that publish certificates. */
  readonly x5t: string | undefined;
}

/** How a provider writes a public JWK. */
export interface JwkStyle {
  /** Include `alg` (Entra's keys have none). */
  readonly alg: boolean;
  /** Include `x5c` and `x5t` for RSA keys. */
  readonly x5c: boolean;
  /** Include `x5t#S256` for RSA keys (Keycloak). */
  readonly x5tS256: boolean;
}

export interface ProviderDefinition {
  readonly name: TestProvider;
  /** Options this provider takes besides the common ones; any other provider-specific option is a mistake. */
  readonly settingNames: readonly SettingName[];
  /** Restricts the algorithms (Firebase signs with RS256 only). */
  readonly onlyAlgorithms?: readonly TestAlgorithm[];
  readonly jwk: JwkStyle;
  /** Subject CN of the self-signed certificates, when the provider publishes certificates. */
  certificateSubject(ctx: ProviderContext): string;
  /** Whether every token carries `nbf` (Entra). */
  readonly mintsNbf: boolean;
  settings(options: TestIssuerOptions): ProviderSettings;
  issuer(url: string, settings: ProviderSettings): string;
  jwksUri(ctx: ProviderContext): string;
  /** Where discovery is served, when not under the issuer (External ID: the issuer's host is not the metadata host). */
  discoveryUrl?(ctx: ProviderContext): string;
  endpoints(ctx: ProviderContext): readonly Endpoint[];
  header(input: HeaderInput): Record<string, unknown>;
  claims(ctx: ProviderContext, input: ClaimInput): Record<string, unknown>;
}
