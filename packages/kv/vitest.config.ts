import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // workerd starts in well under a second; the margin covers a loaded CI machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
