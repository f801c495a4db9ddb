import { defineConfig } from 'tsup';

export default defineConfig({
  // index.node: the same API with node:crypto signature checks, chosen by the `node` export condition.
  entry: ['src/index.ts', 'src/index.node.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  treeshake: true,
});
