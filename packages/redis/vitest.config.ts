import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // Files one after another: with a shared REDIS_URL, one file's CLIENT PAUSE must not stall another's.
    fileParallelism: false,
    // The fleet test starts Node processes, each loading TypeScript.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
