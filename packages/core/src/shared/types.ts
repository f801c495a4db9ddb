/** Public types shared by the verifier, the issuer presets, the key cache and the checks. */

import type { StoredKeySetRejection } from './stored-key-set-rejection.js';
import type { TokenwardEvent } from '../observe/events.js';

export type JwsAlgorithm = 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA' | 'Ed25519';

/** Protected header of a verified token. */
export interface JwtHeader {
  readonly alg: string;
  readonly kid?: string;
  readonly typ?: string;
  readonly [parameter: string]: unknown;
}

/** Payload of a token. Registered claims are typed; everything else is `unknown` until checked. */
export interface JwtClaims {
  readonly iss?: string;
  readonly sub?: string;
  readonly aud?: string | readonly string[];
  readonly exp?: number;
  readonly nbf?: number;
  readonly iat?: number;
  readonly jti?: string;
  readonly [claim: string]: unknown;
}

/** A public JSON Web Key as served in a JWKS (RFC 7517), plus provider extensions such as Entra's `issuer`. */
export interface PublicJwk {
  readonly kty: string;
  readonly kid?: string;
  readonly use?: string;
  readonly alg?: string;
  readonly key_ops?: readonly string[];
  readonly x5c?: readonly string[];
  readonly n?: string;
  readonly e?: string;
  readonly crv?: string;
  readonly x?: string;
  readonly y?: string;
  readonly [parameter: string]: unknown;
}

/** Where an issuer's verification keys come from. Keys are only ever fetched from here, never from a token. */
export type KeySource =
  /** A JWKS document (RFC 7517) at a fixed URL. */
  | { readonly kind: 'jwks'; readonly uri: string }
  /** An OpenID Provider configuration document whose `jwks_uri` is used; its `issuer` must equal the configured one. */
  | { readonly kind: 'discovery'; readonly url: string }
  /** A JSON object mapping key id to a PEM X.509 certificate (Google's securetoken endpoint used by Firebase). */
  | { readonly kind: 'x509'; readonly uri: string }
  /** Keys given up front; nothing is fetched. */
  | { readonly kind: 'static'; readonly keys: readonly PublicJwk[] };

/**
 * An issuer whose `iss` contains a tenant id, such as Entra's multi-tenant
 * `https://login.microsoftonline.com/{tenantid}/v2.0`. The token's `tid` must equal the tenant in `iss`.
 */
export interface IssuerTemplate {
  readonly template: string;
}

/** Everything an issuer's check receives besides the claims. */
export interface CheckContext {
  readonly header: JwtHeader;
  readonly issuer: IssuerConfig;
  /** Verification time in seconds since the epoch. */
  readonly nowSec: number;
  /** The leeway in force for this issuer. */
  readonly clockToleranceSec: number;
}

/**
 * A claim check run after the signature is verified. Return `false` or a message string to reject the
 * token (`claim_invalid`), nothing or `true` to accept; throwing a tokenward error rejects with that error.
 */
export type ClaimCheck = (claims: JwtClaims, context: CheckContext) => void | boolean | string | PromiseLike<void | boolean | string>;

/** Provider-neutral view of who is calling, derived from the claims by the issuer preset. */
export interface Principal {
  /** `sub`, or the object id where the provider's `sub` is pairwise (Entra `oid`). */
  readonly subject: string | undefined;
  readonly issuer: string;
  /** Entra `tid`; undefined for single-tenant providers. */
  readonly tenantId: string | undefined;
  /** The client application that obtained the token (`azp`, `appid` or `client_id`). */
  readonly clientId: string | undefined;
  /** Delegated scopes from `scp`, `scope` or Auth0 `permissions`. */
  readonly scopes: readonly string[];
  /** App roles from `roles` (Entra) or the provider's equivalent. */
  readonly roles: readonly string[];
  /** Group ids or names from `groups`, `cognito:groups` or the provider's equivalent. */
  readonly groups: readonly string[];
  /** True when the provider left groups out of the token because there were too many (Entra overage). */
  readonly groupsOverage: boolean;
  /** True for application (client credentials) tokens with no signed-in user. */
  readonly appOnly: boolean;
}

/** Fields a preset's principal mapper may supply; the rest are filled from standard claims. */
export type PrincipalFields = Partial<Omit<Principal, 'issuer'>>;

/** One trusted issuer. Presets (`entra()`, `auth0()`, …) build these; `createVerifier` validates and freezes them. */
export interface IssuerConfig {
  /** Short label used in messages and diagnostics, e.g. `entra`. */
  readonly name: string;
  /** The exact `iss` value, or a tenant template. Matched exactly, never by prefix. */
  readonly issuer: string | IssuerTemplate;
  readonly keySource: KeySource;
  /** Accepted `aud` values. Required: `null` explicitly turns the audience check off. */
  readonly audience: string | readonly string[] | null;
  /**
   * Accepted `alg` values. Without it, each key verifies its own `alg`, or one algorithm per key type
   * when it names none (RS256, the curve's ES*, EdDSA); with it, a key without `alg` verifies the listed
   * algorithms of its type. Provider presets set what their provider signs with (RS256).
   */
  readonly algorithms?: readonly JwsAlgorithm[];
  /** For templated issuers: tenants accepted. `null` accepts every tenant (explicitly). */
  readonly allowedTenants?: readonly string[] | null;
  readonly clockToleranceSec?: number;
  /** Reject tokens whose `iat` is older than this. `null` or absent: no limit. */
  readonly maxTokenAgeSec?: number | null;
  /** Required `typ` header values (compared case-insensitively, `application/` prefix ignored). */
  readonly typ?: string | readonly string[] | null;
  /** Claims that must be present. */
  readonly requiredClaims?: readonly string[];
  /** Checks run after the signature is verified, in order. */
  readonly checks?: readonly ClaimCheck[];
  /**
   * Runs on the unverified claims before any key is looked up, to reject tokens that can never be valid
   * here with a precise message (a Microsoft Graph token sent to your API). It rejects by throwing (or
   * by returning a promise that rejects, which is awaited); what it returns is otherwise ignored.
   */
  readonly precheck?: (claims: JwtClaims, header: JwtHeader) => void | PromiseLike<void>;
  /** Runs on the key that verified the token (Entra's per-key `issuer`). Rejects like `precheck`. */
  readonly keyCheck?: (key: PublicJwk, claims: JwtClaims) => void | PromiseLike<void>;
  /** Maps provider-specific claims onto the principal. */
  readonly principal?: (claims: JwtClaims) => PrincipalFields;
}

/** A verified token. */
export interface VerifiedToken<Claims extends JwtClaims = JwtClaims> {
  readonly claims: Claims;
  readonly header: JwtHeader;
  /** The configured issuer that matched `iss`. */
  readonly issuer: IssuerConfig;
  readonly principal: Principal;
  /** The key and algorithm that verified the signature. */
  readonly key: { readonly kid: string | undefined; readonly alg: JwsAlgorithm };
  /**
   * The compact token as presented, for flows that pass it on (On-Behalf-Of: MSAL's
   * `acquireTokenOnBehalfOf({ oboAssertion: auth.token })`). Not enumerable, so logging or serialising
   * the verified token (`JSON.stringify(req.auth)`, `console.log`) does not write the credential out.
   */
  readonly token: string;
  /** Where `authenticate` found the token, when not in the Authorization header (see `tokenLocation`). */
  readonly location?: 'cookie' | 'query';
  /**
   * Present when the token came with the DPoP scheme and a valid proof: `jkt`, the proof key's RFC 7638
   * thumbprint the token is bound to, and `nonce`, a fresh server nonce to send in `DPoP-Nonce` when
   * the proof's is about to stop being accepted.
   */
  readonly dpop?: { readonly jkt: string; readonly nonce?: string };
}

/**
 * A key set as stored in a cache store: the raw public JWKs and when they were fetched. Serialisable;
 * a store must give back every member it was given (`tag` included).
 */
export interface CachedKeySet {
  readonly keys: readonly PublicJwk[];
  /** Epoch milliseconds of the successful fetch. */
  readonly fetchedAt: number;
  /** Epoch milliseconds after which the set should be refreshed (it may still serve as stale). */
  readonly expiresAt: number;
  /** With `jwks.storeIntegrity`: HMAC-SHA256 (base64url) over the other members and the source id. */
  readonly tag?: string;
}

/** Why a stored key set was refused (and treated as absent). */
export type StoredKeySetProblem =
  /** Not `{ keys, fetchedAt, expiresAt }`, or keys JSON cannot carry. */
  | 'not_a_key_set'
  /** More keys than `jwks.maxStoredKeys`, or more bytes than `jwks.maxStoredBytes`. */
  | 'too_large'
  /** `fetchedAt` more than the clock-skew allowance (60 s) ahead of this instance's clock. */
  | 'dated_in_future'
  /** `expiresAt` more than `jwks.maxCacheMaxAgeMs` (or `cacheMaxAgeMs`, when longer) after `fetchedAt`. */
  | 'lifetime_too_long'
  /** `jwks.storeIntegrity` is on and the entry has no tag. */
  | 'unsigned'
  /** `jwks.storeIntegrity` is on and no configured secret made the entry's tag. */
  | 'tag_mismatch';

/** Limits the cache applies to what it reads; a store may use them to refuse an entry before parsing it. */
export interface StoreReadLimits {
  /** Largest serialised entry the cache accepts (`jwks.maxStoredBytes`). */
  readonly maxBytes: number;
}

/**
 * `jwks.storeIntegrity`: every instance of the fleet shares these secrets. Stored key sets are
 * tagged with HMAC-SHA256 under the first; an entry is used only when one of them made its tag
 * (list a new secret first and keep the old one until every instance signs with the new).
 */
export interface StoreIntegrityOptions {
  /** At least 32 bytes each (a string counts its UTF-8 bytes). The first signs; all are accepted. */
  readonly secrets: readonly (string | Uint8Array)[];
}

/**
 * Where fetched key sets are kept. The in-memory default serves one process; a shared store
 * (Redis, Workers KV) lets a fleet share one fetch. Implementations should not throw: a failing
 * store degrades to in-memory behaviour. Every call is bounded by `jwks.storeTimeoutMs`.
 */
export interface KeyCacheStore {
  /**
   * The stored set, or `undefined`. Whoever can write the store can add keys to it: the cache checks
   * what it reads (size, times, `storeIntegrity` tag, every key) and treats a refused entry as absent.
   */
  get(sourceId: string, limits?: StoreReadLimits): CachedKeySet | undefined | Promise<CachedKeySet | undefined>;
  set(sourceId: string, value: CachedKeySet): void | Promise<void>;
  /** Optional: told about each entry `get` returned that the cache refused (the reason is on the rejection). */
  onRejected?(rejection: StoredKeySetRejection): void;
  /**
   * Optional: fleet-wide single-flight. Takes a short lock (expiring after `ttlMs`) that says "this
   * instance is fetching `sourceId`"; resolves `true` when this caller holds it. When the lock is
   * taken elsewhere the cache polls `get` until the holder's set appears (at most `jwks.lockWaitMs`)
   * and fetches itself when it does not. A store with this method is treated as shared: it is also
   * read before an unknown `kid` triggers a fetch, and the stored `fetchedAt` counts as the last
   * attempt for the cooldown, so the fleet sends at most one request per cooldown window. A call that
   * throws or times out counts as `true` (fetch locally).
   */
  acquireLock?(sourceId: string, ttlMs: number): boolean | Promise<boolean>;
  /** Optional: releases a lock this instance holds (compare-and-delete: never someone else's). */
  releaseLock?(sourceId: string): void | Promise<void>;
}

/** A claim a revocation entry can name: one token (`jti`), a session (`sid`) or a subject (`sub`). */
export type RevocationClaim = 'jti' | 'sid' | 'sub';

/**
 * Storage behind a revocation list: a set of opaque keys that expire. The in-memory default serves one
 * process; `@tokenward/redis` and `@tokenward/kv` share it across a fleet. Every call is bounded by
 * the list's `timeoutMs`; a call that fails or times out counts as "not revoked".
 */
export interface RevocationStore {
  /** Whether any of these keys is present (and not expired). */
  has(keys: readonly string[]): boolean | Promise<boolean>;
  /** Adds a key that may be forgotten after `expiresAtMs` (epoch milliseconds). */
  add(key: string, expiresAtMs: number): void | Promise<void>;
}

/** Which entry `revoke()` writes: the token's `jti` (default), its session `sid`, or its subject `sub`. */
export interface RevokeOptions {
  /** Default `'jti'`. */
  readonly by?: RevocationClaim;
  /**
   * When the entry may be forgotten, in epoch seconds. Default: the token's `exp` (a revoked token
   * cannot outlive it). Revoking a session or subject for longer than one token lives needs a later time.
   */
  readonly untilSec?: number;
}

/**
 * A denylist the verifier consults after the signature and every claim check passed. A revoked token
 * is rejected with `token_revoked` (401).
 */
export interface RevocationList {
  /** Whether the verified token's `jti`, `sid` or `sub` (under its `iss`) is revoked. Should not throw. */
  isRevoked(claims: JwtClaims): boolean | Promise<boolean>;
  /** Revokes the token (or its session or subject) until its `exp`. Rejects when the entry cannot be stored. */
  revoke(claims: JwtClaims, options?: RevokeOptions): Promise<void>;
}

/** The crypto used to check signatures: WebCrypto everywhere, `node:crypto` on Node. */
export interface SignatureBackend {
  readonly name: string;
  /** Imports a public key once; the result is cached per key id and algorithm. */
  importKey(jwk: PublicJwk, alg: JwsAlgorithm): PromiseLike<unknown>;
  /** `true` for a valid signature; anything else (or a promise of anything else) is an invalid one. */
  verify(alg: JwsAlgorithm, key: unknown, signature: Uint8Array, data: Uint8Array): boolean | PromiseLike<boolean>;
}

/** Reads the public key of a PEM X.509 certificate as a JWK (its `kty` and key members). Rejects anything unreadable. */
export type CertificateToJwk = (pem: string) => Promise<PublicJwk>;

/** Decodes canonical unpadded base64url, or returns `undefined` for anything else. */
export type Base64UrlDecoder = (input: string) => Uint8Array | undefined;

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface JwksOptions {
  /** Time a fetched key set is fresh when the response has no usable `Cache-Control: max-age`. Default 600 000 (10 min). */
  readonly cacheMaxAgeMs?: number;
  /** Lower bound applied to a response's `max-age`. Default 60 000 (1 min). */
  readonly minCacheMaxAgeMs?: number;
  /** Upper bound applied to a response's `max-age`. Default 86 400 000 (24 h). */
  readonly maxCacheMaxAgeMs?: number;
  /** After a fetch, an unknown `kid` does not trigger another one for this long. Default 30 000. */
  readonly cooldownMs?: number;
  /** How long expired keys keep verifying while the issuer cannot be reached. Default 3 600 000 (1 h). `0` disables. */
  readonly staleIfErrorMs?: number;
  /**
   * Refresh keys behind the traffic: in a key set's last tenth of life (at most its last 30 s) one
   * verification starts a refresh it does not wait for, and once the set has expired it keeps
   * verifying (within `staleIfErrorMs`) while that one refresh runs. No verification of a known
   * `kid` waits for the key server. An unknown `kid` still waits for its refetch. On Cloudflare
   * Workers it needs the call's `waitUntil` (the Workers adapter passes it). Default `true`;
   * `false`: the first verification after expiry waits for the refetch.
   */
  readonly backgroundRefresh?: boolean;
  /** Per-request timeout for discovery and key fetches. Default 5 000. */
  readonly timeoutMs?: number;
  /** Largest accepted discovery or key-set response. Default 262 144 bytes. */
  readonly maxResponseBytes?: number;
  /** Ceiling of the exponential backoff between failed fetches. Default 30 000 (the cooldown). */
  readonly maxBackoffMs?: number;
  /** Injected `fetch` (tests, proxies, runtimes without a global one). Default: `globalThis.fetch`. */
  readonly fetch?: FetchLike;
  /** Where key sets are kept. Default: in memory, per verifier. A shared store is trusted like the signing keys: see `storeIntegrity`. */
  readonly store?: KeyCacheStore;
  /** Stored key sets with more keys than this are refused (treated as absent) and not written. Default 100. */
  readonly maxStoredKeys?: number;
  /** Stored key sets larger than this (serialised, in bytes) are refused and not written. Default `maxResponseBytes` + 4 096. */
  readonly maxStoredBytes?: number;
  /** Authenticate stored key sets with a fleet secret (HMAC-SHA256); untagged or mistagged entries are refused. Default: off. */
  readonly storeIntegrity?: StoreIntegrityOptions;
  /** Longest wait for any one store call; a slower store is ignored for that call. Default `min(1000, timeoutMs)`. */
  readonly storeTimeoutMs?: number;
  /**
   * Shared stores with `acquireLock`: how long an instance waits for another instance's fetch to land in
   * the store before fetching itself. Default `timeoutMs`.
   */
  readonly lockWaitMs?: number;
}

export interface VerifierOptions {
  /** Trusted issuers. Presets that return several configs (Entra v1 + v2, Google) can be listed as they are. */
  readonly issuers: readonly (IssuerConfig | readonly IssuerConfig[])[];
  /** Leeway for `exp`, `nbf` and `iat`. Default 60. Per-issuer values win. */
  readonly clockToleranceSec?: number;
  /** Tokens longer than this many UTF-8 bytes are rejected before parsing. Default 16 384. */
  readonly maxTokenBytes?: number;
  readonly jwks?: JwksOptions;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number;
  /** Signature crypto. Default: WebCrypto (or `node:crypto` under the `node` export condition). */
  readonly signatureBackend?: SignatureBackend;
  /**
   * Denylist checked after the signature and claims (`createRevocationList()`, or a shared one from
   * `@tokenward/redis` / `@tokenward/kv`). Revoked tokens fail with `token_revoked`. Default: none.
   */
  readonly revocation?: RevocationList;
  /**
   * Cache verified tokens, so a token presented again skips only its signature check: the key is
   * still resolved (a key that left the JWKS rejects it), and times, checks and revocation run on every
   * hit. `true` for 1 000 entries (least recently used evicted), or `{ maxEntries }`. Default `false`.
   */
  readonly tokenCache?: boolean | TokenCacheOptions;
  /**
   * Where `authenticate` also looks for the token; the Authorization header is always read. A token in
   * more than one place is refused with `multiple_tokens` (400). Default: the header only. A call's
   * `tokenLocation` (adapters pass theirs) replaces this one.
   */
  readonly tokenLocation?: TokenLocation;
  /**
   * Told what happened, after the fact: each verification's outcome, key fetches, stale keys served,
   * refused refetches, store failures (see `TokenwardEvent`). No event holds a token. A throw is
   * ignored. On Node the same events go to `node:diagnostics_channel` (`EVENT_CHANNELS`) whether or not
   * this is set. Default: none.
   */
  readonly onEvent?: (event: TokenwardEvent) => void;
  /**
   * DPoP, RFC 9449's sender-constrained tokens (`Authorization: DPoP <token>` with a `DPoP` proof
   * header). Default `{ mode: 'allowed' }`: Bearer and DPoP are both accepted, and a DPoP-bound token
   * (`cnf.jkt`) presented as Bearer is refused (`dpop_required`).
   */
  readonly dpop?: DpopOptions;
}

/**
 * `'allowed'`: Bearer and DPoP tokens, a bound token only with its proof. `'required'`: DPoP only.
 * `'off'`: DPoP is not read (the scheme counts as no token) and `cnf.jkt` is not looked at, as before DPoP.
 */
export type DpopMode = 'allowed' | 'required' | 'off';

export interface DpopOptions {
  /** Default `'allowed'`. */
  readonly mode?: DpopMode;
  /**
   * Proof signature algorithms accepted, and advertised in the challenge's `algs`. Asymmetric only.
   * Default `ES256 ES384 ES512 PS256 PS384 PS512 RS256 RS384 RS512 EdDSA Ed25519`.
   */
  readonly algorithms?: readonly JwsAlgorithm[];
  /** A proof whose `iat` is older than this is refused. Default 300. */
  readonly maxAgeSec?: number;
  /** Allowance for client clocks ahead of this one (`iat` in the future) and behind. Default 5. */
  readonly clockToleranceSec?: number;
  /**
   * Remembers each accepted proof's `jti` (with its key) until the proof is too old anyway, and refuses
   * one seen before. Default: an in-memory store of 100 000 proofs (`createMemoryDpopReplayStore`).
   * Pass a shared one (`@tokenward/redis`'s `createRedisDpopReplayStore`) so a fleet refuses a proof
   * replayed to another instance.
   */
  readonly replayStore?: DpopReplayStore;
  /**
   * Server nonces (RFC 9449 §9): a proof must carry one `nonces` issued, else the answer is 401
   * `use_dpop_nonce` with a `DPoP-Nonce` header. Default: none (no nonce asked). See `createDpopNonces`.
   */
  readonly nonces?: DpopNonces;
  /**
   * The origin clients address (`https://api.example.com`), when the server sees another one behind a
   * proxy or gateway: the proof's `htu` is compared with it and the request's path. Default: the
   * request's own URL (adapters on Node build it from the `Host` header and the connection;
   * `X-Forwarded-*` headers are never trusted).
   */
  readonly origin?: string;
}

/** Where a DPoP proof's `jti` is remembered. `remember` resolves `false` for a key it already holds. */
export interface DpopReplayStore {
  /** Records `key` for `ttlMs` and resolves `true`, or `false` when it is already recorded (a replay). */
  remember(key: string, ttlMs: number): boolean | PromiseLike<boolean>;
}

/** Server-issued DPoP nonces. */
export interface DpopNonces {
  /** The nonce clients should use now (sent in `DPoP-Nonce`). */
  current(): string | PromiseLike<string>;
  /** Whether a proof's `nonce` is one this server issued and still accepts. */
  accepts(nonce: string): boolean | PromiseLike<boolean>;
}

/** What an answer's challenges say about DPoP: `verifier.dpop`, for `toErrorResponse(error, { dpop })`. */
export interface DpopChallenge {
  readonly mode: DpopMode;
  /** The `algs` of the `DPoP` challenge. */
  readonly algorithms: readonly JwsAlgorithm[];
}

/**
 * Places besides the Authorization header that a token may come from, each opt-in. Browsers send
 * cookies on their own, so a cookie-authenticated API needs CSRF protection (`SameSite`, a `__Host-`
 * name); query strings end up in logs, histories and `Referer`, so keep the query parameter to the
 * routes that cannot send a header (WebSocket upgrades, `EventSource`), with short-lived tokens.
 */
export interface TokenLocation {
  /** The name of a cookie holding the token (a backend-for-frontend's session cookie). */
  readonly cookie?: string;
  /** RFC 6750 §2.3's URI query parameter: `true` for `access_token`, or another name. */
  readonly query?: boolean | string;
}

/** `verify`'s options, plus where `authenticate` reads the token. */
export interface AuthenticateOptions extends VerifyOptions {
  /** Replaces the verifier's `tokenLocation` for this call. */
  readonly tokenLocation?: TokenLocation;
}

export interface TokenCacheOptions {
  /** Most tokens kept; the least recently used goes first. Default 1 000. */
  readonly maxEntries?: number;
}

/** Per-call additions to the issuer's checks. */
export interface VerifyOptions {
  /** Extra checks after the issuer's own. */
  readonly checks?: readonly ClaimCheck[];
  /**
   * Narrows the issuer's accepted audiences for this call: the token must carry one that is both here
   * and in the issuer's `audience` (any of these when the issuer's check is off). When none of these is
   * among the issuer's audiences, every token is refused with `audience_mismatch`.
   */
  readonly audience?: string | readonly string[];
  /**
   * Keeps a background key refresh this call starts alive after the response is sent: pass
   * `ctx.waitUntil.bind(ctx)` on Cloudflare Workers, which otherwise cancels it (there, without it,
   * a call after expiry waits for the refetch). Not needed on Node, Deno or Bun.
   */
  readonly waitUntil?: (task: Promise<unknown>) => void;
}

/**
 * Anything `authenticate()` can read a token from: a Web `Request`, a Node request, or `{ headers, url, method }`
 * (`url` absolute or path-and-query, needed for the query parameter and, absolute, for a DPoP proof's
 * `htu`; `method` for its `htm`), or the headers alone.
 */
export type HeadersInput = { readonly headers: HeadersLike; readonly url?: string; readonly method?: string } | HeadersLike;

/** Web `Headers`, or a Node-style header record whose values may be arrays (use `req.headersDistinct` to see duplicates). */
export type HeadersLike = { get(name: string): string | null } | Readonly<Record<string, string | readonly string[] | undefined>>;
