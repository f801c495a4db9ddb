/** Key and token secrets in the core's format (fauna/faunadb ext/model/src/main/scala/auth/AuthLike.scala). */
import { connect, type ClientHttp2Session } from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaunaServer, type FaunaServer } from '../../src/fauna/index.js';
import { sendQuery } from './send.js';

let server: FaunaServer;
let session: ClientHttp2Session;
beforeAll(async () => {
  server = await createFaunaServer({ collections: [{ name: 'Customer', index: 'byIdentity', field: 'identity' }] });
  session = connect(server.url);
});
afterAll(async () => {
  session.close();
  await server.close();
});

const MINT = [
  'let existing = Customer.byIdentity(',
  ').first()\nlet doc = existing ?? Customer.create(',
  ')\nlet token = Token.create({ document: doc, ttl: Time.now().add(',
  ', "seconds"), data: ',
  ' })\n{ id: doc!.id, created: existing == null, token: token.id, secret: token.secret, ttl: token.ttl }',
];

describe('secrets', () => {
  it('gives the admin key a 40-character fnA secret: version 126, type key (112), an id and 20 random bytes', () => {
    expect(server.secret).toMatch(/^fnA[A-Za-z0-9_-]{37}$/);
    const bytes = Buffer.from(server.secret, 'base64url');
    expect([bytes.length, bytes[0], bytes[1]]).toEqual([30, 126, 112]);
  });

  it('gives a token a 51-character fnE secret: version 126, type token (113), its id, a database id and 20 random bytes', async () => {
    const { json } = await sendQuery(session, server.secret, MINT, ['secret-format', { identity: 'secret-format' }, { '@int': '60' }, {}]);
    const { secret, token } = json.data as { secret: string; token: string };
    expect(secret).toMatch(/^fnE[A-Za-z0-9_-]{48}$/);
    const bytes = Buffer.from(secret, 'base64url');
    expect([bytes.length, bytes[0], bytes[1], bytes.readBigUInt64BE(2).toString()]).toEqual([38, 126, 113, token]);
  });
});
