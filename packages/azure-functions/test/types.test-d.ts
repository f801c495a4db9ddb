import { app, type HttpHandler, type HttpRequest, type InvocationContext } from '@azure/functions';
import type { Principal, VerifiedToken, Verifier } from '@tokenward/core';
import { describe, expectTypeOf, it } from 'vitest';
import { authOf, withAuth, type AppServiceIdentity } from '../src/index.js';

declare const verifier: Verifier;
interface OrderClaims {
  readonly oid: string;
  readonly scp: string;
  readonly [claim: string]: unknown;
}

describe('public types (checked against @azure/functions)', () => {
  it('returns a handler for app.http, and gives the handler the request, the context and the verified token', () => {
    const handler = withAuth({ verifier }, { scopes: 'Orders.Read' }, (request, context, auth) => {
      expectTypeOf(request).toEqualTypeOf<HttpRequest>();
      expectTypeOf(context).toEqualTypeOf<InvocationContext>();
      expectTypeOf(auth).toEqualTypeOf<VerifiedToken>();
      return { jsonBody: { subject: auth.principal.subject } };
    });
    expectTypeOf(handler).toExtend<HttpHandler>();
    app.http('orders', { methods: ['GET'], authLevel: 'anonymous', handler });
  });

  it('types the claims when asked', () => {
    withAuth<OrderClaims>({ verifier }, null, (_request, _context, auth) => {
      expectTypeOf(auth.claims.oid).toEqualTypeOf<string>();
      return {};
    });
  });

  it('adds undefined to the identity of an optional route, also when optional is only known as a boolean', () => {
    withAuth({ verifier, optional: true }, null, (_request, _context, auth) => {
      expectTypeOf(auth).toEqualTypeOf<VerifiedToken | undefined>();
      return {};
    });
    const settings: { verifier: Verifier; optional: boolean } = { verifier, optional: false };
    withAuth(settings, null, (_request, _context, auth) => {
      expectTypeOf(auth).toEqualTypeOf<VerifiedToken | undefined>();
      return {};
    });
    withAuth({ verifier, optional: false }, null, (_request, _context, auth) => {
      expectTypeOf(auth).toEqualTypeOf<VerifiedToken>();
      return {};
    });
  });

  it('adds the App Service identity when the header is trusted, and the principal to what checks receive', () => {
    withAuth(
      { verifier, trustAppServiceAuth: true },
      (token, { request, context }) => {
        expectTypeOf(token).toEqualTypeOf<VerifiedToken | Principal>();
        expectTypeOf(request).toEqualTypeOf<HttpRequest>();
        expectTypeOf(context).toEqualTypeOf<InvocationContext>();
      },
      (_request, _context, auth) => {
        expectTypeOf(auth).toEqualTypeOf<VerifiedToken | AppServiceIdentity>();
        expectTypeOf(auth.principal).toEqualTypeOf<Principal>();
        return {};
      },
    );
  });

  it('gives checks the verified token by default', () => {
    withAuth(
      { verifier },
      (token) => {
        expectTypeOf(token).toEqualTypeOf<VerifiedToken>();
        return token.claims.scp === 'Orders.Read';
      },
      () => ({}),
    );
  });

  it('types onError, without widening the identity, and authOf', () => {
    withAuth(
      {
        verifier,
        onError: (error, { response }) => {
          expectTypeOf(error.code).toBeString();
          return { ...response, headers: { 'Access-Control-Allow-Origin': '*' } };
        },
      },
      null,
      (_request, _context, auth) => {
        expectTypeOf(auth).toEqualTypeOf<VerifiedToken>();
        return {};
      },
    );
    withAuth({ verifier, optional: true, onError: () => undefined }, null, (_request, _context, auth) => {
      expectTypeOf(auth).toEqualTypeOf<VerifiedToken | undefined>();
      return {};
    });
    expectTypeOf(authOf).parameter(0).toEqualTypeOf<InvocationContext>();
    expectTypeOf(authOf({} as InvocationContext)).toEqualTypeOf<VerifiedToken | AppServiceIdentity | undefined>();
  });

  it('rejects a handler that returns no response and a requirement of the wrong shape', () => {
    // @ts-expect-error the handler must return an HttpResponseInit or HttpResponse
    withAuth({ verifier }, null, () => 'ok');
    // @ts-expect-error scopes are strings
    withAuth({ verifier }, { scopes: 42 }, () => ({}));
  });
});
