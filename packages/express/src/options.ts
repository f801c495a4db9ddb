/** The middleware's options: checked once per options object, which gets one verifier. */

import type { NextFunction, Request, Response } from 'express';
import { createVerifier, type TokenLocation, type TokenwardErrorUnion } from '@tokenward/core';
import { ANSWER_SETTING_RULES, defineAdapterOptions, TOKEN_LOCATION_SETTING_RULES, type VerifierSource } from '@tokenward/core/adapter';

/** Your answer to a failure: send a response, or call `next(error)`. What it throws goes to `next`. */
export type TokenwardErrorHandler = (error: TokenwardErrorUnion, req: Request, res: Response, next: NextFunction) => void | Promise<void>;

/** What the adapter adds to a verifier: how failures are answered, and whether a token is required. */
export interface ExpressSettings {
  /** `realm` of the `WWW-Authenticate` challenge. Left out by default. */
  readonly realm?: string;
  /** Put the error's message in `error_description`. Default `true` (see core's `toErrorResponse`). */
  readonly includeDescription?: boolean;
  /** A request without a token proceeds with `req.auth` undefined; a bad token is still rejected. Default `false`. */
  readonly optional?: boolean;
  /**
   * `'respond'` (default): answer with core's RFC 6750 response. `'next'`: call `next(error)` with the
   * tokenward error, for your Express error handler. A function: your own answer.
   */
  readonly onError?: 'respond' | 'next' | TokenwardErrorHandler;
  /**
   * Where else the token may be: `{ cookie: '<name>' }`, `{ query: true }` (`access_token`). Default: the
   * Authorization header only (or the verifier's own `tokenLocation`). A token in two places is 400.
   */
  readonly tokenLocation?: TokenLocation;
}

/** A ready verifier or the options to create one, plus the adapter's settings. */
export type ExpressAuthOptions = VerifierSource & ExpressSettings;

export const resolveOptions = defineAdapterOptions<ExpressSettings>({
  adapter: 'express',
  createVerifier,
  settings: {
    ...ANSWER_SETTING_RULES,
    ...TOKEN_LOCATION_SETTING_RULES,
    optional: 'boolean',
    onError: { oneOf: ['respond', 'next'], orFunction: true },
  },
});

export type Mounted = ReturnType<typeof resolveOptions>;
