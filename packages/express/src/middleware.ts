/** The middleware: read the headers, call core, set `req.auth`, answer failures with core's response. */

import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { authorizationFromRawHeaders, compileRequirement, toErrorResponse, toTokenwardError, type RouteRequirement, type VerifiedToken, type Verifier } from '@tokenward/core';
import { mount, type ExpressAuthOptions, type Mounted } from './options.js';

/** A per-route requirement; a check receives the Express `req` as its context. */
export type ExpressRequirement = RouteRequirement<Request>;

// What tokenward() leaves on a request, under a symbol no other code can reach: the last tokenward() the
// request went through (authorize() answers failures with its settings), and the token it verified with
// which verifier (a second tokenward() with the same verifier does not verify again).
const STATE = Symbol('tokenward');

interface RequestState {
  mounted: Mounted;
  token?: VerifiedToken;
  verifier?: Verifier;
}

type TrackedRequest = Request & { [STATE]?: RequestState };

function stateOf(req: Request): RequestState | undefined {
  return (req as TrackedRequest)[STATE];
}

async function identify(auth: Mounted, req: Request, optional: boolean): Promise<VerifiedToken | undefined> {
  const earlier = req.auth;
  const state = stateOf(req);
  if (earlier !== undefined && state?.token === earlier && state.verifier === auth.verifier) return earlier;
  // `req.headers.authorization` keeps only the first of two Authorization headers; core must see both (400).
  // The fallback is for request objects that only imitate Node's.
  const headers = Array.isArray(req.rawHeaders) ? authorizationFromRawHeaders(req.rawHeaders) : req.headers;
  const token = optional ? await auth.verifier.authenticateIfPresent(headers) : await auth.verifier.authenticate(headers);
  if (token !== undefined) {
    if (state !== undefined) {
      state.token = token;
      state.verifier = auth.verifier;
    }
    req.auth = token;
  }
  return token;
}

async function fail(auth: Mounted, error: unknown, req: Request, res: Response, next: NextFunction): Promise<void> {
  // Core rejects only with tokenward errors and compileRequirement normalises checks; this only narrows the type.
  const failure = toTokenwardError(error);
  if (auth.onError === 'next') return next(failure);
  if (auth.onError !== 'respond') return auth.onError(failure, req, res, next);
  const { status, headers, body } = toErrorResponse(failure, { realm: auth.realm, includeDescription: auth.includeDescription });
  res.status(status).set(headers).json(body);
}

// Express 4 ignores returned promises: every outcome ends in next() or a response, and whatever throws
// after that (next() itself, an onError) goes to next(error), as Express does for a synchronous handler.
function run(auth: Mounted, req: Request, res: Response, next: NextFunction, step: () => Promise<void>): void {
  step()
    .then(() => next(), (error: unknown) => fail(auth, error, req, res, next))
    .catch(next);
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
  const auth = mount(options);
  const check = compileRequirement(requirement);
  // A requirement needs a user, so it makes the token required even with `optional`.
  const optional = auth.optional && check === undefined;
  return (req, res, next) => {
    const state = stateOf(req);
    if (state === undefined) (req as TrackedRequest)[STATE] = { mounted: auth };
    else state.mounted = auth;
    run(auth, req, res, next, async () => {
      const token = await identify(auth, req, optional);
      // Requirement options answer synchronously: await only a check that returned a promise.
      const checked = check !== undefined && token !== undefined ? check(token, req) : undefined;
      if (checked !== undefined) await checked;
    });
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
  const check = compileRequirement(requirement);
  if (check === undefined) throw new TypeError('tokenward: express: authorize(requirement) needs a requirement');
  return (req, res, next) => {
    const auth = stateOf(req)?.mounted;
    // A wiring mistake, not the client's fault: Express answers 500.
    if (auth === undefined) return next(new Error('tokenward: express: authorize() found no tokenward() in front of it'));
    run(auth, req, res, next, async () => {
      const token = await identify(auth, req, false);
      const checked = token !== undefined ? check(token, req) : undefined;
      if (checked !== undefined) await checked;
    });
  };
}
