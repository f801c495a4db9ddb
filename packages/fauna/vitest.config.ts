import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // Real servers on 127.0.0.1 (the local issuer and the local Fauna server over HTTP/2).
    testTimeout: 15_000,
    hookTimeout: 30_000,
  },
});
