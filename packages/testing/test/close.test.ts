import { describe, expect, it } from 'vitest';
import { createTestIssuer } from '../src/index.js';

/** Polls until `condition` holds: requests reach the server asynchronously. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 2));
}

describe('close()', () => {
  it('returns promptly while a request hangs, failing that request', async () => {
    const issuer = await createTestIssuer();
    issuer.setFault({ kind: 'hang' });
    const hung = fetch(issuer.jwksUri).then(
      () => 'answered',
      (e: unknown) => e,
    );
    await until(() => issuer.requests.jwks === 1);
    const started = performance.now();
    await issuer.close();
    expect(performance.now() - started).toBeLessThan(500);
    expect(await hung).toBeInstanceOf(TypeError);
  });

  it('returns promptly during a latency fault and a slow drip', async () => {
    const issuer = await createTestIssuer();
    issuer.setFault({ kind: 'latency', ms: 60_000 });
    const delayed = fetch(issuer.jwksUri).catch((e: unknown) => e);
    await until(() => issuer.requests.jwks === 1);
    issuer.setFault({ kind: 'slow-drip', chunkDelayMs: 60_000 });
    const dripping = fetch(issuer.discoveryUrl)
      .then((r) => r.text())
      .catch((e: unknown) => e);
    await until(() => issuer.requests.discovery === 1);
    const started = performance.now();
    await issuer.close();
    expect(performance.now() - started).toBeLessThan(500);
    expect(await delayed).toBeInstanceOf(TypeError);
    expect(await dripping).toBeInstanceOf(TypeError);
  });

  it('stops accepting connections', async () => {
    const issuer = await createTestIssuer();
    await issuer.close();
    await expect(fetch(issuer.jwksUri)).rejects.toThrow(TypeError);
  });

  it('can be called twice', async () => {
    const issuer = await createTestIssuer();
    await Promise.all([issuer.close(), issuer.close()]);
    await expect(issuer.close()).resolves.toBeUndefined();
  });
});
