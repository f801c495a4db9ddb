/**
 * The Functions entry (`main` in package.json), for the Azure Functions host (`func start` with Azure
 * Functions Core Tools 4, or a deployed function app). authLevel 'anonymous': the token is the
 * authentication; function keys are a shared secret, not a user.
 */
import { app } from '@azure/functions';
import { productionAuth } from './auth.js';
import { orderFunctions } from './functions.js';

const functions = orderFunctions(productionAuth());
app.http('listOrders', { methods: ['GET'], route: 'orders', authLevel: 'anonymous', handler: functions.listOrders });
app.http('deleteOrder', { methods: ['DELETE'], route: 'orders/{id}', authLevel: 'anonymous', handler: functions.deleteOrder });
