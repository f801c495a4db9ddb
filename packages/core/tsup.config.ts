import { packageBuild } from '../../tsup.base.js';

// adapter: the adapter kit (@tokenward/core/adapter) for the framework adapters.
// store: the store kit (@tokenward/core/store) for @tokenward/redis and @tokenward/kv.
// index.node: the same API with node:crypto signature checks and node:http key fetches, chosen by the `node` export condition.
// Each entry is one self-contained file: a runtime loads one of them, and a chunk shared between them
// would cost every cold start on Node an extra module load (0.4–0.8 ms, bench/cold-start).
export default packageBuild(
  { index: 'src/index.ts', 'index.node': 'src/index.node.ts', store: 'src/store/index.ts', adapter: 'src/adapter/index.ts' },
  { splitting: false },
);
