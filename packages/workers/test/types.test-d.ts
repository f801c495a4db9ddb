import type { VerifiedToken } from '@tokenward/core';
import { Hono } from 'hono';
import { describe, expectTypeOf, it } from 'vitest';
import { withAuth } from '../src/index.js';
import { authorize, requireAuth, tokenward } from '../src/hono.js';

interface Env {
  readonly TENANT_ID: string;
}

declare const options: (env: Env) => { issuers: [] };

describe('public types (checked against @cloudflare/workers-types)', () => {
  it('returns a handler for ExportedHandler<Env>, with env inferred from the options', () => {
    const worker = {
      fetch: withAuth(options, { scopes: 'Orders.Read' }, (_request, env, ctx, auth) => {
        expectTypeOf(env).toEqualTypeOf<Env>();
        expectTypeOf(ctx.waitUntil).toBeFunction();
        expectTypeOf(auth).toEqualTypeOf<VerifiedToken>();
        return new Response('ok');
      }),
    } satisfies ExportedHandler<Env>;
    void worker;
  });

  it('gives the handler the full ExecutionContext when it asks for one', () => {
    const fetch: ExportedHandlerFetchHandler<Env> = withAuth(options, null, (_request, _env, ctx: ExecutionContext) => {
      ctx.passThroughOnException();
      return new Response('ok');
    });
    void fetch;
  });

  it('passes env to a requirement check', () => {
    withAuth(
      options,
      (token, env) => {
        expectTypeOf(token).toEqualTypeOf<VerifiedToken>();
        expectTypeOf(env).toEqualTypeOf<Env>();
      },
      () => new Response('ok'),
    );
  });

  it('types c.get("auth") and c.env in Hono routes', () => {
    const app = new Hono<{ Bindings: Env }>();
    app.use(tokenward((_env: Env) => ({ issuers: [] })));
    app.use(
      tokenward<Env>((env) => {
        expectTypeOf(env).toEqualTypeOf<Env>();
        return { issuers: [] };
      }),
    );
    app.get(
      '/',
      authorize((_token, env: Env) => expectTypeOf(env).toEqualTypeOf<Env>()),
      (c) => {
        expectTypeOf(c.get('auth')).toEqualTypeOf<VerifiedToken>();
        expectTypeOf(c.env).toEqualTypeOf<Env>();
        return c.text('ok');
      },
    );
    app.get('/inline', tokenward(options, { roles: 'Orders.Admin' }), (c) => {
      expectTypeOf(c.var.auth).toEqualTypeOf<VerifiedToken>();
      return c.text(c.env.TENANT_ID);
    });
    // A route without tokenward() or authorize() of its own may run without a token.
    new Hono().get('/', (c) => {
      expectTypeOf(c.get('auth')).toEqualTypeOf<VerifiedToken | undefined>();
      return c.text('ok');
    });
    const protectedByPath = new Hono();
    protectedByPath.use('/api/*', tokenward(options));
    protectedByPath.get('/api/me', (c) => {
      expectTypeOf(c.get('auth')).toEqualTypeOf<VerifiedToken | undefined>();
      // @ts-expect-error possibly undefined: only the route's own chain proves a token was verified
      return c.text(c.get('auth').principal.subject);
    });
    protectedByPath.get('/api/profile', (c) => {
      expectTypeOf(requireAuth(c)).toEqualTypeOf<VerifiedToken>();
      return c.json(requireAuth(c).principal);
    });
    // @ts-expect-error a requirement is required
    authorize();
  });
});
