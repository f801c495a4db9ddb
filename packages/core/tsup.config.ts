import { packageBuild } from '../../tsup.base.js';

// index.node: the same API with node:crypto signature checks and node:http key fetches, chosen by the `node` export condition.
export default packageBuild(['src/index.ts', 'src/index.node.ts']);
