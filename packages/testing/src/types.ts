/** Public types of @tokenward/testing. */

/** Identity providers whose token and endpoint shapes a test issuer reproduces. */
export type TestProvider =
  'generic' | 'entra' | 'entra-v1' | 'entra-external' | 'auth0' | 'cognito' | 'firebase' | 'google' | 'okta' | 'keycloak';

/** Signature algorithms a test issuer can publish keys for. */
export type TestAlgorithm = 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA';

export interface TestIssuerOptions {
  /** Which provider's issuer, endpoints and token claims to reproduce. Default `'generic'`. */
  readonly provider?: TestProvider;
  /** One signing key per algorithm in the JWKS; the first is the default signer. Default `['RS256']`. */
  readonly algorithms?: readonly TestAlgorithm[];
  /** entra, entra-v1, entra-external: the tenant (a GUID). Default `8eaef023-2b34-4da1-9baa-8bc8c9d6a490`. */
  readonly tenantId?: string;
  /** Audience minted into tokens. The default depends on the provider (see the README). */
  readonly audience?: string;
  /** The client application (`azp`, `appid`, `client_id` or `cid`). The default depends on the provider. */
  readonly clientId?: string;
  /** firebase: the project id (`aud`, and the last path segment of `iss`). Default `tokenward-test`. */
  readonly projectId?: string;
  /** cognito: the user pool id. Default `us-east-1_Example`. */
  readonly userPoolId?: string;
  /** keycloak: the realm. Default `tokenward`. */
  readonly realm?: string;
  /** `Cache-Control` header on key responses (JWKS and x509 map); `null` sends none. Default `'public, max-age=3600'`. */
  readonly jwksCacheControl?: string | null;
  /** Port on 127.0.0.1. Default `0` (a free port). */
  readonly port?: number;
  /**
   * `false` starts no server (for runtimes without sockets, such as workerd): only `issuer.fetch`
   * serves the routes, and `url` is the placeholder `http://127.0.0.1:0`. Default `true`.
   */
  readonly listen?: boolean;
  /**
   * With `listen: false`: the origin the issuer announces as its `url` (and so in `iss`, discovery and
   * key URLs), for when you serve `issuer.fetch` from a server of your own, such as a dev server that
   * adds a token endpoint. `http:` or `https:`, no path. Default `http://127.0.0.1:0`.
   */
  readonly origin?: string;
  /**
   * Publish the next signing key ahead of use, as Entra does: the JWKS carries the current key and
   * the next one, and `rotate()` makes the next key the signer and announces a new next key. A
   * verifier that fetched the keys before a rotation then knows the new key without refetching,
   * so rotating in a test needs no wait for its unknown-kid cooldown. Default `false` (`rotate()`
   * adds a key the JWKS never carried, as an unannounced emergency rotation).
   */
  readonly nextKey?: boolean;
}

/** A public key as the test issuer publishes it (members vary by provider, like the real ones). */
export interface TestPublicJwk {
  readonly kty: 'RSA' | 'EC' | 'OKP';
  readonly kid: string;
  readonly use: 'sig';
  readonly alg?: TestAlgorithm;
  readonly n?: string;
  readonly e?: string;
  readonly crv?: 'P-256' | 'P-384' | 'P-521' | 'Ed25519';
  readonly x?: string;
  readonly y?: string;
  readonly x5c?: string[];
  readonly x5t?: string;
  readonly 'x5t#S256'?: string;
  /** Entra only: the issuer allowed to use the key (`{tenantid}` on the multi-tenant endpoints). */
  readonly issuer?: string;
}

export interface TestKeyInfo {
  readonly kid: string;
  readonly alg: TestAlgorithm;
  /** Served by the key endpoints. */
  readonly published: boolean;
  /** The default signer of `mint()`. */
  readonly active: boolean;
  /** Announced ahead of use (`nextKey: true`): the key the next `rotate()` makes the signer. */
  readonly next: boolean;
}

export type FaultTarget = 'keys' | 'discovery' | 'all';

/** A failure the issuer's endpoints reproduce until `setFault(null)`. */
export type Fault = (
  | { readonly kind: 'latency'; readonly ms: number }
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'malformed-json' }
  | { readonly kind: 'oversized'; readonly bytes?: number }
  | { readonly kind: 'outage' }
  | { readonly kind: 'hang' }
  | { readonly kind: 'slow-drip'; readonly chunkDelayMs: number }
) & {
  /** Which endpoints fail. Default `'all'` (key endpoints and discovery). */
  readonly target?: FaultTarget;
};

export interface MintOptions {
  /** Sign with this key (default: the active signer). May name a removed key. */
  readonly kid?: string;
  /** Sign with a key of this algorithm (the active signer if it matches, else the first published one). */
  readonly alg?: TestAlgorithm;
  /** Extra or overriding protected header parameters; `undefined` removes one. `alg` cannot be changed. */
  readonly header?: Readonly<Record<string, unknown>>;
  /** A delegated user token (default) or an app-only client-credentials token, in the provider's real shape. */
  readonly profile?: 'user' | 'app';
  /** Lifetime in seconds. Default 3600; negative for an already-expired token. */
  readonly expiresInSec?: number;
  /** Offset of `nbf` from now, in seconds. Entra always mints `nbf` (default offset 0); other providers only when set. */
  readonly notBeforeSec?: number;
  /** Epoch seconds used for `iat`, `nbf`, `exp` and `auth_time`. Default: `Date.now()`. */
  readonly now?: number;
  /** Claims to delete from the final payload, e.g. `['exp']`. */
  readonly omit?: readonly string[];
  /** `'foreign'`: sign with a key that is not in the JWKS, under the published `kid` (a forgery). */
  readonly signWith?: 'foreign';
}

export interface TestRequestCounts {
  /** Requests to key endpoints (JWKS and x509 map). */
  readonly jwks: number;
  readonly discovery: number;
  /** Every request, including unknown paths. */
  readonly total: number;
}

export type TestFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface TestIssuer {
  /** Server origin, e.g. `http://127.0.0.1:43123`: the `authority` to give a preset. */
  readonly url: string;
  /** The exact `iss` this issuer mints. */
  readonly issuer: string;
  /** Where the keys are served (Google's x509 certificate map for firebase). */
  readonly jwksUri: string;
  /** `${issuer}/.well-known/openid-configuration` (without a doubled slash); entra-external: `${url}/{tenantId}/v2.0/.well-known/openid-configuration`. */
  readonly discoveryUrl: string;
  readonly provider: TestProvider;
  readonly audience: string;
  readonly clientId: string;
  /** entra, entra-v1, entra-external only. */
  readonly tenantId?: string;
  /** entra, entra-v1 only: `${url}/sts`, the v1 authority to give the entra preset (entra-external has none). */
  readonly v1Authority?: string;
  /** Mints a signed token: provider defaults, overridden by `claims` (`undefined` deletes a claim). */
  mint(claims?: Readonly<Record<string, unknown>>, options?: MintOptions): Promise<string>;
  /**
   * Makes a new key the default signer and publishes it; with `nextKey: true`, the announced next
   * key becomes the signer and a new next key is announced.
   */
  rotate(options?: { readonly alg?: TestAlgorithm; readonly keepOld?: boolean }): Promise<{ readonly kid: string }>;
  /** Unpublishes a key; `mint({}, { kid })` can still sign with it. */
  removeKey(kid: string): void;
  readonly keys: ReadonlyArray<TestKeyInfo>;
  /** What the JWKS endpoint serves now. */
  publicJwks(): { keys: TestPublicJwk[] };
  setFault(fault: Fault | null): void;
  readonly requests: TestRequestCounts;
  resetCounters(): void;
  /** Serves the same routes in memory, without a socket; counters and faults apply. */
  readonly fetch: TestFetch;
  /** Closes the server and any hung connection. */
  close(): Promise<void>;
}
