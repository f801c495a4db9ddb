import { describe, expect, it } from 'vitest';
import { DEFAULT_JWKS_OPTIONS, resolveJwksOptions } from '../../src/keys/index.js';
import type { JwksOptions } from '../../src/shared/types.js';

describe('resolveJwksOptions', () => {
  it('applies the documented defaults', () => {
    const resolved = resolveJwksOptions();
    expect(resolved).toMatchObject({
      cacheMaxAgeMs: 600_000,
      minCacheMaxAgeMs: 60_000,
      maxCacheMaxAgeMs: 86_400_000,
      cooldownMs: 30_000,
      staleIfErrorMs: 3_600_000,
      timeoutMs: 5_000,
      maxResponseBytes: 262_144,
      maxBackoffMs: 30_000,
    });
    expect(DEFAULT_JWKS_OPTIONS.cacheMaxAgeMs).toBe(600_000);
  });

  it('bounds stored key sets by default and leaves their integrity off', () => {
    expect(resolveJwksOptions({ maxResponseBytes: 1_000 })).toMatchObject({
      maxStoredKeys: 100,
      maxStoredBytes: 5_096,
      storeIntegrity: undefined,
    });
  });

  it('provides a fetch and an in-memory store when none is given', async () => {
    const resolved = resolveJwksOptions({});
    expect(typeof resolved.fetch).toBe('function');
    await resolved.store.set('id', { keys: [], fetchedAt: 1, expiresAt: 2 });
    expect(await resolved.store.get('id')).toEqual({ keys: [], fetchedAt: 1, expiresAt: 2 });
  });

  it('keeps given values, fetch and store', () => {
    const fetch = async () => new Response('{}');
    const store = { get: () => undefined, set: () => undefined };
    const resolved = resolveJwksOptions({ cooldownMs: 0, staleIfErrorMs: 0, fetch, store });
    expect(resolved).toMatchObject({ cooldownMs: 0, staleIfErrorMs: 0 });
    expect(resolved.fetch).toBe(fetch);
    expect(resolved.store).toBe(store);
  });

  it('is idempotent', () => {
    const once = resolveJwksOptions({ timeoutMs: 200 });
    expect(resolveJwksOptions(once)).toEqual(once);
  });

  it.each<[string, JwksOptions]>([
    ['negative', { cacheMaxAgeMs: -1 }],
    ['NaN', { cooldownMs: Number.NaN }],
    ['infinite', { staleIfErrorMs: Number.POSITIVE_INFINITY }],
    ['a string', { timeoutMs: '5000' as unknown as number }],
    ['a zero timeout', { timeoutMs: 0 }],
    ['a zero size cap', { maxResponseBytes: 0 }],
  ])('throws a TypeError for %s', (_, options) => {
    expect(() => resolveJwksOptions(options)).toThrow(TypeError);
  });

  it('throws a TypeError when minCacheMaxAgeMs exceeds maxCacheMaxAgeMs', () => {
    expect(() => resolveJwksOptions({ minCacheMaxAgeMs: 10_000, maxCacheMaxAgeMs: 5_000 })).toThrow(/minCacheMaxAgeMs/);
  });

  it('throws a TypeError for a fetch that is not a function', () => {
    expect(() => resolveJwksOptions({ fetch: 'fetch' as unknown as JwksOptions['fetch'] })).toThrow(/jwks\.fetch/);
  });

  it('throws a TypeError for a store without get and set', () => {
    expect(() => resolveJwksOptions({ store: { get: () => undefined } as unknown as JwksOptions['store'] })).toThrow(/jwks\.store/);
  });

  it('names the option in the message', () => {
    expect(() => resolveJwksOptions({ maxBackoffMs: -5 })).toThrow('tokenward: jwks.maxBackoffMs must be a finite number ≥ 0');
  });
});
