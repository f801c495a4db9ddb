/**
 * The key-refresh bench's issuer, in a process of its own: its response work (the JWKS body, the
 * socket) must not run on the thread whose verification latencies are measured, as a real key server's
 * does not. Driven over IPC by run.mjs: `start`, `mint`, `latency`, `rotate`, `requests`, `close`.
 */
import { createTestIssuer } from '@tokenward/testing';

let issuer;
const handlers = {
  async start() {
    issuer = await createTestIssuer({ jwksCacheControl: 'no-store' });
    return { issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri };
  },
  mint: () => issuer.mint({}, { expiresInSec: 3_600 }),
  latency: ({ ms }) => issuer.setFault({ kind: 'latency', ms }),
  rotate: () => issuer.rotate({ keepOld: false }),
  requests: () => issuer.requests.jwks,
  async close() {
    await issuer.close();
    setImmediate(() => process.exit(0));
  },
};

process.on('message', async ({ id, op, args }) => {
  try {
    process.send({ id, value: await handlers[op](args) });
  } catch (error) {
    process.send({ id, error: String(error?.stack ?? error) });
  }
});
