import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

type TestOptions = NonNullable<UserWorkspaceConfig['test']>;

/**
 * How every package and example tests: workspace packages resolved from their sources (the `source`
 * condition), `test/**\/*.test.ts`, and generous time limits — never performance assertions: turbo
 * runs every package's tests at once on 2 cores, against real servers on 127.0.0.1.
 */
export function packageTests(test: TestOptions = {}) {
  return defineProject({
    resolve: { conditions: ['source'] },
    ssr: { resolve: { conditions: ['source'] } },
    test: { include: ['test/**/*.test.ts'], testTimeout: 15_000, hookTimeout: 30_000, ...test },
  });
}
