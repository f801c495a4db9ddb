import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // Real issuers and servers on 127.0.0.1; the outage cases wait for their fetch timeouts.
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
