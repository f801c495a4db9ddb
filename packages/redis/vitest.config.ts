import { packageTests } from '../../vitest.base.js';

export default packageTests({
  // Files one after another: with a shared REDIS_URL, one file's CLIENT PAUSE must not stall another's.
  fileParallelism: false,
  // The fleet test starts Node processes, each loading TypeScript.
  testTimeout: 30_000,
});
