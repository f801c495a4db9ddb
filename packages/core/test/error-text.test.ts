import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeText } from '../src/shared/format.js';
import { ClaimInvalidError, createVerifier, oidc, toErrorResponse, type TokenwardErrorUnion, type Verifier } from '../src/index.js';
import { rejection } from './support/rejection.js';

// CWE-117: what a token says reaches error messages and fields, and from there logs and terminals.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const HOSTILE =
  'https://evil.example/\n2026-12-02 INFO user=admin logged in\u001b[2J\u001b]0;pwned\u0007\u202eevil\u2066\u0085\u2028end\u0000';

let issuer: TestIssuer;
let verifier: Verifier;

beforeAll(async () => {
  issuer = await createTestIssuer({ provider: 'generic' });
  verifier = createVerifier({ issuers: [oidc({ issuer: issuer.issuer, audience: issuer.audience })] });
});

afterAll(() => issuer?.close());

function expectSafe(error: TokenwardErrorUnion): void {
  for (const text of [error.message, error.claim, ...[error.expected, error.found].flat()]) {
    if (text !== undefined) expect(text).not.toMatch(UNSAFE);
  }
  expect(JSON.stringify(error)).not.toMatch(UNSAFE);
}

describe('text copied from a token into an error is escaped', () => {
  it('escapes control characters, bidi overrides and line separators of an untrusted iss', async () => {
    const error = await rejection(verifier.verify(await issuer.mint({ iss: HOSTILE })));
    expect(error.code).toBe('issuer_not_allowed');
    expectSafe(error);
    expect(error.message).toContain('found https://evil.example/\\u000a2026-12-02 INFO user=admin logged in\\u001b[2J');
    expect(error.found).toContain('\\u001b]0;pwned\\u0007\\u202eevil\\u2066\\u0085');
  });

  it('escapes the audiences of a token meant for someone else', async () => {
    const error = await rejection(verifier.verify(await issuer.mint({ aud: ['api://x\r\nSet-Cookie: a=b', 'api://y\u202e'] })));
    expect(error.code).toBe('audience_mismatch');
    expectSafe(error);
    expect(error.found).toEqual(['api://x\\u000d\\u000aSet-Cookie: a=b', 'api://y\\u202e']);
  });

  it('escapes a typ header that does not match', async () => {
    const strict = createVerifier({ issuers: [oidc({ issuer: issuer.issuer, audience: issuer.audience, typ: 'at+jwt' })] });
    const error = await rejection(strict.verify(await issuer.mint({}, { header: { typ: 'JWT\n\u001b[31m' } })));
    expectSafe(error);
    expect(error.found).toBe('JWT\\u000a\\u001b[31m');
  });

  it('escapes what a claim check answers', async () => {
    const checked = createVerifier({
      issuers: [oidc({ issuer: issuer.issuer, audience: issuer.audience, checks: [(claims) => `bad subject ${String(claims.sub)}\n`] })],
    });
    const error = await rejection(checked.verify(await issuer.mint({ sub: 'x\u001b[0m' })));
    expectSafe(error);
    expect(error.message).toBe('bad subject x\\u001b[0m\\u000a');
  });

  it('bounds the length of a huge claim value in message and found', async () => {
    const error = await rejection(verifier.verify(await issuer.mint({ iss: `https://${'\n'.repeat(5_000)}` })));
    expectSafe(error);
    expect((error.found as string).length).toBeLessThanOrEqual(121);
    expect(error.message.length).toBeLessThan(400);
  });

  it('keeps the response description free of control characters', async () => {
    const error = await rejection(verifier.verify(await issuer.mint({ iss: HOSTILE })));
    const response = toErrorResponse(error);
    expect(response.body.error_description).not.toMatch(UNSAFE);
    expect(response.headers['WWW-Authenticate']).not.toMatch(UNSAFE);
  });

  it('escapes text given to an error directly', () => {
    const error = new ClaimInvalidError('line one\nline two', { found: 'a\u2029b', expected: ['c\u0085'], claim: 'x\u0000' });
    expectSafe(error);
    expect(error).toMatchObject({ message: 'line one\\u000aline two', found: 'a\\u2029b', expected: ['c\\u0085'], claim: 'x\\u0000' });
  });
});

describe('safeText', () => {
  it('leaves ordinary text, including non-Latin letters and emoji, as it is', () => {
    expect(safeText('https://login.example.com/テナント/😀', 80)).toBe('https://login.example.com/テナント/😀');
  });

  it('writes each unsafe character as \\uXXXX', () => {
    expect(safeText('a\u0000\u001f\u007f\u009f\u200e\u202a\u202e\u2066\u2069\u2028\u2029b', 200)).toBe(
      'a\\u0000\\u001f\\u007f\\u009f\u200e\\u202a\\u202e\\u2066\\u2069\\u2028\\u2029b',
    );
  });

  it('escapes lone surrogates but keeps pairs', () => {
    expect(safeText('\ud83d\ude00 \ud83d x \ude00', 80)).toBe('\ud83d\ude00 \\ud83d x \\ude00');
  });

  it('clips to the bound, never inside an escape or a surrogate pair', () => {
    expect(safeText('abcdef', 4)).toBe('abcd…');
    expect(safeText('ab\ncdef', 4)).toBe('ab…');
    expect(safeText('abc😀', 4)).toBe('abc…');
    const clipped = safeText('\n'.repeat(10_000), 120);
    expect(clipped.length).toBeLessThanOrEqual(121);
    expect(clipped).toMatch(/^(\\u000a)+…$/);
  });
});
