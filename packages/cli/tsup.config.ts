import { defineConfig } from 'tsup';

export default defineConfig({
  // `cli` is the `tokenward` bin; its source starts with a shebang, which esbuild keeps.
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  sourcemap: true,
  target: 'es2022',
  treeshake: true,
  shims: true,
});
