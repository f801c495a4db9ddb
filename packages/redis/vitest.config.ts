import { packageTests } from '../../vitest.base.js';

export default packageTests(
  {
    // Files one after another: with a shared REDIS_URL, one file's CLIENT PAUSE must not stall another's.
    fileParallelism: false,
    // The fleet test starts Node processes, each loading TypeScript.
    testTimeout: 30_000,
  },
  { statements: 99, branches: 97, functions: 100, lines: 100 },
); // coverage floors: what the suite reaches now, rounded down
