// The README's examples, type-checked.
import { createVerifier, entra, isTokenwardError, toErrorResponse, type Principal } from '@tokenward/core';
import { createTestIssuer } from '@tokenward/testing';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { authorize, tokenward } from '../src/index.js';

declare const tenantId: string;
declare const handler: RequestHandler;
declare const publicCatalogue: unknown;
declare function catalogueFor(principal: Principal): unknown;
declare const origin: string;

export function example(): void {
  const auth = { issuers: [entra({ tenantId: process.env.TENANT_ID ?? '', audience: 'api://orders' })], realm: 'orders' };
  const app = express();
  app.use('/api', tokenward(auth));
  app.get('/api/orders', authorize({ scopes: 'Orders.Read' }), (req, res) => void res.json({ subject: req.auth?.principal.subject }));
  app.get('/api/admin', authorize({ roles: 'Orders.Admin' }), (req, res) => void res.json(req.auth?.principal));
  app.listen(3000);
}

export function requirement(): void {
  const app = express();
  app.get(
    '/api/tenants/:id',
    authorize((token, req) => token.claims.tid === req.params.id || 'another tenant'),
    handler,
  );
}

export function optional(): void {
  const app = express();
  const verifier = createVerifier({ issuers: [entra({ tenantId, audience: 'api://orders' })] });
  app.get('/catalogue', tokenward({ verifier, optional: true }), (req, res) => {
    res.json(req.auth === undefined ? publicCatalogue : catalogueFor(req.auth.principal));
  });
}

export function errors(): void {
  const auth = { issuers: [entra({ tenantId, audience: 'api://orders' })], realm: 'orders' };
  const app = express();
  app.use('/api', tokenward({ ...auth, onError: 'next' }));
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!isTokenwardError(error)) return next(error);
    console.warn(`${req.method} ${req.path}: ${error.code}`);
    const { status, headers, body } = toErrorResponse(error, { realm: 'orders' });
    res.status(status).set(headers).json(body);
  });
}

export async function testing(): Promise<void> {
  const issuer = await createTestIssuer({ provider: 'entra' });
  const auth = { issuers: [entra({ tenantId: issuer.tenantId ?? '', audience: issuer.audience, authority: issuer.url })] };
  void tokenward(auth);
  await fetch(`${origin}/api/orders`, { headers: { authorization: `Bearer ${await issuer.mint({ scp: 'Orders.Read' })}` } });
}
