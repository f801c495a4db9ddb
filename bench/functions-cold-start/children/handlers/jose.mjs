// jose by hand: the same function verifying with createRemoteJWKSet + jwtVerify (issuer, audience, RS256 only),
// the Orders.Read scope checked, 401 with WWW-Authenticate on a missing or bad token.
import { app } from '@azure/functions';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const { issuer, audience, jwksUri } = JSON.parse(process.env.COLD_CONFIG);
const jwks = createRemoteJWKSet(new URL(jwksUri));
const challenge = (status, error) => ({
  status,
  headers: { 'WWW-Authenticate': `Bearer realm="orders"${error ? `, error="${error}"` : ''}`, 'Cache-Control': 'no-store' },
  jsonBody: { error: error ?? 'invalid_request' },
});

/** @type {import('@azure/functions').HttpHandler} */
export const handler = async (request) => {
  const match = /^Bearer ([^\s,]+)$/i.exec(request.headers.get('authorization') ?? '');
  if (!match) return challenge(401);
  let payload;
  try {
    ({ payload } = await jwtVerify(match[1], jwks, { issuer, audience, algorithms: ['RS256'] }));
  } catch {
    return challenge(401, 'invalid_token');
  }
  if (typeof payload.scp !== 'string' || !payload.scp.split(' ').includes('Orders.Read')) return challenge(403, 'insufficient_scope');
  return { jsonBody: { subject: payload.oid ?? payload.sub } };
};

app.http('orders', { methods: ['GET'], authLevel: 'anonymous', handler });
