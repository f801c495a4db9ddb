import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Options } from 'tsup';

/**
 * Dependencies that ship ESM only. The CommonJS build bundles them: `require()` of an ES module fails
 * on Node before 20.19 and under Jest's module system on every Node, so a CJS entry must never reach
 * one. The ESM build keeps them external (one shared copy for the app).
 */
const ESM_ONLY_DEPENDENCIES = ['jose', 'dpop'];

/** The dependencies of the package being built that its CJS build bundles. */
function bundledIntoCjs(): string[] {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies?: Record<string, string> };
  return ESM_ONLY_DEPENDENCIES.filter((name) => manifest.dependencies?.[name] !== undefined);
}

/** Their licences travel with the code: dist/THIRD_PARTY_LICENSES.md. */
function writeBundledLicences(names: readonly string[]): void {
  if (names.length === 0) return;
  const sections = names.map((name) => {
    const dir = join('node_modules', name);
    const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
    const licenceFile = readdirSync(dir).find((file) => /^licen[cs]e/i.test(file));
    if (!licenceFile) throw new Error(`tsup.base: ${name} is bundled into the CommonJS build but has no licence file`);
    return `## ${name}@${version}\n\n${readFileSync(join(dir, licenceFile), 'utf8').trim()}\n`;
  });
  writeFileSync(join('dist', 'THIRD_PARTY_LICENSES.md'), `# Bundled into the CommonJS build (*.cjs)\n\n${sections.join('\n')}`);
}

/**
 * How every published package is built: ESM + CJS with `.d.ts`/`.d.cts`, source maps, ES2022.
 * A package's tsup.config.ts names its entries and anything it does differently.
 */
export function packageBuild(entry: NonNullable<Options['entry']>, extra: Options = {}) {
  return defineConfig(() => {
    // The two formats build in parallel, so neither may clean: dist is emptied once, before both.
    rmSync('dist', { recursive: true, force: true });
    const common: Options = { entry, dts: true, clean: false, sourcemap: true, target: 'es2022', treeshake: true, ...extra };
    const bundled = bundledIntoCjs();
    return [
      { ...common, format: ['esm'] },
      {
        ...common,
        format: ['cjs'],
        noExternal: [...bundled, ...((extra.noExternal as string[] | undefined) ?? [])],
        // `import()` in a CJS file fails under Jest ("without --experimental-vm-modules"): esbuild
        // turns it into require() when told the target has no dynamic import. The rollup tree-shaking
        // pass would put `import()` back, and esbuild's own tree shaking suffices for a bundle.
        treeshake: false,
        esbuildOptions(options, context) {
          options.supported = { ...options.supported, 'dynamic-import': false };
          extra.esbuildOptions?.(options, context);
        },
        onSuccess: async () => writeBundledLicences(bundled),
      },
    ];
  });
}
