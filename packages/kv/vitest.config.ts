import { packageTests } from '../../vitest.base.js';

export default packageTests(
  {
    // Several workerd isolates per file.
    testTimeout: 30_000,
  },
  { statements: 93, branches: 82, functions: 93, lines: 94 },
); // coverage floors: what the suite reaches now, rounded down
