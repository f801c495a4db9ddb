import { packageTests } from '../../vitest.base.js';

export default packageTests({
  // Several workerd isolates per file.
  testTimeout: 30_000,
});
