// The README's examples, type-checked against @azure/functions.
import { app, HttpRequest, InvocationContext } from '@azure/functions';
import { createVerifier, entra } from '@tokenward/core';
import { createTestIssuer } from '@tokenward/testing';
import { withAuth } from '../src/index.js';

const verifier = createVerifier({ issuers: [entra({ tenantId: process.env.TENANT_ID ?? '', audience: 'api://orders' })] });

app.http('orders', {
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: withAuth({ verifier, realm: 'orders' }, { scopes: 'Orders.Read' }, async (request, context, { principal }) => ({
    jsonBody: { subject: principal.subject },
  })),
});

app.hook.appStart(() => verifier.warm());

app.http('me', {
  handler: withAuth({ verifier, trustAppServiceAuth: true }, { roles: 'Orders.Admin' }, async (request, context, caller) => ({
    jsonBody: { subject: caller.principal.subject, via: 'source' in caller ? caller.authType : 'bearer' },
  })),
});

const origin = 'https://app.example.com';
app.http('reports', {
  handler: withAuth(
    {
      verifier,
      onError: (error, { response }) => ({ ...response, headers: { ...response.headers, 'Access-Control-Allow-Origin': origin } }),
    },
    null,
    async () => ({ status: 204 }),
  ),
});

export async function testing(): Promise<unknown> {
  const issuer = await createTestIssuer({ provider: 'entra' });
  const handler = withAuth(
    { issuers: [entra({ tenantId: issuer.tenantId ?? '', audience: issuer.audience, authority: issuer.url })] },
    null,
    async () => ({ status: 204 }),
  );
  const request = new HttpRequest({
    method: 'GET',
    url: 'http://localhost/api/orders',
    headers: { authorization: `Bearer ${await issuer.mint()}` },
  });
  const response = await handler(request, new InvocationContext());
  return response;
}
