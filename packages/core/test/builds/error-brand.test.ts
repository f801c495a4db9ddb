import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as CoreModule from '../../src/index.js';

// Two builds of core in one process, as when a CommonJS dependency and an ES module app each load
// their own copy: an error made by one must be recognised by the other.
type Core = typeof CoreModule;

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
let outDir: string;
let cjs: Core;
let esm: Core;

beforeAll(async () => {
  // Inside the package, so the bundles resolve `jose` from its node_modules like the published dist.
  outDir = await mkdtemp(join(packageDir, 'node_modules', '.error-brand-'));
  await build({
    config: false,
    entry: { index: join(packageDir, 'src/index.ts') },
    format: ['esm', 'cjs'],
    outDir,
    target: 'es2022',
    splitting: false,
    dts: false,
    silent: true,
  });
  cjs = createRequire(import.meta.url)(join(outDir, 'index.cjs')) as Core;
  esm = (await import(/* @vite-ignore */ pathToFileURL(join(outDir, 'index.js')).href)) as Core;
}, 60_000);

afterAll(async () => {
  if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
});

describe('errors are recognised across builds of core', () => {
  it('loads two distinct copies of the error classes', () => {
    expect(cjs.InsufficientScopeError).not.toBe(esm.InsufficientScopeError);
  });

  it("isTokenwardError recognises the other build's error", () => {
    const error = new cjs.InsufficientScopeError('needs Orders.Read', { requiredScopes: ['Orders.Read'] });
    expect(esm.isTokenwardError(error)).toBe(true);
    expect(cjs.isTokenwardError(new esm.TokenExpiredError('expired'))).toBe(true);
  });

  it("toErrorResponse answers the other build's insufficient_scope with 403 and its scopes", () => {
    const error = new cjs.InsufficientScopeError('needs Orders.Read', { requiredScopes: ['Orders.Read'] });
    const response = esm.toErrorResponse(error);
    expect(response.status).toBe(403);
    expect(response.body.error).toBe('insufficient_scope');
    expect(response.headers['WWW-Authenticate']).toContain('scope="Orders.Read"');
  });

  it("toTokenwardError keeps the other build's error as it is", () => {
    const error = new esm.JwksUnavailableError('keys unreachable', { retryAfterSec: 5 });
    expect(cjs.toTokenwardError(error)).toBe(error);
  });

  it("instanceof matches the other build's classes by code and family", () => {
    const error = new cjs.InsufficientScopeError('needs Orders.Read', { requiredScopes: ['Orders.Read'] });
    expect(error).toBeInstanceOf(esm.InsufficientScopeError);
    expect(error).toBeInstanceOf(esm.AccessDeniedError);
    expect(error).toBeInstanceOf(esm.TokenwardError);
    expect(error).not.toBeInstanceOf(esm.ForbiddenError);
    expect(error).not.toBeInstanceOf(esm.InvalidTokenError);
    expect(new esm.TokenExpiredError('expired')).toBeInstanceOf(cjs.InvalidTokenError);
  });

  it('instanceof on a subclass of your own still means that subclass', () => {
    class OrdersForbiddenError extends esm.ForbiddenError {}
    expect(new esm.ForbiddenError('no')).not.toBeInstanceOf(OrdersForbiddenError);
    expect(new OrdersForbiddenError('no')).toBeInstanceOf(OrdersForbiddenError);
    expect(new OrdersForbiddenError('no')).toBeInstanceOf(cjs.ForbiddenError);
  });

  it('does not take a plain object with a code for an error', () => {
    const lookalike = { code: 'insufficient_scope', status: 403, message: 'x', requiredScopes: [] };
    expect(esm.isTokenwardError(lookalike)).toBe(false);
    expect(lookalike).not.toBeInstanceOf(esm.TokenwardError);
    expect(esm.toErrorResponse(lookalike).status).toBe(401);
  });
});
