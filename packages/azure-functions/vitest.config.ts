import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // The conformance table's outage cases wait for the issuer's timeout (2 s) once or twice.
    testTimeout: 15_000,
    hookTimeout: 30_000,
  },
});
