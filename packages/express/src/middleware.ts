/** The middleware: read the headers, call core, set `req.auth`, answer failures with core's response. */

import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { TokenwardErrorUnion, VerifiedToken, Verifier } from '@tokenward/core';
import {
  answerFailure,
  compileNeededRequirement,
  compileRequirement,
  nodeRequestInput,
  successHeaders,
  type CompiledRequirement,
  type RouteRequirement,
} from '@tokenward/core/adapter';
import { resolveOptions, type ExpressAuthOptions, type Mounted } from './options.js';

/** A per-route requirement; a check receives the Express `req` as its context. */
export type ExpressRequirement = RouteRequirement<Request>;

// What tokenward() leaves on a request, under a symbol no other code can reach: the last tokenward() the
// request went through (authorize() answers failures with its settings), and the token it verified with
// which verifier (a second tokenward() with the same verifier does not verify again).
const STATE = Symbol('tokenward');

interface RequestState {
  mounted: Mounted;
  token: VerifiedToken | undefined;
  verifier: Verifier | undefined;
}

type TrackedRequest = Request & { [STATE]?: RequestState };

// Express moves every request onto its app's prototype, after which V8 gives each request object hidden
// classes of its own: every property read of `req` takes the slow path (about 0.4 µs; a missing one is
// looked up through Express's whole prototype chain) and every property added builds a new hidden class
// (about 1.5 µs, and garbage for the old generation). So the adapter adds two properties (this state and
// `req.auth`), reads `req.rawHeaders` once, and looks for the state with hasOwn, which reads `req` alone.
// A WeakMap keyed by `req` measured slower still, through the garbage collector.
function stateOf(req: Request): RequestState | undefined {
  return Object.hasOwn(req, STATE) ? (req as TrackedRequest)[STATE] : undefined;
}

function enter(req: Request, auth: Mounted): RequestState {
  const state = stateOf(req);
  if (state !== undefined) {
    state.mounted = auth;
    return state;
  }
  const fresh: RequestState = { mounted: auth, token: undefined, verifier: undefined };
  (req as TrackedRequest)[STATE] = fresh;
  return fresh;
}

/** The token an earlier tokenward() verified with the same verifier, unless `req.auth` was replaced since. */
function verifiedEarlier(auth: Mounted, req: Request, state: RequestState): VerifiedToken | undefined {
  if (state.token === undefined || state.verifier !== auth.verifier) return undefined;
  return req.auth === state.token ? state.token : undefined;
}

async function verify(
  auth: Mounted,
  req: Request,
  res: Response,
  state: RequestState,
  optional: boolean,
): Promise<VerifiedToken | undefined> {
  // Every Authorization line (`req.headers.authorization` keeps only the first of two, and core must see
  // both: 400), the cookies and the URL, for a token location beyond the header.
  // The method and whether the socket is TLS, for a DPoP proof's htm and htu (never X-Forwarded-*).
  const input = nodeRequestInput(req.rawHeaders, req.headers, req.originalUrl, {
    method: req.method,
    encrypted: (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true,
  });
  const { verifier } = auth;
  const token = optional
    ? await verifier.authenticateIfPresent(input, auth.authenticateOptions)
    : await verifier.authenticate(input, auth.authenticateOptions);
  if (token !== undefined) {
    state.token = token;
    state.verifier = verifier;
    req.auth = token;
    const headers = successHeaders(token);
    if (headers !== undefined && !res.headersSent) res.set(headers);
  }
  return token;
}

async function fail(auth: Mounted, error: unknown, req: Request, res: Response, next: NextFunction): Promise<void> {
  const { onError = 'respond' } = auth.settings;
  const { failure, response } = answerFailure(error, auth.settings);
  if (onError === 'next') return next(withResponseHeaders(failure, response.headers));
  if (onError !== 'respond') return onError(failure, req, res, next);
  res.status(response.status).set(response.headers).json(response.body);
}

/**
 * The error handed to `next()` carries its answer's headers (the challenge, `Cache-Control`, `Retry-After`)
 * as `headers`, which Express's default error handler sets on its response, so even an app without an
 * error handler of its own answers a token failure with its `WWW-Authenticate` challenge. Not
 * enumerable: the error logs as before. The body's content type is the handler's own.
 */
function withResponseHeaders(failure: TokenwardErrorUnion, headers: Readonly<Record<string, string>>): TokenwardErrorUnion {
  const { 'Content-Type': _contentType, ...rest } = headers;
  if (!Object.hasOwn(failure, 'headers')) Object.defineProperty(failure, 'headers', { value: rest, enumerable: false, configurable: true });
  return failure;
}

/**
 * Verifies (or reuses) the token, checks the requirement, then calls next() or answers the failure.
 * Express 4 ignores returned promises, so this never rejects: whatever throws after the outcome
 * (next() itself, an onError) goes to next(error), as Express does for a synchronous handler.
 */
async function guard(
  auth: Mounted,
  check: CompiledRequirement<Request> | undefined,
  optional: boolean,
  state: RequestState,
  req: Request,
  res: Response,
  next: NextFunction,
): Promise<void> {
  try {
    const token = verifiedEarlier(auth, req, state) ?? (await verify(auth, req, res, state, optional));
    // Requirement options answer synchronously: await only a check that returned a promise.
    const checked = check !== undefined && token !== undefined ? check(token, req) : undefined;
    if (checked !== undefined) await checked;
  } catch (error) {
    try {
      await fail(auth, error, req, res, next);
    } catch (failure) {
      next(failure);
    }
    return;
  }
  try {
    next();
  } catch (error) {
    next(error);
  }
}

/**
 * Verifies the request's Bearer token, checks the optional requirement and sets `req.auth`. Every
 * tokenward() given the same options object shares one verifier; behind another one with the same
 * verifier it does not verify again. With `optional: true` and no requirement, a request without a
 * token proceeds with `req.auth` undefined. Config mistakes throw a `TypeError` here.
 *
 * @example
 * const auth = { issuers: [entra({ tenantId, audience: 'api://orders' })], realm: 'orders' };
 * app.use('/api', tokenward(auth));
 * app.get('/api/orders', authorize({ scopes: 'Orders.Read' }), (req, res) => res.json({ subject: req.auth?.principal.subject }));
 */
export function tokenward(options: ExpressAuthOptions, requirement?: ExpressRequirement | null): RequestHandler {
  const auth = resolveOptions(options);
  const check = compileRequirement(requirement);
  // A requirement needs a user, so it makes the token required even with `optional`.
  const optional = auth.settings.optional === true && check === undefined;
  return (req, res, next) => {
    void guard(auth, check, optional, enter(req, auth), req, res, next);
  };
}

/**
 * A per-route requirement after `tokenward()`: scopes, roles, groups, token kind, an access policy or any
 * check `(token, req)`. Validated once, here (`TypeError` for mistakes). Failures are answered as the
 * `tokenward()` in front answers them; behind `optional: true` a request without a token gets 401.
 *
 * @example
 * app.get('/admin', authorize({ roles: 'Orders.Admin' }), (req, res) => res.json(req.auth?.principal));
 */
export function authorize(requirement: ExpressRequirement): RequestHandler {
  const check = compileNeededRequirement(requirement, 'express: authorize(requirement)');
  return (req, res, next) => {
    const state = stateOf(req);
    // A wiring mistake, not the client's fault: Express answers 500.
    if (state === undefined) return next(new Error('tokenward: express: authorize() found no tokenward() in front of it'));
    void guard(state.mounted, check, false, state, req, res, next);
  };
}
