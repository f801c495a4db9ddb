/**
 * Microsoft Entra's TokenIssuanceStart custom authentication extension: the event Entra posts when it is
 * about to issue a token, and the `provideClaimsForToken` answer it expects.
 */
import { FaunaTokenError } from './errors.js';

/** The application id of Microsoft's custom authentication extension service: the `azp`/`appid` of Entra's calls. */
export const CUSTOM_AUTH_EXTENSION_APP_ID = '99045fe1-7639-4a75-9d4a-577b6ca3810f';
export const TOKEN_ISSUANCE_START_TYPE = 'microsoft.graph.authenticationEvent.tokenIssuanceStart';
export const CALLOUT_DATA_TYPE = 'microsoft.graph.onTokenIssuanceStartCalloutData';
export const RESPONSE_DATA_TYPE = 'microsoft.graph.onTokenIssuanceStartResponseData';
export const PROVIDE_CLAIMS_ACTION = 'microsoft.graph.tokenIssuanceStart.provideClaimsForToken';
/** Largest event body read (Entra's events are a few KB). */
export const MAX_EVENT_BYTES = 65_536;

/** The user Entra is issuing a token for (a subset of Microsoft Graph's user; every field but `id` is optional). */
export interface EntraEventUser {
  /** Object id (GUID), unique within the tenant. */
  readonly id: string;
  /** Optional in Entra and not unique: two users can share it, many have none. */
  readonly mail?: string | null;
  readonly displayName?: string | null;
  readonly givenName?: string | null;
  readonly surname?: string | null;
  readonly userPrincipalName?: string | null;
  readonly userType?: string | null;
  readonly [field: string]: unknown;
}

export interface EntraServicePrincipal {
  readonly id?: string;
  readonly appId?: string;
  readonly appDisplayName?: string;
  readonly displayName?: string;
}

export interface TokenIssuanceStartEvent {
  readonly type: typeof TOKEN_ISSUANCE_START_TYPE;
  readonly source?: string;
  readonly data: {
    readonly '@odata.type': typeof CALLOUT_DATA_TYPE;
    readonly tenantId: string;
    readonly authenticationEventListenerId?: string;
    readonly customAuthenticationExtensionId?: string;
    readonly authenticationContext: {
      readonly correlationId?: string;
      readonly client?: { readonly ip?: string; readonly locale?: string; readonly market?: string };
      readonly protocol?: string;
      readonly clientServicePrincipal?: EntraServicePrincipal;
      readonly resourceServicePrincipal?: EntraServicePrincipal;
      readonly user: EntraEventUser;
    };
  };
}

/** Claim values Entra accepts from a custom claims provider. */
export type ProvidedClaims = Readonly<Record<string, string | readonly string[]>>;

export interface TokenIssuanceStartResponse {
  readonly data: {
    readonly '@odata.type': typeof RESPONSE_DATA_TYPE;
    readonly actions: readonly [{ readonly '@odata.type': typeof PROVIDE_CLAIMS_ACTION; readonly claims: ProvidedClaims }];
  };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function malformed(expected: string, found: string): FaunaTokenError {
  return new FaunaTokenError('event_malformed', `not a TokenIssuanceStart event: expected ${expected}, found ${found}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'none';
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  return Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
}

/** Parses and validates the body Entra posted (read once by the caller). Anything else is `event_malformed` (400). */
export function parseTokenIssuanceStart(body: string): TokenIssuanceStartEvent {
  if (body.length > MAX_EVENT_BYTES)
    throw new FaunaTokenError(
      'event_too_large',
      `the event is too large: expected at most ${MAX_EVENT_BYTES} bytes, found ${body.length} characters`,
    );
  let event: unknown;
  try {
    event = JSON.parse(body);
  } catch {
    throw malformed('a JSON body', body === '' ? 'an empty body' : 'no JSON');
  }
  if (!isObject(event)) throw malformed('a JSON object', describe(event));
  if (event.type !== TOKEN_ISSUANCE_START_TYPE) throw malformed(`type ${TOKEN_ISSUANCE_START_TYPE}`, describe(event.type));
  const data = event.data;
  if (!isObject(data)) throw malformed('a data object', describe(data));
  if (data['@odata.type'] !== CALLOUT_DATA_TYPE) throw malformed(`data["@odata.type"] ${CALLOUT_DATA_TYPE}`, describe(data['@odata.type']));
  if (typeof data.tenantId !== 'string' || !GUID.test(data.tenantId)) throw malformed('data.tenantId as a GUID', describe(data.tenantId));
  const context = data.authenticationContext;
  if (!isObject(context)) throw malformed('data.authenticationContext', describe(context));
  const user = context.user;
  if (!isObject(user)) throw malformed('data.authenticationContext.user', describe(user));
  if (typeof user.id !== 'string' || !GUID.test(user.id)) throw malformed("the user's object id (user.id) as a GUID", describe(user.id));
  if (user.mail !== undefined && user.mail !== null && typeof user.mail !== 'string')
    throw malformed('user.mail as a string or null', describe(user.mail));
  return event as unknown as TokenIssuanceStartEvent;
}

/** The answer Entra expects: one `provideClaimsForToken` action with the claims. */
export function claimsResponse(claims: ProvidedClaims): TokenIssuanceStartResponse {
  return {
    data: {
      '@odata.type': RESPONSE_DATA_TYPE,
      actions: [{ '@odata.type': PROVIDE_CLAIMS_ACTION, claims }],
    },
  };
}

/** How the identity document is keyed. */
export type IdentityKey = 'object-id' | 'email' | ((user: EntraEventUser, event: TokenIssuanceStartEvent) => string | undefined);

/**
 * The user's identifier. `'object-id'` (default): `<tenant id>:<object id>`, lower case — stable and
 * unique. `'email'`: `mail`, trimmed and lower-cased; optional and not unique in Entra, so only for
 * directories that guarantee it. A user without one gets `identifier_missing`, never an empty document.
 */
export function identifierFor(key: IdentityKey, event: TokenIssuanceStartEvent): string {
  const user = event.data.authenticationContext.user;
  let value: unknown;
  if (key === 'object-id') value = `${event.data.tenantId.toLowerCase()}:${user.id.toLowerCase()}`;
  else if (key === 'email') value = typeof user.mail === 'string' ? user.mail.trim().toLowerCase() : undefined;
  else value = key(user, event);
  if (typeof value !== 'string' || value.trim() === '') {
    throw new FaunaTokenError(
      'identifier_missing',
      `the user has no identifier: expected ${key === 'email' ? 'a mail address' : 'a non-empty identifier'}, found none; no identity document was created`,
    );
  }
  return value;
}
