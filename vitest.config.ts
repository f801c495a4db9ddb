import { defineConfig } from 'vitest/config';

// Each package's own vitest.config.ts is a project, so `npx vitest` at the root runs them all.
export default defineConfig({
  test: {
    projects: ['packages/*'],
  },
});
