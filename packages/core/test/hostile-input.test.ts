import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, entra, isTokenwardError, type Verifier } from '../src/index.js';

let issuer: TestIssuer;
let verifier: Verifier;

beforeAll(async () => {
  issuer = await createTestIssuer({ provider: 'entra' });
  verifier = createVerifier({
    issuers: [entra({ tenantId: issuer.tenantId as string, audience: issuer.audience, authority: issuer.url })],
  });
});

afterAll(() => issuer.close());

async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    return error;
  }
}

const hostileRequests: [string, unknown][] = [
  ['null', null],
  ['undefined', undefined],
  ['a number', 42],
  ['a string', 'Bearer abc'],
  ['an object whose headers are null', { headers: null }],
  ['a header record with a numeric value', { authorization: 42 }],
  ['a header record with an array of non-strings', { authorization: [1, 2] }],
  [
    'headers whose get throws',
    {
      get: () => {
        throw new Error('boom');
      },
    },
  ],
  ['an Authorization of 1 MB', { authorization: `Bearer ${'a'.repeat(1 << 20)}` }],
];

const hostileTokens: [string, unknown][] = [
  ['null', null],
  ['an object', { toString: () => 'a.b.c' }],
  [
    'deeply nested JSON',
    `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('['.repeat(5000) + ']'.repeat(5000)).toString('base64url')}.c2ln`,
  ],
  [
    'a payload with __proto__',
    `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('{"__proto__":{"iss":"x"}}').toString('base64url')}.c2ln`,
  ],
  ['a header whose kid is an object', `${Buffer.from('{"alg":"RS256","kid":{"$ne":1}}').toString('base64url')}.e30.c2ln`],
  [
    'an iss that is an array',
    `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('{"iss":["a"]}').toString('base64url')}.c2ln`,
  ],
  ['2,000 dots', '.'.repeat(2000)],
];

describe('hostile input only ever yields typed errors', () => {
  it.each(hostileRequests)('authenticate with %s rejects with a tokenward error', async (_name, input) => {
    const result = await outcome(() => verifier.authenticate(input as never));
    expect(isTokenwardError(result)).toBe(true);
    expect((result as { status: number }).status).toBeLessThan(500);
  });

  it.each(hostileTokens)('verify with %s rejects with a tokenward error', async (_name, token) => {
    const result = await outcome(() => verifier.verify(token as never));
    expect(isTokenwardError(result)).toBe(true);
    expect((result as { status: number }).status).toBeLessThan(500);
  });

  it('makes no request to the issuer for any of them', () => {
    expect(issuer.requests.jwks).toBe(0);
  });
});
