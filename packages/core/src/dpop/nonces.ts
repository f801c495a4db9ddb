/** Server-issued DPoP nonces (RFC 9449 §9) that a fleet shares without a store: an HMAC of the time window. */

import { encodeBase64Url } from '../token/base64url.js';
import type { DpopNonces } from '../shared/types.js';

export interface DpopNoncesOptions {
  /**
   * The HMAC key, at least 32 bytes (a string counts its UTF-8 bytes). Every instance given the same
   * secret issues and accepts the same nonces. Default: random per process (one instance only).
   */
  readonly secret?: string | Uint8Array;
  /** How long a nonce is current; it is accepted for one more such window. Default 300. */
  readonly lifetimeSec?: number;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number;
}

const MIN_SECRET_BYTES = 32;
const TAG_BYTES = 16;
const encoder = new TextEncoder();

/**
 * Nonces for `dpop.nonces`: each is the current time window and a MAC of it under `secret`, so any
 * instance with the secret can tell its own from a forgery; the current and the previous window's are
 * accepted. A proof with an unaccepted nonce (or none) is answered 401 `use_dpop_nonce` with the
 * current one in `DPoP-Nonce`; a success whose proof used the previous window's carries the current one.
 *
 * @example
 * const verifier = createVerifier({ issuers, dpop: { nonces: createDpopNonces({ secret: process.env.DPOP_NONCE_SECRET }) } });
 */
export function createDpopNonces(options: DpopNoncesOptions = {}): DpopNonces {
  const lifetimeSec = options.lifetimeSec ?? 300;
  if (typeof lifetimeSec !== 'number' || !Number.isFinite(lifetimeSec) || lifetimeSec < 1) {
    throw new TypeError(`tokenward: createDpopNonces: lifetimeSec must be a number of at least 1, found ${String(lifetimeSec)}`);
  }
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') throw new TypeError('tokenward: createDpopNonces: now must be a function');
  const given = options.secret;
  let secret: Uint8Array;
  if (given === undefined) secret = crypto.getRandomValues(new Uint8Array(MIN_SECRET_BYTES));
  else if (typeof given === 'string') secret = encoder.encode(given);
  else if (given instanceof Uint8Array) secret = given;
  else throw new TypeError('tokenward: createDpopNonces: secret must be a string or a Uint8Array');
  if (secret.length < MIN_SECRET_BYTES) {
    throw new TypeError(`tokenward: createDpopNonces: secret must be at least ${MIN_SECRET_BYTES} bytes, found ${secret.length}`);
  }
  const key = crypto.subtle.importKey('raw', secret as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  // The nonces of the last two windows, computed once each.
  const made = new Map<number, Promise<string>>();

  const windowAt = (): number => Math.floor(now() / 1000 / lifetimeSec);
  const nonceOf = (window: number): Promise<string> => {
    let nonce = made.get(window);
    if (nonce === undefined) {
      nonce = key.then(async (hmac) => {
        const label = window.toString(36);
        const tag = new Uint8Array(await crypto.subtle.sign('HMAC', hmac, encoder.encode(`dpop-nonce.${label}`)));
        return `${label}.${encodeBase64Url(tag.subarray(0, TAG_BYTES))}`;
      });
      made.set(window, nonce);
      for (const old of made.keys()) if (old < window - 1) made.delete(old);
    }
    return nonce;
  };

  return Object.freeze({
    current: () => nonceOf(windowAt()),
    async accepts(nonce: string): Promise<boolean> {
      if (typeof nonce !== 'string' || nonce.length > 64) return false;
      const window = windowAt();
      const label = nonce.slice(0, nonce.indexOf('.'));
      const claimed = Number.parseInt(label, 36);
      if (claimed !== window && claimed !== window - 1) return false;
      return (await nonceOf(claimed)) === nonce;
    },
  });
}
