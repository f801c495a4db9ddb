import { deepFreeze } from '../shared/deep-freeze.js';
import { TokenMalformedError } from '../shared/errors.js';
import type { JwtClaims, JwtHeader } from '../shared/types.js';
import { portableCodec, type TokenCodec } from './codec.js';
import { normaliseTyp } from './token-types.js';

/** A compact JWS split and checked, nothing verified yet. */
export interface ParsedJws {
  readonly header: JwtHeader;
  /** The token; its first `signedLength` characters (`header.payload`) are what the signature covers. */
  readonly token: string;
  readonly signedLength: number;
  readonly signature: Uint8Array;
}

/** A compact JWS whose payload is a JWT claims set. */
export interface ParsedToken extends ParsedJws {
  readonly claims: JwtClaims;
}

function parseJsonObject(part: string, segment: 'header' | 'payload', codec: TokenCodec): Record<string, unknown> {
  const text = codec.segmentText(part);
  if (text === undefined) {
    throw new TokenMalformedError(`the token ${segment} is not canonical base64url`, { expected: 'base64url without padding' });
  }
  if (text === null) throw new TokenMalformedError(`the token ${segment} is not valid UTF-8`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new TokenMalformedError(`the token ${segment} is not valid JSON`, { expected: 'a JSON object', cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TokenMalformedError(`the token ${segment} is not a JSON object`, {
      expected: 'a JSON object',
      found: value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`,
    });
  }
  return value as Record<string, unknown>;
}

function checkHeader(header: Record<string, unknown>): JwtHeader {
  if (typeof header.alg !== 'string' || header.alg.length === 0) {
    throw new TokenMalformedError('the token header has no "alg"', { claim: 'alg', expected: 'a string' });
  }
  if (header.kid !== undefined && typeof header.kid !== 'string') {
    throw new TokenMalformedError('the token header "kid" is not a string', { claim: 'kid', found: typeof header.kid });
  }
  for (const name of ['typ', 'cty'] as const) {
    if (header[name] !== undefined && typeof header[name] !== 'string') {
      throw new TokenMalformedError(`the token header "${name}" is not a string`, {
        claim: name,
        expected: 'a string',
        found: typeof header[name],
      });
    }
  }
  // RFC 7519 §5.2: "cty": "JWT" says the payload is another JWT, not a claims set. Never unwrapped here.
  if (typeof header.cty === 'string' && normaliseTyp(header.cty) === 'jwt') {
    throw new TokenMalformedError('the token is a nested JWT ("cty": "JWT"); a JWT whose payload is its claims was expected', {
      claim: 'cty',
      expected: 'no "cty", or one other than JWT',
      found: header.cty,
    });
  }
  if (header.enc !== undefined) {
    throw new TokenMalformedError('the token is encrypted (JWE); a signed token (JWS) was expected', { claim: 'enc' });
  }
  // RFC 7515 §4.1.11: a recipient must reject a token whose "crit" names an extension it does not
  // understand. tokenward understands none (b64:false, RFC 7797, included), so any "crit" is fatal.
  if (header.crit !== undefined) {
    throw new TokenMalformedError('the token header lists critical extensions this verifier does not support', {
      claim: 'crit',
      expected: 'no "crit" header',
      found: Array.isArray(header.crit) ? header.crit.filter((v): v is string => typeof v === 'string') : typeof header.crit,
    });
  }
  if (header.b64 !== undefined) {
    throw new TokenMalformedError('unencoded payloads ("b64") are not supported', { claim: 'b64' });
  }
  return header as JwtHeader;
}

interface Split {
  readonly token: string;
  readonly header: JwtHeader;
  readonly firstDot: number;
  readonly secondDot: number;
}

const textEncoder = new TextEncoder();

/** UTF-8 length of a string; a lone surrogate counts as the 3 bytes of the replacement character. */
function utf8Length(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) return textEncoder.encode(text).length;
  }
  return text.length;
}

/** The checks every token goes through first: a string of three segments, the first a JWS header. */
function splitToken(token: unknown, maxLength: number, codec: TokenCodec): Split {
  if (typeof token !== 'string') {
    throw new TokenMalformedError('the token is not a string', { expected: 'a compact JWS string', found: typeof token });
  }
  if (token.length === 0) throw new TokenMalformedError('the token is empty', { expected: 'a compact JWS string' });
  // The limit is in UTF-8 bytes. A string's byte length is at least its length and at most three times
  // it, so only a token between maxLength / 3 and maxLength characters that is not ASCII needs counting.
  const bytes = token.length > maxLength || token.length * 3 <= maxLength ? token.length : utf8Length(token);
  if (bytes > maxLength) {
    throw new TokenMalformedError('the token is too large', {
      expected: `at most ${maxLength} bytes`,
      found: token.length > maxLength ? `${token.length} characters` : `${bytes} bytes`,
    });
  }
  const firstDot = token.indexOf('.');
  const secondDot = firstDot === -1 ? -1 : token.indexOf('.', firstDot + 1);
  if (firstDot === -1 || secondDot === -1 || token.indexOf('.', secondDot + 1) !== -1) {
    const segments = token.split('.').length;
    throw new TokenMalformedError('the token is not a compact JWS', {
      expected: '3 dot-separated segments',
      found: `${segments} segment${segments === 1 ? '' : 's'}`,
    });
  }
  const headerSegment = token.slice(0, firstDot);
  const header = cachedHeaders.get(headerSegment) ?? parseHeader(headerSegment, codec);
  return { token, header, firstDot, secondDot };
}

/**
 * Splits and decodes a compact JWS strictly: exactly three canonical base64url segments (no padding,
 * whitespace or stray bits), a UTF-8 JSON object header, and a non-empty signature. The payload may be
 * any bytes (RFC 7515), even none.
 */
export function parseCompactJws(token: unknown, maxLength: number, codec: TokenCodec = portableCodec): ParsedJws {
  const { token: text, header, firstDot, secondDot } = splitToken(token, maxLength, codec);
  if (codec.decodeBase64Url(text.slice(firstDot + 1, secondDot)) === undefined) {
    throw new TokenMalformedError('the token payload is not canonical base64url', { expected: 'base64url without padding' });
  }
  return { header, token: text, signedLength: secondDot, signature: decodeSignature(text, secondDot, codec) };
}

// An issuer signs every token with a handful of headers: parsed and checked once, they are shared, frozen.
const cachedHeaders = new Map<string, JwtHeader>();
const MAX_CACHED_HEADERS = 64;
const MAX_CACHED_HEADER_LENGTH = 512;

function parseHeader(segment: string, codec: TokenCodec): JwtHeader {
  if (segment.length === 0) throw new TokenMalformedError('the token header is empty', { expected: 'a base64url header' });
  const header = checkHeader(parseJsonObject(segment, 'header', codec));
  if (segment.length <= MAX_CACHED_HEADER_LENGTH) {
    // Headers made up to flood the cache only cost their sender a re-parse of the real ones later.
    if (cachedHeaders.size >= MAX_CACHED_HEADERS) cachedHeaders.clear();
    cachedHeaders.set(segment, deepFreeze(header));
  }
  return header;
}

function decodeSignature(token: string, secondDot: number, codec: TokenCodec): Uint8Array {
  if (secondDot === token.length - 1) throw new TokenMalformedError('the token signature is empty', { expected: 'a base64url signature' });
  const bytes = codec.decodeBase64Url(token.slice(secondDot + 1));
  if (bytes === undefined) {
    throw new TokenMalformedError('the token signature is not canonical base64url', { expected: 'base64url without padding' });
  }
  return bytes;
}

/** {@link parseCompactJws}, plus a payload that must be a UTF-8 JSON object (the JWT claims set). */
export function parseToken(token: unknown, maxLength: number, codec: TokenCodec = portableCodec): ParsedToken {
  const { token: text, header, firstDot, secondDot } = splitToken(token, maxLength, codec);
  const claims = parseJsonObject(text.slice(firstDot + 1, secondDot), 'payload', codec) as JwtClaims;
  return { header, token: text, signedLength: secondDot, signature: decodeSignature(text, secondDot, codec), claims };
}

/**
 * {@link parseToken}'s header and claims, for reading a token without verifying it: the signature
 * segment may be empty (an unsigned token can be read, never verified), and is checked only for its
 * encoding otherwise.
 */
export function parseHeaderAndClaims(
  token: unknown,
  maxLength: number,
  codec: TokenCodec = portableCodec,
): { readonly header: JwtHeader; readonly claims: JwtClaims } {
  const { token: text, header, firstDot, secondDot } = splitToken(token, maxLength, codec);
  const claims = parseJsonObject(text.slice(firstDot + 1, secondDot), 'payload', codec) as JwtClaims;
  if (secondDot !== text.length - 1) decodeSignature(text, secondDot, codec);
  return { header, claims };
}
