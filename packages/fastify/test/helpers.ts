import type { ServerOptions } from 'node:http';
import { createAccessPolicy, entra } from '@tokenward/core';
import { createTestIssuer, type ConformanceSetup, type TestIssuer } from '@tokenward/testing';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import Fastify4 from 'fastify4';
import { errorResponses, tokenward, type TokenwardFastifyOptions } from '../src/index.js';

/** Fastify's factory. Both majors behind one type: the plugin's declaration merging targets `fastify`'s types. */
export type FastifyFactory = (options?: { logger?: boolean; http?: ServerOptions }) => FastifyInstance;

/** Every spec runs against both majors the plugin supports. */
export const FASTIFY_VERSIONS: ReadonlyArray<readonly [string, FastifyFactory]> = [
  ['Fastify 5', Fastify as FastifyFactory],
  ['Fastify 4', Fastify4 as unknown as FastifyFactory],
];

/** An Entra-shaped local issuer on 127.0.0.1; give issuers trusted side by side their own tenant. */
export function entraIssuer(tenantId?: string): Promise<TestIssuer> {
  return createTestIssuer({ provider: 'entra', ...(tenantId === undefined ? {} : { tenantId }) });
}

/** Plugin options trusting `issuer`. */
export function optionsFor(issuer: TestIssuer, extra: Partial<TokenwardFastifyOptions> = {}): TokenwardFastifyOptions {
  return {
    issuers: [entra({ tenantId: issuer.tenantId ?? '', audience: issuer.audience, authority: issuer.url })],
    ...extra,
  } as TokenwardFastifyOptions;
}

/** A Fastify app with the plugin registered (awaited, so onRoute validation sees every route). */
export async function appWith(factory: FastifyFactory, options: TokenwardFastifyOptions): Promise<FastifyInstance> {
  const app = factory();
  await app.register(tokenward, options);
  return app;
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** The conformance app of @tokenward/testing (also the attack app), built from its `setup`. */
export async function conformanceApp(
  factory: FastifyFactory,
  setup: ConformanceSetup,
  serverOptions: ServerOptions = {},
): Promise<FastifyInstance> {
  const app = factory({ http: serverOptions });
  await app.register(tokenward, {
    issuers: setup.issuers.map((settings) => entra(settings)),
    jwks: setup.jwks,
    realm: setup.realm,
    includeDescription: setup.includeDescription,
    tokenLocation: setup.tokenLocation,
    dpop: setup.dpop,
  });
  const identify = async (request: Pick<FastifyRequest, 'auth'>) => ({ subject: request.auth?.principal.subject });
  const schema = { response: errorResponses };
  app.get(setup.routes.orders.path, { config: { tokenward: setup.routes.orders.requirement }, schema }, identify);
  app.get(setup.routes.admin.path, { config: { tokenward: setup.routes.admin.requirement }, schema }, identify);
  app.get(setup.routes.partner.path, { config: { tokenward: createAccessPolicy(setup.routes.partner.policy) }, schema }, identify);
  app.get(setup.routes.stepUp.path, { config: { tokenward: setup.routes.stepUp.requirement }, schema }, identify);
  return app;
}
