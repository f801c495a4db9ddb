import { describe, expect, it } from 'vitest';
import {
  AudienceMismatchError,
  ClaimInvalidError,
  TokenExpiredError,
  TokenNotYetValidError,
  TenantNotAllowedError,
} from '../../src/shared/errors.js';
import { checkAudience, checkRequiredClaims, checkTimes, checkTyp, runChecks, type ClaimRules } from '../../src/verify/check-claims.js';
import type { CheckContext } from '../../src/shared/types.js';

const NOW = 1_800_000_000;
const rules = (overrides: Partial<ClaimRules> = {}): ClaimRules => ({
  audiences: null,
  clockToleranceSec: 60,
  maxTokenAgeSec: null,
  typ: null,
  requiredClaims: [],
  checks: [],
  ...overrides,
});
const context = { header: { alg: 'RS256' }, nowSec: NOW, clockToleranceSec: 60 } as unknown as CheckContext;

describe('checkTimes', () => {
  it('accepts a token inside its lifetime', () => {
    expect(() => checkTimes({ exp: NOW + 10, nbf: NOW - 10, iat: NOW - 10 }, NOW, rules())).not.toThrow();
  });

  it('requires exp', () => {
    expect(() => checkTimes({ iat: NOW }, NOW, rules())).toThrow(ClaimInvalidError);
  });

  it('rejects an expired token with the expiry time as found', () => {
    try {
      checkTimes({ exp: NOW - 61 }, NOW, rules());
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TokenExpiredError);
      expect((error as TokenExpiredError).found).toBe(new Date((NOW - 61) * 1000).toISOString());
    }
  });

  it('accepts an expired token within the clock tolerance', () => {
    expect(() => checkTimes({ exp: NOW - 59 }, NOW, rules())).not.toThrow();
  });

  it('rejects a token at exactly exp with no tolerance', () => {
    expect(() => checkTimes({ exp: NOW }, NOW, rules({ clockToleranceSec: 0 }))).toThrow(TokenExpiredError);
  });

  it('rejects a token whose nbf is beyond the tolerance', () => {
    expect(() => checkTimes({ exp: NOW + 600, nbf: NOW + 61 }, NOW, rules())).toThrow(TokenNotYetValidError);
  });

  it('rejects a token issued in the future', () => {
    expect(() => checkTimes({ exp: NOW + 600, iat: NOW + 120 }, NOW, rules())).toThrow(/issued in the future/);
  });

  it.each([
    ['a string', '1800000000'],
    ['null', null],
    ['NaN-like object', {}],
  ])('rejects exp that is %s', (_n, exp) => {
    expect(() => checkTimes({ exp } as never, NOW, rules())).toThrow(ClaimInvalidError);
  });

  it('rejects a token older than maxTokenAgeSec', () => {
    expect(() => checkTimes({ exp: NOW + 600, iat: NOW - 400 }, NOW, rules({ maxTokenAgeSec: 300 }))).toThrow(/maximum token age/);
  });

  it('requires iat when maxTokenAgeSec is set', () => {
    expect(() => checkTimes({ exp: NOW + 600 }, NOW, rules({ maxTokenAgeSec: 300 }))).toThrow(/no "iat"/);
  });
});

describe('checkAudience', () => {
  const audiences = new Set(['api://orders', 'client-id']);

  it('accepts a string audience that is configured', () => {
    expect(() => checkAudience({ aud: 'client-id' }, audiences)).not.toThrow();
  });

  it('accepts an array audience with one configured value', () => {
    expect(() => checkAudience({ aud: ['https://other', 'api://orders'] }, audiences)).not.toThrow();
  });

  it('rejects another audience and says what was expected and found', () => {
    try {
      checkAudience({ aud: 'api://billing' }, audiences);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AudienceMismatchError);
      expect((error as AudienceMismatchError).expected).toEqual(['api://orders', 'client-id']);
      expect((error as AudienceMismatchError).found).toEqual(['api://billing']);
    }
  });

  it('rejects a token without aud', () => {
    expect(() => checkAudience({}, audiences)).toThrow(/no audience/);
  });

  it('compares audiences exactly, not by prefix', () => {
    expect(() => checkAudience({ aud: 'api://orders/' }, audiences)).toThrow(AudienceMismatchError);
  });
});

describe('checkTyp', () => {
  const accepted = new Set(['at+jwt']);

  it('accepts the typ case-insensitively and with the application/ prefix', () => {
    expect(() => checkTyp({ alg: 'RS256', typ: 'application/AT+JWT' }, accepted)).not.toThrow();
  });

  it('rejects another typ', () => {
    expect(() => checkTyp({ alg: 'RS256', typ: 'JWT' }, accepted)).toThrow(ClaimInvalidError);
  });

  it('rejects a missing typ', () => {
    expect(() => checkTyp({ alg: 'RS256' }, accepted)).toThrow(/wrong type/);
  });
});

describe('checkRequiredClaims', () => {
  it('names the missing claims', () => {
    try {
      checkRequiredClaims({ sub: 'a', email: null }, ['sub', 'email', 'tid']);
      expect.unreachable();
    } catch (error) {
      expect((error as ClaimInvalidError).found).toBe('missing email, tid');
    }
  });
});

describe('runChecks', () => {
  // Synchronous while the checks are; a promise from the first asynchronous check on.
  const run = async (checks: Parameters<typeof runChecks>[0]) => runChecks(checks, {}, context);

  it('accepts when every check returns nothing or true', async () => {
    await expect(run([() => undefined, () => true, async () => true])).resolves.toBeUndefined();
  });

  it('answers synchronously while every check does', () => {
    expect(runChecks([() => undefined, () => true], {}, context)).toBeUndefined();
  });

  it('rejects with claim_invalid when a check returns false', async () => {
    await expect(run([() => false])).rejects.toThrow(ClaimInvalidError);
  });

  it('uses a returned string as the message', async () => {
    await expect(run([async () => 'the account is suspended'])).rejects.toThrow('the account is suspended');
  });

  it('runs the checks after an asynchronous one, in order', async () => {
    const order: number[] = [];
    await run([async () => void order.push(1), () => void order.push(2), async () => void order.push(3)]);
    expect(order).toEqual([1, 2, 3]);
  });

  it('stops at the first check that rejects', async () => {
    const order: number[] = [];
    await expect(run([async () => false, () => void order.push(2)])).rejects.toThrow(ClaimInvalidError);
    expect(order).toEqual([]);
  });

  it('passes a thrown tokenward error through unchanged', async () => {
    const error = new TenantNotAllowedError('nope');
    await expect(
      run([
        () => {
          throw error;
        },
      ]),
    ).rejects.toBe(error);
  });

  it('wraps any other thrown value as claim_invalid without its message', async () => {
    const failing = run([
      () => {
        throw new Error('db password=hunter2');
      },
    ]);
    await expect(failing).rejects.toBeInstanceOf(ClaimInvalidError);
    await expect(failing).rejects.not.toThrow(/hunter2/);
  });

  it('wraps a rejected asynchronous check as claim_invalid too', async () => {
    await expect(run([async () => Promise.reject(new Error('timeout talking to db'))])).rejects.toBeInstanceOf(ClaimInvalidError);
  });
});
