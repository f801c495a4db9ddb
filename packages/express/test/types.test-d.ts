import type { TokenwardErrorUnion, VerifiedToken, Verifier } from '@tokenward/core';
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { describe, expectTypeOf, it } from 'vitest';
import { authorize, tokenward, type ExpressRequirement } from '../src/index.js';

declare const verifier: Verifier;

describe('public types (checked against @types/express 5)', () => {
  it('types req.auth as a VerifiedToken, possibly undefined, on every Express request', () => {
    const app = express();
    app.get('/', tokenward({ verifier }), (req, res) => {
      expectTypeOf(req.auth).toEqualTypeOf<VerifiedToken | undefined>();
      res.json({ subject: req.auth?.principal.subject });
    });
    expectTypeOf<Request['auth']>().toEqualTypeOf<VerifiedToken | undefined>();
  });

  it('returns Express RequestHandlers for app.use, routes and routers', () => {
    expectTypeOf(tokenward({ verifier })).toEqualTypeOf<RequestHandler>();
    expectTypeOf(authorize({ scopes: 'Orders.Read' })).toEqualTypeOf<RequestHandler>();
    const router = Router();
    router.use(tokenward({ issuers: [], realm: 'orders', optional: true }));
    router.get('/orders/:id', authorize({ roles: ['Orders.Admin'], match: 'any' }), (req, res) => {
      expectTypeOf(req.auth).toEqualTypeOf<VerifiedToken | undefined>();
      res.end();
    });
  });

  it('passes the token and the Express req to a requirement check', () => {
    tokenward({ verifier }, (token, req) => {
      expectTypeOf(token).toEqualTypeOf<VerifiedToken>();
      expectTypeOf(req).toEqualTypeOf<Request>();
      return req.get('x-tenant') === 'contoso';
    });
    const check: ExpressRequirement = async (token) => token.principal.roles.includes('Orders.Admin') || 'not an admin';
    authorize(check);
  });

  it('passes the tokenward error, req, res and next to onError', () => {
    tokenward({
      verifier,
      onError: (error, req, res, next) => {
        expectTypeOf(error).toEqualTypeOf<TokenwardErrorUnion>();
        expectTypeOf(error.code).toExtend<string>();
        expectTypeOf(req).toEqualTypeOf<Request>();
        expectTypeOf(res).toEqualTypeOf<Response>();
        expectTypeOf(next).toEqualTypeOf<NextFunction>();
      },
    });
    tokenward({ verifier, onError: 'next' });
  });

  it('rejects mistyped options and requirements', () => {
    // @ts-expect-error realm is a string
    tokenward({ verifier, realm: 1 });
    // @ts-expect-error onError is 'respond', 'next' or a function
    tokenward({ verifier, onError: 'throw' });
    // @ts-expect-error scopes are strings
    tokenward({ verifier }, { scopes: 1 });
    // @ts-expect-error a requirement is required
    authorize();
  });
});
