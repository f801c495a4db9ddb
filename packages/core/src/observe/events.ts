/**
 * What the verifier tells operators: outcomes, key fetches and the cache's decisions, to an `onEvent`
 * function and, on Node, to `node:diagnostics_channel` (where OpenTelemetry and APM agents listen).
 * No event carries a token, a claim value from one, or a URL's query.
 */

import type { ErrorCode } from '../shared/errors.js';

/** One `verify` or `authenticate` call, as it ended. */
export interface VerificationEvent {
  readonly type: 'verification';
  /** `'valid'`, or the error's code. */
  readonly outcome: 'valid' | ErrorCode;
  /** The configured issuer's `name` (`entra`, `auth0`, …) for a valid token; `undefined` when the token failed. */
  readonly issuer: string | undefined;
  /** The token cache (`tokenCache`) held the token: its signature was not checked again, unless its key changed. */
  readonly cached: boolean;
  readonly durationMs: number;
}

/** One request to a key source (JWKS, discovery, X.509 certificates), successful or not. */
export interface KeyFetchEvent {
  readonly type: 'key-fetch';
  /** The document and its URL without the query: `JWKS at https://login.example/keys`. */
  readonly source: string;
  readonly outcome: 'ok' | 'failed';
  readonly durationMs: number;
  /** Usable keys in the fetched set (0 for a failure). */
  readonly keys: number;
  /** Keys left out, each with why (a short RSA key, private members, a duplicate `kid`, …). */
  readonly skipped: ReadonlyArray<{ readonly kid: string | undefined; readonly reason: string }>;
  /** For a failure: what went wrong, in the words of `jwks_unavailable`'s message (no response text). */
  readonly error?: string;
  /** For a failure the server answered with an error status (`503`, `404`, …): that status. */
  readonly status?: number;
}

/** Expired keys still served because their refresh failed or is backing off (stale-if-error). */
export interface StaleKeysEvent {
  readonly type: 'stale-keys';
  readonly source: string;
  /** How long ago the served set expired. */
  readonly expiredForMs: number;
}

/** A token named an unknown `kid`, and no refetch was made: one was made too recently, or failures are backing off. */
export interface KeyRefetchRefusedEvent {
  readonly type: 'key-refetch-refused';
  readonly source: string;
  readonly reason: 'cooldown' | 'backoff';
}

/** A call to the shared key store (`jwks.store`) threw, rejected or timed out; the verifier went on without it. */
export interface StoreFailureEvent {
  readonly type: 'store-failure';
  readonly source: string;
  readonly operation: 'read' | 'write' | 'lock' | 'unlock';
}

export type TokenwardEvent = VerificationEvent | KeyFetchEvent | StaleKeysEvent | KeyRefetchRefusedEvent | StoreFailureEvent;

/** The `node:diagnostics_channel` channel names, one per event type. */
export const EVENT_CHANNELS: { readonly [Type in TokenwardEvent['type']]: `tokenward:${Type}` } = Object.freeze({
  verification: 'tokenward:verification',
  'key-fetch': 'tokenward:key-fetch',
  'stale-keys': 'tokenward:stale-keys',
  'key-refetch-refused': 'tokenward:key-refetch-refused',
  'store-failure': 'tokenward:store-failure',
});

/** A channel as `node:diagnostics_channel` has it: checked before an event is built, so no listener costs nothing. */
export interface EventChannel {
  readonly hasSubscribers: boolean;
  publish(message: unknown): void;
}

/** Where events go: `active` says whether anyone listens to events of a type now (subscribers come and go). */
export interface Observer {
  active(type: TokenwardEvent['type']): boolean;
  emit(event: TokenwardEvent): void;
}

const monotonic = (): number => globalThis.performance?.now() ?? Date.now();

/** Milliseconds on a monotonic clock, for durations (the verifier's `now` may be a test's fixed clock). */
export const elapsedSince = (started: number): number => monotonic() - started;
export const startTimer = monotonic;

/**
 * The observer of one verifier: its `onEvent`, and the platform's channels (Node's). A listener that
 * throws changes nothing: events are told after the fact and never decide anything.
 */
export function createObserver(
  onEvent: ((event: TokenwardEvent) => void) | undefined,
  channelOf: ((name: string) => EventChannel) | undefined,
): Observer {
  // A plain object, not a Map: `active` runs on every verification, and a property read is the cheapest lookup.
  const channels: Partial<Record<TokenwardEvent['type'], EventChannel>> = {};
  if (channelOf !== undefined) {
    for (const [type, name] of Object.entries(EVENT_CHANNELS)) channels[type as TokenwardEvent['type']] = channelOf(name);
  }
  return {
    active: (type) => onEvent !== undefined || channels[type]?.hasSubscribers === true,
    emit(event) {
      const frozen = Object.freeze(event);
      if (onEvent !== undefined) {
        try {
          onEvent(frozen);
        } catch {
          // A throwing listener changes nothing.
        }
      }
      const channel = channels[event.type];
      if (channel?.hasSubscribers === true) {
        try {
          channel.publish(frozen);
        } catch {
          // Nor does a throwing subscriber.
        }
      }
    },
  };
}

/** An observer with no listener, for caches built without a verifier (tests, static keys). */
export const SILENT: Observer = Object.freeze({ active: () => false, emit: () => undefined });
