// tokenward: the handler as packages/azure-functions/README.md writes it (entra() preset, withAuth, the
// Orders.Read scope), with the preset's `authority` pointed at the loopback test issuer.
import { app } from '@azure/functions';
import { createVerifier, entra } from '@tokenward/core';
import { withAuth } from '@tokenward/azure-functions';

const { tenantId, audience, authority } = JSON.parse(process.env.COLD_CONFIG);
const verifier = createVerifier({ issuers: [entra({ tenantId, audience, authority })] });

/** @type {import('@azure/functions').HttpHandler} */
export const handler = withAuth({ verifier, realm: 'orders' }, { scopes: 'Orders.Read' }, async (request, context, { principal }) => ({
  jsonBody: { subject: principal.subject },
}));

app.http('orders', { methods: ['GET'], authLevel: 'anonymous', handler });
