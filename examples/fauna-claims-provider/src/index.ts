/**
 * The Functions entry (`main` in package.json), for the Azure Functions host (`func start` or a deployed
 * function app). Entra's custom authentication extension POSTs here; authLevel 'anonymous' because the
 * bearer token Entra sends is the authentication.
 */
import { app } from '@azure/functions';
import { claimsProviderFunction } from '@tokenward/fauna/azure-functions';
import { productionProvider } from './provider.js';

const provider = productionProvider();
// Fetch Entra's keys and open the Fauna connection before the first sign-in.
app.hook.appStart(() => provider.warm());
app.http('faunaClaims', { methods: ['POST'], route: 'fauna-claims', authLevel: 'anonymous', handler: claimsProviderFunction(provider) });
