// Baseline: a v4 programming-model HTTP function with no auth. It answers 200.
import { app } from '@azure/functions';

/** @type {import('@azure/functions').HttpHandler} */
export const handler = async () => ({ status: 200, jsonBody: { subject: 'anonymous' } });

app.http('orders', { methods: ['GET'], authLevel: 'anonymous', handler });
