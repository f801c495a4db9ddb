import type { Options } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * The adapter kit is loaded beside the main entry (every adapter imports both), so it must not carry
 * its own copy of what the main entry already has. Its imports of the error tree and of the RFC 6750
 * answer become imports of `@tokenward/core` itself: one copy of each in an app or a Worker bundle,
 * and the very error classes the verifier throws. Every name the kit uses from them is public there.
 */
export const kitSharesMainEntry: EsbuildPlugin = {
  name: 'adapter-kit-shares-main-entry',
  setup(build) {
    build.onResolve({ filter: /\/(shared\/errors|rfc6750\/error-response)\.js$/ }, () => ({ path: '@tokenward/core', external: true }));
  },
};

// index.node: the same API with node:crypto signature checks and node:http key fetches, chosen by the `node` export condition.
// store: the store kit (@tokenward/core/store) for @tokenward/redis, @tokenward/kv and @tokenward/fauna.
// Each of these entries is one self-contained file: a runtime loads one of them, and a chunk shared between
// them would cost every cold start on Node an extra module load (0.4–0.8 ms, bench/cold-start).
const entries = packageBuild(
  { index: 'src/index.ts', 'index.node': 'src/index.node.ts', store: 'src/store/index.ts' },
  { splitting: false },
);
// adapter: the adapter kit (@tokenward/core/adapter) for the framework adapters, built on its own so that
// only its imports are redirected to the main entry.
const kit = packageBuild({ adapter: 'src/adapter/index.ts' }, { splitting: false, esbuildPlugins: [kitSharesMainEntry] });

export default (overrides: Options): Options[] => [
  ...(entries as (overrides: Options) => Options[])(overrides),
  ...(kit as (overrides: Options) => Options[])(overrides),
];
