import { entra } from '@tokenward/core';
import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import Fastify4 from 'fastify4';
import { tokenward, type TokenwardFastifyOptions } from '../src/index.js';

/** Fastify's factory. Both majors behind one type: the plugin's declaration merging targets `fastify`'s types. */
export type FastifyFactory = (options?: { logger?: boolean }) => FastifyInstance;

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
  return { issuers: [entra({ tenantId: issuer.tenantId ?? '', audience: issuer.audience, authority: issuer.url })], ...extra } as TokenwardFastifyOptions;
}

/** A Fastify app with the plugin registered (awaited, so onRoute validation sees every route). */
export async function appWith(factory: FastifyFactory, options: TokenwardFastifyOptions): Promise<FastifyInstance> {
  const app = factory();
  await app.register(tokenward, options);
  return app;
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
