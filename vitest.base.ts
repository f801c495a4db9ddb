import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

type TestOptions = NonNullable<UserWorkspaceConfig['test']>;

/**
 * How every package and example tests: workspace packages resolved from their sources (the `source`
 * condition), `test/**\/*.test.ts`, and generous time limits — never performance assertions: turbo
 * runs every package's tests at once on 2 cores, against real servers on 127.0.0.1.
 */
export function packageTests(test: TestOptions = {}, coverage?: CoverageThresholds) {
  return defineProject({
    resolve: { conditions: ['source'] },
    ssr: { resolve: { conditions: ['source'] } },
    test: {
      include: ['test/**/*.test.ts'],
      testTimeout: 15_000,
      hookTimeout: 30_000,
      ...(coverage === undefined ? {} : { coverage: coverageConfig(coverage) }),
      ...test,
    },
  });
}

/** Percentages a package's suite must keep covering (`vitest run --coverage`): what it reaches, rounded down. */
export interface CoverageThresholds {
  readonly statements: number;
  readonly branches: number;
  readonly functions: number;
  readonly lines: number;
}

/** The one coverage setup: v8, the package's sources, thresholds that fail the run when coverage drops. */
export function coverageConfig(thresholds: CoverageThresholds) {
  return { provider: 'v8', include: ['src/**/*.ts'], reporter: ['text-summary', 'text'], thresholds: { ...thresholds } } as const;
}
