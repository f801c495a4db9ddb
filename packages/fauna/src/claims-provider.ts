/**
 * The Entra custom claims provider, framework-agnostic: authenticate Entra's call, validate the event,
 * mint a Fauna token for the user, answer with the claim — all within the extension's time budget.
 */
import {
  createVerifier,
  entra,
  toErrorResponse,
  toTokenwardError,
  type EntraExternalOptions,
  type HeadersLike,
  type TokenwardErrorUnion,
  type Verifier,
  type VerifiedToken,
} from '@tokenward/core';
import type { Client } from 'fauna';
import { createFaunaClient, type FaunaClientOptions } from './client.js';
import { createDeadline, type Deadline } from './deadline.js';
import { ENTRA_CALLER_CHECKS } from './entra-caller.js';
import {
  claimsResponse,
  identifierFor,
  MAX_EVENT_BYTES,
  parseTokenIssuanceStart,
  type EntraEventUser,
  type IdentityKey,
  type ProvidedClaims,
  type TokenIssuanceStartEvent,
} from './entra-event.js';
import { FaunaTokenError, toFaunaTokenError } from './errors.js';
import { schemaExistsQuery, type FqlArgument } from './fql.js';
import { mintWith, resolveMintSettings, type MintedToken, type MintSettings } from './mint.js';
import { invalidClaims } from './provided-claims.js';
import { readBodyWithin, type BodySource } from './read-body.js';

export const DEFAULT_CLAIM_NAME = 'FaunaTokenSecret';
export const DEFAULT_TIMEOUT_MS = 1000;
/** Entra limits what a custom claims provider may return; larger answers are refused. */
export const DEFAULT_MAX_CLAIMS_BYTES = 3072;

/** What to do when no Fauna token can be minted for an authenticated, well-formed event. */
export type FailurePolicy =
  /** Answer 5xx: Entra fails the sign-in. The app never sees a token without the claim. */
  | 'fail'
  /** Answer 200 without the claim: the user signs in, and the app must handle a token without it. */
  | 'omit-claim';

export interface ClaimsProviderOptions extends MintSettings {
  /** Your tenant id (GUID): Entra's calls must come from its issuer. Required unless `verifier` is given. */
  readonly tenantId?: string;
  /** The custom authentication extension's app registration: its client id and/or App ID URI, as in `aud`. Required unless `verifier` is given. */
  readonly audience?: string | readonly string[];
  /** Entra authority for national clouds, or a local issuer in tests. With `external`, where keys are fetched from. */
  readonly authority?: string;
  /** An External ID (CIAM) tenant: its `ciamlogin.com` subdomain. Entra's calls then carry `https://{tenantId}.ciamlogin.com/{tenantId}/v2.0` as issuer. */
  readonly external?: EntraExternalOptions;
  /** Your own verifier instead of `tenantId`/`audience`. The calling-application check is still applied. */
  readonly verifier?: Verifier;
  /** The shared Fauna client, or options to create one (sized to `timeoutMs`). */
  readonly fauna: Client | FaunaClientOptions;
  /** How the identity document is keyed. Default `'object-id'` (`<tenant id>:<object id>`). */
  readonly identity?: IdentityKey;
  /** Fields written when the identity document is first created (never on later sign-ins). Default: none. */
  readonly documentFields?: (user: EntraEventUser, event: TokenIssuanceStartEvent) => Readonly<Record<string, FqlArgument>>;
  /** The claim that carries the Fauna token's secret. Default `'FaunaTokenSecret'`. */
  readonly claimName?: string;
  /** More claims from the minted token, e.g. `({ expiresAt }) => ({ FaunaTokenExpiresAt: expiresAt })`. */
  readonly extraClaims?: (minted: MintedToken, event: TokenIssuanceStartEvent) => ProvidedClaims;
  /** The extension's timeout in Entra (200–2000 ms). The answer is sent before it. Default `1000`. */
  readonly timeoutMs?: number;
  /** Default `'fail'`. See the README. */
  readonly onFailure?: FailurePolicy;
  /** Told about every failure (never given a secret), for your logs. */
  readonly onError?: (error: FaunaTokenError | TokenwardErrorUnion, details: { readonly event?: TokenIssuanceStartEvent }) => void;
  /** Largest claims answer in bytes. Default `3072`. */
  readonly maxClaimsBytes?: number;
  /**
   * The id of your custom authentication extension (GUID): events naming another one
   * (`data.customAuthenticationExtensionId`) are refused with 400. Default: not checked.
   */
  readonly customAuthenticationExtensionId?: string;
  /**
   * Client applications (app ids, GUIDs) whose sign-ins get a Fauna token: a sign-in to any other
   * (`authenticationContext.clientServicePrincipal.appId`) is refused with 403 `client_not_allowed`, and
   * nothing is minted. Default: every application the provider is assigned to.
   */
  readonly allowedClientApps?: readonly string[];
}

/** What the provider answers, for any framework. `body` is JSON. */
export interface ClaimsProviderResult {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** What went wrong, when something did (also when the claim was omitted under `'omit-claim'`). */
  readonly error?: FaunaTokenError | TokenwardErrorUnion;
  /** The minted token's metadata (no secret), when one was minted. */
  readonly minted?: Omit<MintedToken, 'secret'>;
}

/**
 * What `handle` reads: a Web `Request`, an Azure Functions `HttpRequest`, or anything with headers and a
 * text body. When `body` is a stream it is read, and reading stops at 64 KiB (`text()` cannot stop early).
 */
export interface ClaimsRequest extends BodySource {
  readonly headers: HeadersLike;
}

export interface ClaimsProvider {
  /** Answers one call from Entra. Never throws. */
  handle(request: ClaimsRequest): Promise<ClaimsProviderResult>;
  /** Web `Request` → `Response` (Workers, Deno, Bun, Node's fetch servers, Hono). */
  fetch(request: Request): Promise<Response>;
  /** Fetches Entra's keys and checks that the identity collection exists, so the first sign-in is fast. */
  warm(): Promise<void>;
  /** Closes the Fauna client when the provider created it. */
  close(): void;
}

const OPTIONS = [
  'tenantId',
  'audience',
  'authority',
  'external',
  'verifier',
  'fauna',
  'identity',
  'documentFields',
  'claimName',
  'extraClaims',
  'timeoutMs',
  'onFailure',
  'onError',
  'maxClaimsBytes',
  'customAuthenticationExtensionId',
  'allowedClientApps',
];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } as const;
const CLAIM_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;

function failure(error: FaunaTokenError, extra: Partial<ClaimsProviderResult> = {}): ClaimsProviderResult {
  return { status: error.status, headers: JSON_HEADERS, body: { error: error.code, error_description: error.message }, error, ...extra };
}

function headerOf(headers: HeadersLike, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function')
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  const value = (headers as Readonly<Record<string, string | readonly string[] | undefined>>)[name];
  return typeof value === 'string' ? value : value?.[0];
}

function byteLength(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}

function resolve(options: ClaimsProviderOptions) {
  if (typeof options !== 'object' || options === null)
    throw new TypeError('tokenward: fauna: createClaimsProvider(options) needs an options object');
  const {
    tenantId,
    audience,
    authority,
    external,
    verifier: given,
    fauna,
    identity = 'object-id',
    documentFields,
    claimName = DEFAULT_CLAIM_NAME,
    extraClaims,
    timeoutMs = DEFAULT_TIMEOUT_MS,
    onFailure = 'fail',
    onError,
    maxClaimsBytes = DEFAULT_MAX_CLAIMS_BYTES,
    customAuthenticationExtensionId,
    allowedClientApps,
    ...mint
  } = options;
  if (
    customAuthenticationExtensionId !== undefined &&
    (typeof customAuthenticationExtensionId !== 'string' || !GUID.test(customAuthenticationExtensionId))
  ) {
    throw new TypeError("tokenward: fauna: customAuthenticationExtensionId must be the extension's id, a GUID");
  }
  if (
    allowedClientApps !== undefined &&
    (!Array.isArray(allowedClientApps) ||
      allowedClientApps.length === 0 ||
      !allowedClientApps.every((app) => typeof app === 'string' && GUID.test(app)))
  ) {
    throw new TypeError('tokenward: fauna: allowedClientApps must be a non-empty list of application (client) ids, GUIDs');
  }
  const pins = {
    extensionId: customAuthenticationExtensionId?.toLowerCase(),
    clientApps: allowedClientApps === undefined ? undefined : new Set(allowedClientApps.map((app) => app.toLowerCase())),
  };
  const settings = resolveMintSettings(mint, OPTIONS);
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 200 || timeoutMs > 2000) {
    throw new TypeError("tokenward: fauna: timeoutMs must be the extension's timeout in Entra, 200 to 2000 ms");
  }
  if (onFailure !== 'fail' && onFailure !== 'omit-claim') throw new TypeError("tokenward: fauna: onFailure must be 'fail' or 'omit-claim'");
  if (identity !== 'object-id' && identity !== 'email' && typeof identity !== 'function')
    throw new TypeError("tokenward: fauna: identity must be 'object-id', 'email' or a function");
  if (typeof claimName !== 'string' || !CLAIM_NAME.test(claimName))
    throw new TypeError('tokenward: fauna: claimName must be a claim name ([A-Za-z_][A-Za-z0-9_.-]*)');
  for (const [name, value] of [
    ['documentFields', documentFields],
    ['extraClaims', extraClaims],
    ['onError', onError],
  ] as const) {
    if (value !== undefined && typeof value !== 'function') throw new TypeError(`tokenward: fauna: ${name} must be a function`);
  }
  if (!Number.isInteger(maxClaimsBytes) || maxClaimsBytes < 256)
    throw new TypeError('tokenward: fauna: maxClaimsBytes must be an integer of at least 256');

  let verifier: Verifier;
  if (given !== undefined) {
    if (tenantId !== undefined || audience !== undefined || authority !== undefined || external !== undefined)
      throw new TypeError('tokenward: fauna: give either verifier or tenantId/audience/authority/external, not both');
    if (typeof given !== 'object' || given === null || typeof given.authenticate !== 'function')
      throw new TypeError('tokenward: fauna: verifier must come from createVerifier()');
    verifier = given;
  } else {
    if (audience === undefined)
      throw new TypeError(
        "tokenward: fauna: audience must name the custom authentication extension's app registration (its client id or App ID URI)",
      );
    verifier = createVerifier({
      issuers: entra({
        tenantId: tenantId ?? '',
        audience,
        ...(authority === undefined ? {} : { authority }),
        ...(external === undefined ? {} : { external }),
      }),
      // Keys must arrive within the budget; stale keys keep working through an outage (core's default).
      jwks: { timeoutMs },
      // Entra calls a custom extension with an app-only Bearer token, never DPoP: nothing to offer it.
      dpop: { mode: 'off' },
    });
  }
  if (typeof fauna !== 'object' || fauna === null)
    throw new TypeError('tokenward: fauna: fauna must be a Client from the fauna driver or { endpoint, secret }');
  const ownsClient = !('query' in fauna && typeof fauna.query === 'function');
  const client: Client = ownsClient
    ? createFaunaClient({ queryTimeoutMs: timeoutMs, ...(fauna as FaunaClientOptions) })
    : (fauna as Client);
  return {
    settings,
    verifier,
    client,
    ownsClient,
    identity,
    documentFields,
    claimName,
    extraClaims,
    timeoutMs,
    onFailure,
    onError,
    maxClaimsBytes,
    pins,
  };
}

/**
 * Creates the claims provider once, at module scope (config mistakes throw a `TypeError` here): one
 * verifier, one warm Fauna client. `handle`/`fetch` answer each call from Entra.
 *
 * @example
 * const provider = createClaimsProvider({
 *   tenantId: process.env.TENANT_ID!,
 *   audience: process.env.EXTENSION_APP_ID!,
 *   fauna: { endpoint: process.env.FAUNA_ENDPOINT!, secret: process.env.FAUNA_SECRET! },
 * });
 * export default { fetch: (request: Request) => provider.fetch(request) };
 */
export function createClaimsProvider(options: ClaimsProviderOptions): ClaimsProvider {
  const config = resolve(options);
  // Leave time for the answer to travel back to Entra.
  const budget = config.timeoutMs - Math.min(100, Math.round(config.timeoutMs / 4));

  const report = (error: FaunaTokenError | TokenwardErrorUnion, event?: TokenIssuanceStartEvent): void => {
    try {
      config.onError?.(error, event === undefined ? {} : { event });
    } catch {
      // A failing logger must not change the answer.
    }
  };

  const mintFailed = (error: FaunaTokenError, event: TokenIssuanceStartEvent): ClaimsProviderResult => {
    report(error, event);
    if (config.onFailure === 'fail') return failure(error);
    return { status: 200, headers: JSON_HEADERS, body: claimsResponse({}), error };
  };

  function checkPins(event: TokenIssuanceStartEvent): void {
    const { extensionId, clientApps } = config.pins;
    if (extensionId !== undefined) {
      const found = event.data.customAuthenticationExtensionId;
      if (typeof found !== 'string' || found.toLowerCase() !== extensionId) {
        throw new FaunaTokenError(
          'event_malformed',
          `the event is from another custom authentication extension: expected ${extensionId}, found ${typeof found === 'string' ? found.slice(0, 40) : 'none'}`,
        );
      }
    }
    if (clientApps !== undefined) {
      const found = event.data.authenticationContext.clientServicePrincipal?.appId;
      if (typeof found !== 'string' || !clientApps.has(found.toLowerCase())) {
        throw new FaunaTokenError(
          'client_not_allowed',
          `the sign-in is to a client application not in allowedClientApps: expected one of ${[...clientApps].join(', ')}, found ${typeof found === 'string' ? found.slice(0, 40) : 'none'}`,
        );
      }
    }
  }

  async function authenticate(request: ClaimsRequest, deadline: Deadline): Promise<VerifiedToken | ClaimsProviderResult> {
    try {
      return await deadline.race(config.verifier.authenticate(request, { checks: ENTRA_CALLER_CHECKS }), 'authenticating the caller');
    } catch (error) {
      if (error instanceof FaunaTokenError) {
        report(error);
        return failure(error);
      }
      const typed = toTokenwardError(error);
      report(typed);
      const { status, headers, body } = toErrorResponse(typed);
      // One spelling for every answer: lower-case header names (HTTP/2 requires them anyway).
      return {
        status,
        headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])),
        body,
        error: typed,
      };
    }
  }

  async function handle(request: ClaimsRequest): Promise<ClaimsProviderResult> {
    const deadline = createDeadline(budget);
    const caller = await authenticate(request, deadline);
    if (!('claims' in caller)) return caller;

    let event: TokenIssuanceStartEvent;
    try {
      const body = await readBodyWithin(request, headerOf(request.headers, 'content-length'), MAX_EVENT_BYTES, deadline);
      event = parseTokenIssuanceStart(body);
      if (caller.principal.tenantId?.toLowerCase() !== event.data.tenantId.toLowerCase()) {
        throw new FaunaTokenError(
          'event_malformed',
          `the event is for another tenant: expected ${caller.principal.tenantId ?? "the caller's tenant"}, found ${event.data.tenantId}`,
        );
      }
      checkPins(event);
    } catch (error) {
      const typed = toFaunaTokenError(error);
      report(typed);
      return failure(typed);
    }

    let minted: MintedToken;
    try {
      const identifier = identifierFor(config.identity, event);
      // Your callbacks run outside the Fauna error mapping: what they throw is answered as internal_error.
      const fields = config.documentFields?.(event.data.authenticationContext.user, event) ?? {};
      minted = await mintWith(config.client, config.settings, { identifier, fields, tokenData: { source: 'entra' } }, deadline);
    } catch (error) {
      if (!(error instanceof FaunaTokenError)) throw error;
      return mintFailed(error, event);
    }
    const { secret: _secret, ...metadata } = minted;
    const extra: unknown = config.extraClaims?.(minted, event) ?? {};
    const invalid = invalidClaims(extra);
    if (invalid !== undefined) return { ...mintFailed(new FaunaTokenError('claims_invalid', invalid), event), minted: metadata };
    const claims: ProvidedClaims = { ...(extra as ProvidedClaims), [config.claimName]: minted.secret };
    const response = claimsResponse(claims);
    const size = byteLength(response);
    if (size > config.maxClaimsBytes) {
      return {
        ...mintFailed(
          new FaunaTokenError(
            'claims_too_large',
            `the claims answer is too large for Entra: expected at most ${config.maxClaimsBytes} bytes, found ${size}`,
          ),
          event,
        ),
        minted: metadata,
      };
    }
    return { status: 200, headers: JSON_HEADERS, body: response, minted: metadata };
  }

  return {
    async handle(request) {
      try {
        return await handle(request);
      } catch (error) {
        // Anything unexpected (a throwing documentFields, say) is still an answer, never a crash.
        const typed =
          error instanceof FaunaTokenError
            ? error
            : new FaunaTokenError('internal_error', 'the claims provider failed unexpectedly (did documentFields or extraClaims throw?)', {
                cause: error,
              });
        report(typed);
        return failure(typed);
      }
    },
    async fetch(request) {
      const { status, headers, body } = await this.handle(request);
      return new Response(JSON.stringify(body), { status, headers });
    },
    async warm() {
      await config.verifier.warm();
      let exists: boolean;
      try {
        exists = (await config.client.query(schemaExistsQuery(config.settings))).data === true;
      } catch (error) {
        throw toFaunaTokenError(error);
      }
      if (!exists)
        throw new FaunaTokenError(
          'fauna_query_failed',
          `the identity collection ${config.settings.collection} does not exist: create it (see ensureIdentitySchema or the README's FSL)`,
        );
    },
    close() {
      if (config.ownsClient) config.client.close();
    },
  };
}
