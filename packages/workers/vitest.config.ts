import { packageTests } from '../../vitest.base.js';

// Coverage floors: what the suite reaches now, rounded down.
export default packageTests({}, { statements: 92, branches: 86, functions: 93, lines: 96 });
