import { packageTests } from '../../vitest.base.js';

export default packageTests(
  {
    // Real issuers and servers on 127.0.0.1; the outage cases wait for their fetch timeouts.
    testTimeout: 20_000,
    globalSetup: ['test/global-setup.ts'],
  },
  { statements: 85, branches: 76, functions: 86, lines: 89 },
); // coverage floors: what the suite reaches now, rounded down
