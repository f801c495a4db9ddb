/** Builds the verifier once per isolate and warms its keys on the first request, in the background. */

import { createVerifier, type AuthenticateOptions, type TokenLocation, type TokenwardErrorUnion } from '@tokenward/core';
import { ANSWER_SETTING_RULES, defineAdapterOptions, TOKEN_LOCATION_SETTING_RULES, type VerifierSource } from '@tokenward/core/adapter';

/**
 * Your answer to a failure, given the tokenward error, the request and core's RFC 6750 response:
 * return a `Response` to send it, or nothing to send core's. What it throws propagates to the runtime.
 */
export type WorkersErrorHandler = (
  error: TokenwardErrorUnion,
  request: Request,
  response: Response,
) => Response | undefined | void | Promise<Response | undefined | void>;

/** What the adapter adds to a verifier: how failures are answered, and whether keys are warmed. */
export interface AdapterSettings {
  /** `realm` of the `WWW-Authenticate` challenge. Left out by default. */
  readonly realm?: string;
  /** Put the error's message in `error_description`. Default `true` (see core's `toErrorResponse`). */
  readonly includeDescription?: boolean;
  /**
   * On the isolate's first request, fetch every issuer's keys in the background (`ctx.waitUntil`), so a
   * first request without a token, or one for another issuer, still leaves the keys cached. Default `true`.
   */
  readonly warm?: boolean;
  /** Replaces core's error response (both entry points; in Hono it becomes the `HTTPException`'s response). Default: none. */
  readonly onError?: WorkersErrorHandler;
  /**
   * Where else the token may be: `{ cookie: '<name>' }`, `{ query: true }` (`access_token`, for
   * WebSocket upgrades and `EventSource`). Default: the Authorization header only. A token in two places is 400.
   */
  readonly tokenLocation?: TokenLocation;
}

/** A ready verifier or the options to create one, plus the adapter's settings. */
export type AuthConfig = VerifierSource & AdapterSettings;

/**
 * The config itself (the verifier is created at once, at module scope), or a function of the Worker's
 * `env` (called on the first request; its result is kept for the isolate's lifetime).
 */
export type WorkersAuthOptions<Env = unknown> = AuthConfig | ((env: Env) => AuthConfig);

/** The part of Workers' `ExecutionContext` the adapter uses. */
export interface WaitUntilContext {
  waitUntil(promise: Promise<unknown>): void;
}

const resolve = defineAdapterOptions<AdapterSettings>({
  adapter: 'workers',
  createVerifier,
  settings: { ...ANSWER_SETTING_RULES, ...TOKEN_LOCATION_SETTING_RULES, warm: 'boolean', onError: 'function' },
});

/** The verifier and settings of one options object, for the isolate's lifetime. */
export type IsolateAuth = ReturnType<typeof resolve>;

/**
 * The call options: the `tokenLocation` setting, and a `waitUntil` that lets a key refresh the request
 * starts outlive its response (Workers cancel unfinished work once a request is answered, unless
 * `ctx.waitUntil` was told about it).
 */
export function callOptionsOf(auth: IsolateAuth, ctx: WaitUntilContext | undefined): AuthenticateOptions | undefined {
  if (ctx === undefined || typeof ctx.waitUntil !== 'function') return auth.authenticateOptions;
  return { ...auth.authenticateOptions, waitUntil: (task) => ctx.waitUntil(task) };
}

type Acquire<Env> = (env: Env, ctx: WaitUntilContext | undefined) => IsolateAuth;

// Keyed by the options object or function, so every wrapper given the same one shares one verifier and key cache.
const shared = new WeakMap<object, Acquire<never>>();

/**
 * Returns the per-request accessor. Module-scope state is per isolate in Workers, so the verifier (and
 * its key cache) outlives requests. Config mistakes throw here, or on the first request for an env
 * function (retried on the next request, not cached).
 */
export function isolateAuth<Env>(options: WorkersAuthOptions<Env>): Acquire<Env> {
  if ((typeof options !== 'object' || options === null) && typeof options !== 'function') {
    throw new TypeError(
      `tokenward: workers: options must be an object ({ issuers, ... } or { verifier, ... }) or a function of env returning one, found ${String(options)}`,
    );
  }
  const known = shared.get(options);
  if (known !== undefined) return known as Acquire<Env>;
  let resolved = typeof options === 'function' ? undefined : resolve(options);
  let warmed = false;
  const acquire: Acquire<Env> = (env, ctx) => {
    resolved ??= resolve((options as (env: Env) => AuthConfig)(env));
    if (!warmed && resolved.settings.warm !== false && ctx !== undefined) {
      warmed = true;
      // Fetches that outlive the response are cancelled unless the runtime is told to wait for them.
      // A failure is not this request's business: requests that need the keys report jwks_unavailable.
      ctx.waitUntil(resolved.verifier.warm().catch(() => undefined));
    }
    return resolved;
  };
  shared.set(options, acquire as Acquire<never>);
  return acquire;
}
