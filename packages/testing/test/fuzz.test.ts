import { describe, expect, it } from 'vitest';
import { decideLikeCore, deliveredHeaders, fuzzSettings, judgeFuzzAnswer, withinDeadline } from '../src/index.js';

const answer = (status: number, body: unknown) => ({
  status,
  headers: new Headers(),
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('fuzzSettings', () => {
  it('runs the default number of runs, each property bounded to 8 s, without FUZZ_RUNS', () => {
    expect(fuzzSettings(300, {})).toEqual({
      numRuns: 300,
      interruptAfterTimeLimit: 8_000,
      markInterruptAsFailure: false,
      testTimeoutMs: 13_000,
    });
  });

  it('takes FUZZ_RUNS for a long run, bounded to an hour per property unless FUZZ_TIME_LIMIT_MS says otherwise', () => {
    expect(fuzzSettings(300, { FUZZ_RUNS: '100000' })).toMatchObject({ numRuns: 100_000, interruptAfterTimeLimit: 3_600_000 });
    expect(fuzzSettings(300, { FUZZ_RUNS: '100000', FUZZ_TIME_LIMIT_MS: '60000' })).toMatchObject({
      interruptAfterTimeLimit: 60_000,
      testTimeoutMs: 65_000,
    });
  });

  it('replays a reported failure with FUZZ_SEED', () => {
    expect(fuzzSettings(300, { FUZZ_SEED: '-1159853076' })).toMatchObject({ seed: -1_159_853_076 });
  });

  it('rejects a FUZZ_RUNS that is not a positive integer', () => {
    expect(() => fuzzSettings(300, { FUZZ_RUNS: 'lots' })).toThrow(/FUZZ_RUNS must be a positive integer/);
  });
});

describe('judgeFuzzAnswer', () => {
  it('accepts the status core decided, with a fitting RFC 6750 body', () => {
    expect(judgeFuzzAnswer(answer(400, { error: 'invalid_request' }), { accepted: false, status: 400 })).toEqual([]);
    expect(judgeFuzzAnswer(answer(200, { subject: 'x' }), { accepted: true })).toEqual([]);
  });

  it("reports a status other than core's, and any 5xx", () => {
    expect(judgeFuzzAnswer(answer(500, 'boom'), { accepted: false, status: 401 })).toEqual([
      'status 500 is not one of 200, 400, 401, 403',
      'status: core decided 401, the adapter answered 500',
      'the 500 body is not JSON: "boom"',
    ]);
  });

  it('reports a body error that does not fit the status', () => {
    expect(judgeFuzzAnswer(answer(403, { error: 'invalid_token' }), { accepted: false, status: 403 })).toEqual([
      'body error "invalid_token" does not fit status 403',
    ]);
  });
});

describe('withinDeadline', () => {
  it('rejects a promise that does not settle in time as a hang', async () => {
    await expect(withinDeadline(new Promise(() => undefined), 10)).rejects.toThrow('no answer within 10 ms: a hang');
  });
});

describe('deliveredHeaders', () => {
  it('keeps each line, trimmed, as Node delivers repeated headers', () => {
    expect(deliveredHeaders([' Bearer a ', '\tBearer b'], 'node')).toEqual({ authorization: ['Bearer a', 'Bearer b'] });
    expect(deliveredHeaders([], 'node')).toEqual({});
  });

  it('joins the lines with ", " as Web Headers do', () => {
    expect((deliveredHeaders(['Bearer a', 'Bearer b'], 'web') as Headers).get('authorization')).toBe('Bearer a, Bearer b');
  });
});

describe('decideLikeCore', () => {
  it('reports acceptance, or the status of the error the verifier rejects with', async () => {
    expect(await decideLikeCore(async () => undefined, ['Bearer a'], 'node')).toEqual({ accepted: true });
    expect(
      await decideLikeCore(() => Promise.reject(Object.assign(new Error('no'), { status: 400 })), ['Bearer a', 'Bearer b'], 'web'),
    ).toEqual({
      accepted: false,
      status: 400,
    });
  });
});
