import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', fauna: 'src/fauna/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  treeshake: true,
});
