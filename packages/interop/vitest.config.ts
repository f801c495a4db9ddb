import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // A real OpenID provider on 127.0.0.1; the key rotation test waits out a short cooldown.
    testTimeout: 15_000,
    hookTimeout: 30_000,
  },
});
