import { defineConfig, type Options } from 'tsup';

/**
 * How every published package is built: ESM + CJS with `.d.ts`/`.d.cts`, source maps, ES2022.
 * A package's tsup.config.ts names its entries and anything it does differently.
 */
export function packageBuild(entry: NonNullable<Options['entry']>, extra: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    treeshake: true,
    ...extra,
  });
}
