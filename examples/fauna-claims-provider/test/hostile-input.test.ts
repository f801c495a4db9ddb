/** The function behind the local host against @tokenward/testing's hostile-input table, over real sockets. */
import { HOSTILE_CLAIMS_CASES, sendHostileClaims } from '@tokenward/testing/fauna';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../src/local-stack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(() => stack.close());

const send = async (hostile: (typeof HOSTILE_CLAIMS_CASES)[number]) =>
  sendHostileClaims(stack.endpoint, hostile, { token: await stack.entraToken(), tenantId: stack.entra.tenantId ?? '' });

describe('hostile input over a real socket', () => {
  it.each(HOSTILE_CLAIMS_CASES.map((hostile) => [hostile.name, hostile] as const))('%s', async (_name, hostile) => {
    const answer = await send(hostile);
    expect(hostile.expect.status).toContain(answer.status);
    if (hostile.expect.error !== undefined) expect(JSON.parse(answer.body)).toMatchObject({ error: hostile.expect.error });
    if (hostile.expect.answersWithinBytes !== undefined) expect(answer.bodyBytesSent).toBeLessThan(hostile.expect.answersWithinBytes);
    expect(answer.body.length).toBeLessThan(4096);
  });

  it('stops reading a 20 MiB chunked body without Content-Length at 64 KiB and answers 413', async () => {
    const chunked = HOSTILE_CLAIMS_CASES.find((hostile) => hostile.name === '20 MiB chunked without Content-Length');
    if (chunked === undefined) throw new Error('the table has no chunked case');
    const before = stack.bodyBytesRead();
    const answer = await send(chunked);
    expect([answer.status, JSON.parse(answer.body || '{}').error]).toEqual([413, 'event_too_large']);
    expect(stack.bodyBytesRead() - before).toBeLessThan(1024 * 1024);
  });
});
