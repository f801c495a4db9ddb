/** The local Fauna server over raw HTTP/2, as the fauna driver speaks to it (its own tests use the driver). */
import { connect, type ClientHttp2Session } from 'node:http2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFaunaServer, tokenIssuanceStartEvent, type FaunaServer } from '../src/fauna/index.js';

let server: FaunaServer;
let session: ClientHttp2Session;
beforeAll(async () => {
  server = await createFaunaServer({
    collections: [{ name: 'Customer', index: 'byIdentity', field: 'identity' }],
    now: Date.parse('2030-01-01T00:00:00Z'),
  });
  server.clock.set(Date.parse('2030-01-01T00:00:00Z'));
  session = connect(server.url);
});
afterAll(async () => {
  session.close();
  await server.close();
});
afterEach(() => server.setFault(null));

const MINT = [
  'let existing = Customer.byIdentity(',
  ').first()\nlet doc = existing ?? Customer.create(',
  ')\nlet token = Token.create({ document: doc, ttl: Time.now().add(',
  ', "seconds"), data: ',
  ' })\n{ id: doc!.id, created: existing == null, token: token.id, secret: token.secret, ttl: token.ttl }',
];

/** The mint as @tokenward/fauna sent it before: `if/else` does not narrow, so `doc` is `Customer | Null` to the typechecker. */
const UNTYPABLE_MINT = [
  'let existing = Customer.byIdentity(',
  ').first()\nlet doc = if (existing == null) Customer.create(',
  ') else existing\nlet token = Token.create({ document: doc, ttl: Time.now().add(',
  ', "seconds"), data: ',
  ' })\n{ id: doc.id, created: existing == null, token: token.id, secret: token.secret, ttl: token.ttl }',
];

function mintBody(identifier: string, ttlSec = 60, template: readonly string[] = MINT) {
  const [a, b, c, d, e] = template;
  return {
    query: {
      fql: [
        a,
        { value: identifier },
        b,
        { object: { identity: { value: identifier } } },
        c,
        { value: { '@int': String(ttlSec) } },
        d,
        { object: { tag: { value: 't' } } },
        e,
      ],
    },
  };
}

function post(
  body: unknown,
  headers: Record<string, string> = {},
  path = '/query/1',
): Promise<{
  status: number;
  json: { data?: unknown; error?: { code: string; message: string; constraint_failures?: unknown[] }; txn_ts?: number; stats?: unknown };
}> {
  return new Promise((resolve, reject) => {
    const stream = session.request({
      ':method': 'POST',
      ':path': path,
      authorization: `Bearer ${server.secret}`,
      'x-format': 'tagged',
      ...headers,
    });
    let status = 0;
    let text = '';
    stream.setEncoding('utf8');
    stream.on('response', (h) => void (status = Number(h[':status'])));
    stream.on('data', (chunk: string) => void (text += chunk));
    stream.on('end', () => resolve({ status, json: JSON.parse(text) as never }));
    stream.on('error', reject);
    stream.end(JSON.stringify(body));
  });
}

describe('the /query/1 protocol', () => {
  it('runs the mint statement and answers in the tagged format with txn_ts and stats', async () => {
    const { status, json } = await post(mintBody('ada'));
    expect(status).toBe(200);
    expect(json.data).toEqual({
      id: expect.any(String),
      created: true,
      token: expect.any(String),
      secret: expect.stringMatching(/^fnE/),
      ttl: { '@time': '2030-01-01T00:01:00.000Z' },
    });
    expect(json.txn_ts).toBe(Date.parse('2030-01-01T00:00:00Z') * 1000);
    expect(json.stats).toMatchObject({ read_ops: 1, write_ops: 2 });
  });

  it('answers any query it does not know with 400 invalid_query', async () => {
    const { status, json } = await post({ query: { fql: ['Customer.all()'] } });
    expect([status, json.error?.code]).toEqual([400, 'invalid_query']);
    expect(server.queries.at(-1)).toMatchObject({ statement: null, code: 'invalid_query' });
  });

  it("refuses a mint whose doc may be null with the typechecker's error, as Fauna typechecks every query", async () => {
    const { status, json } = await post(mintBody('untyped', 60, UNTYPABLE_MINT));
    expect(status).toBe(400);
    expect(json.error).toEqual({ code: 'invalid_query', message: 'The query failed 1 validation check' });
    expect((json as { summary?: string }).summary).toMatch(/^error: Type `Null` does not have field `id`\nat \*query\*:4:11\n/);
    expect((json as { summary?: string }).summary).toContain('hint: Use the ! or ?. operator to handle the null case');
    expect(server.documents('Customer').filter((doc) => doc.identity === 'untyped')).toHaveLength(0);
  });

  it('answers an unknown collection or index as Fauna would: invalid_query', async () => {
    const body = JSON.parse(JSON.stringify(mintBody('x')).replaceAll('byIdentity', 'byEmail')) as unknown;
    expect((await post(body)).json.error?.code).toBe('invalid_query');
  });

  it('answers a missing or unknown secret with 401 unauthorized', async () => {
    expect((await post(mintBody('x'), { authorization: 'Bearer fnAnope' })).status).toBe(401);
    expect((await post(mintBody('x'), { authorization: '' })).json.error?.code).toBe('unauthorized');
  });

  it('answers other paths with 404 and other formats than tagged with invalid_request', async () => {
    expect((await post({}, {}, '/query/2')).status).toBe(404);
    expect((await post(mintBody('x'), { 'x-format': 'simple' })).json.error?.code).toBe('invalid_request');
    expect((await post('not a query')).json.error?.code).toBe('invalid_request');
  });
});

describe('semantics', () => {
  it('enforces the unique constraint when two mints both read before writing (race fault)', async () => {
    server.setFault({ kind: 'race', queries: 2, statement: 'mint' });
    const results = await Promise.all([post(mintBody('twin')), post(mintBody('twin'))]);
    expect(results.map((r) => r.status)).toEqual([200, 400]);
    expect(results[1]?.json.error).toMatchObject({ code: 'constraint_failure', constraint_failures: [{ paths: [['identity']] }] });
    expect(server.documents('Customer').filter((doc) => doc.identity === 'twin')).toHaveLength(1);
  });

  it('expires tokens on its own clock', async () => {
    const { json } = await post(mintBody('ttl-user', 60));
    const secret = (json.data as { secret: string }).secret;
    const identity = { query: { fql: ['Query.identity()'] } };
    expect((await post(identity, { authorization: `Bearer ${secret}` })).status).toBe(200);
    server.clock.advance(60_000);
    expect((await post(identity, { authorization: `Bearer ${secret}` })).status).toBe(401);
    expect(server.tokens().find((token) => token.document.id === (json.data as { id: string }).id)?.expired).toBe(true);
  });

  it('lets a token secret run only Query.identity() and Query.token()', async () => {
    const secret = ((await post(mintBody('limited'))).json.data as { secret: string }).secret;
    expect((await post(mintBody('other'), { authorization: `Bearer ${secret}` })).json.error?.code).toBe('forbidden');
  });
});

describe('faults', () => {
  it.each([
    ['contended_transaction', 409],
    ['limit_exceeded', 429],
    ['time_out', 440],
    ['service_unavailable', 503],
    ['unauthorized', 401],
  ] as const)('error %s answers with status %i and writes nothing', async (code, status) => {
    server.setFault({ kind: 'error', code, times: 1 });
    const before = server.documents('Customer').length;
    expect((await post(mintBody(`f-${code}`))).status).toBe(status);
    expect(server.documents('Customer')).toHaveLength(before);
    expect((await post(mintBody(`f-${code}`))).status).toBe(200);
  });

  it('latency at or past x-query-timeout-ms becomes 440 time_out at the timeout', async () => {
    server.setFault({ kind: 'latency', ms: 10_000 });
    const { status, json } = await post(mintBody('slow'), { 'x-query-timeout-ms': '50' });
    expect([status, json.error?.code]).toEqual([440, 'time_out']);
  });

  it('outage resets the stream', async () => {
    server.setFault({ kind: 'outage', times: 1 });
    await expect(post(mintBody('reset'))).rejects.toThrow();
  });

  it('builds Entra TokenIssuanceStart events for tests', () => {
    const event = tokenIssuanceStartEvent({ mail: null });
    expect(event.type).toBe('microsoft.graph.authenticationEvent.tokenIssuanceStart');
    expect(event.data.authenticationContext.user.mail).toBeNull();
  });
});
