import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const nodeBackendShim = fileURLToPath(new URL('./test/support/node-backend-as-webcrypto.ts', import.meta.url));
const nodeFetchShim = fileURLToPath(new URL('./test/support/node-fetch-as-default.ts', import.meta.url));
const nodeCertificateShim = fileURLToPath(new URL('./test/support/node-certificate-as-jose.ts', import.meta.url));
const nodeCodecShim = fileURLToPath(new URL('./test/support/node-codec-as-portable.ts', import.meta.url));

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    // Generous limits, not performance assertions: turbo runs every package's tests at once on 2 cores.
    testTimeout: 15_000,
    hookTimeout: 30_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'text'],
      // What the suite reaches now, rounded down: a drop fails the run.
      thresholds: { lines: 98, statements: 96, functions: 96, branches: 93 },
    },
    // Both platforms pass the same suite: WebCrypto, jose's certificate reader, the global fetch and the
    // portable codec (every runtime), and node:crypto, the node:http key fetcher and the Buffer codec (the
    // Node entry's defaults).
    projects: [
      { extends: true, test: { name: 'webcrypto', include: ['test/**/*.test.ts'], env: { CORE_TEST_PLATFORM: 'web' } } },
      {
        extends: true,
        test: { name: 'node-crypto', include: ['test/**/*.test.ts'], env: { CORE_TEST_PLATFORM: 'node' } },
        resolve: {
          alias: [
            { find: /^.*\/crypto\/webcrypto-backend\.js$/, replacement: nodeBackendShim },
            { find: /^.*\/http\/default-fetch\.js$/, replacement: nodeFetchShim },
            { find: /^.*\/crypto\/jose-certificate\.js$/, replacement: nodeCertificateShim },
            { find: /^.*\/token\/codec\.js$/, replacement: nodeCodecShim },
          ],
        },
      },
    ],
  },
});
