/** The conformance table (src/fauna/fql/conformance.ts), each case sent to the local Fauna over HTTP/2. */
import { connect, type ClientHttp2Session } from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE } from '../../src/fauna/fql/conformance.js';
import { createFaunaServer, type FaunaServer } from '../../src/fauna/index.js';
import { sendQuery } from './send.js';

let server: FaunaServer;
let session: ClientHttp2Session;
beforeAll(async () => {
  server = await createFaunaServer({
    collections: [
      { name: 'Customer', index: 'byIdentity', field: 'identity' },
      { name: 'User', index: 'byName', field: 'name' },
    ],
    now: Date.parse('2030-01-01T00:00:00Z'),
  });
  server.clock.set(Date.parse('2030-01-01T00:00:00Z'));
  session = connect(server.url);
});
afterAll(async () => {
  session.close();
  await server.close();
});

const SHAPES = { string: expect.any(String), boolean: expect.any(Boolean), time: { '@time': expect.any(String) } };

describe('conformance with the core', () => {
  for (const c of CONFORMANCE) {
    it(c.name, async () => {
      const { status, json } = await sendQuery(session, server.secret, c.fql, c.args ?? [], c.headers ?? {});
      const { expect: want } = c;
      expect(status).toBe(want.status);
      if ('data' in want) expect(json.data).toEqual(want.data);
      else if ('dataShape' in want)
        expect(json.data).toEqual(Object.fromEntries(Object.entries(want.dataShape).map(([k, kind]) => [k, SHAPES[kind]])));
      else {
        const error = json.error as { code: string; message: string };
        expect(error.code).toBe(want.code);
        if (want.message !== undefined) expect(error.message).toBe(want.message);
        if (want.summary !== undefined) expect(json.summary).toBe(want.summary);
        if (want.summaryStartsWith !== undefined)
          expect(String(json.summary).slice(0, want.summaryStartsWith.length)).toBe(want.summaryStartsWith);
      }
    });
  }
});
