/** Validates the options once and builds one verifier per options object, never per request. */

import type { NextFunction, Request, Response } from 'express';
import { verifierFrom, type TokenwardErrorUnion, type Verifier, type VerifierOptions } from '@tokenward/core';

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
}

/** A ready verifier or the options to create one, plus the adapter's settings. */
export type ExpressAuthOptions = (VerifierOptions | { readonly verifier: Verifier }) & ExpressSettings;

export interface Mounted {
  readonly verifier: Verifier;
  readonly realm: string | undefined;
  readonly includeDescription: boolean;
  readonly optional: boolean;
  readonly onError: NonNullable<ExpressSettings['onError']>;
}

const SETTINGS = { realm: 'string', includeDescription: 'boolean', optional: 'boolean' } as const;

// Keyed by the options object, so every tokenward() given the same one shares one verifier and key cache.
const mounted = new WeakMap<object, Mounted>();

export function mount(options: ExpressAuthOptions): Mounted {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('tokenward: express: options must be an object ({ issuers, ... } or { verifier, ... })');
  }
  const known = mounted.get(options);
  if (known !== undefined) return known;
  const { realm, includeDescription, optional, onError = 'respond', ...rest } = options;
  for (const [name, type] of Object.entries(SETTINGS)) {
    const value = options[name as keyof typeof SETTINGS];
    if (value !== undefined && typeof value !== type) throw new TypeError(`tokenward: express: ${name} must be a ${type}`);
  }
  if (onError !== 'respond' && onError !== 'next' && typeof onError !== 'function') {
    throw new TypeError("tokenward: express: onError must be 'respond', 'next' or a function (error, req, res, next)");
  }
  // Verifier options next to a ready verifier would be silently ignored.
  const extra = 'verifier' in rest ? Object.keys(rest).filter((name) => name !== 'verifier') : [];
  if (extra.length > 0)
    throw new TypeError(`tokenward: express: give either a verifier or verifier options, found verifier and ${extra.join(', ')}`);
  const verifier = verifierFrom(rest, 'express');
  const result: Mounted = { verifier, realm, includeDescription: includeDescription !== false, optional: optional === true, onError };
  mounted.set(options, result);
  return result;
}
