/**
 * Reads a token's header and claims without verifying anything, for display and diagnosis only.
 * Verdicts always come from core's verifier; a token is readable only when core's own decoder
 * (`decodeUnverified`) reads it. What this module adds is the explanation of which part is malformed.
 */
import { decodeUnverified, TokenMalformedError } from '@tokenward/core';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';

export interface DecodedToken {
  readonly header: Readonly<Record<string, unknown>>;
  readonly claims: Readonly<Record<string, unknown>>;
}

export type DecodeResult =
  | ({ readonly ok: true } & DecodedToken)
  | { readonly ok: false; readonly reason: string; readonly parts: number; readonly header?: Readonly<Record<string, unknown>> };

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Marks a segment that is JSON nested deeper than `MAX_JSON_DEPTH`: refused before anything walks it. */
const TOO_DEEP = Symbol('too deep');

function decodeJson(segment: string): Record<string, unknown> | typeof TOO_DEEP | undefined {
  if (!BASE64URL.test(segment) || segment.length === 0) return undefined;
  try {
    const text = Buffer.from(segment, 'base64url').toString('utf8');
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) return TOO_DEEP;
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Trims whitespace and a pasted `Bearer ` prefix (people paste whole headers). */
export function cleanTokenInput(input: string): string {
  return input
    .trim()
    .replace(/^authorization:\s*/i, '')
    .replace(/^bearer\s+/i, '')
    .trim();
}

const tooDeep = (part: string): string => `the ${part} nests deeper than ${MAX_JSON_DEPTH} levels of arrays and objects`;

export function decodeToken(token: string): DecodeResult {
  const parts = token.split('.');
  const decodedHeader = parts[0] === undefined ? undefined : decodeJson(parts[0]);
  const header = decodedHeader === TOO_DEEP ? undefined : decodedHeader;
  if (parts.length === 5) {
    if (decodedHeader === TOO_DEEP) return { ok: false, parts: 5, reason: tooDeep('header') };
    return {
      ok: false,
      parts: 5,
      reason: 'an encrypted token (JWE, five parts): it can only be read by its audience',
      ...(header ? { header } : {}),
    };
  }
  if (parts.length !== 3)
    return { ok: false, parts: parts.length, reason: `not a JWT: expected three dot-separated parts, found ${parts.length}` };
  if (decodedHeader === TOO_DEEP) return { ok: false, parts: 3, reason: tooDeep('header') };
  if (!header) return { ok: false, parts: 3, reason: 'the header is not base64url-encoded JSON' };
  const claims = decodeJson(parts[1] ?? '');
  if (claims === TOO_DEEP) return { ok: false, parts: 3, reason: tooDeep('payload'), header };
  if (!claims) return { ok: false, parts: 3, reason: 'the payload is not base64url-encoded JSON', header };
  // The parts above were read leniently, to say which one is broken; the verdict is core's. Its size
  // limit is left to the verifier, which knows the configured maxTokenBytes.
  try {
    const strict = decodeUnverified(token, { maxTokenBytes: Number.MAX_SAFE_INTEGER });
    return { ok: true, header: strict.header, claims: strict.claims };
  } catch (error) {
    if (error instanceof TokenMalformedError) return { ok: false, parts: 3, reason: error.message, header };
    throw error;
  }
}
