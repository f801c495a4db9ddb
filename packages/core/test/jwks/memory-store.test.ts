import { describe, expect, it } from 'vitest';
import { createMemoryKeyStore } from '../../src/keys/index.js';

describe('createMemoryKeyStore', () => {
  it('returns what was set for a source id', () => {
    const store = createMemoryKeyStore();
    const value = { keys: [{ kty: 'RSA', kid: 'a' }], fetchedAt: 1, expiresAt: 2 };
    store.set('https://example.com/keys', value);
    expect(store.get('https://example.com/keys')).toBe(value);
  });

  it('returns undefined for an unknown source id', () => {
    expect(createMemoryKeyStore().get('https://example.com/keys')).toBeUndefined();
  });

  it('keeps separate stores apart', () => {
    const a = createMemoryKeyStore();
    const b = createMemoryKeyStore();
    a.set('id', { keys: [], fetchedAt: 1, expiresAt: 2 });
    expect(b.get('id')).toBeUndefined();
  });
});
