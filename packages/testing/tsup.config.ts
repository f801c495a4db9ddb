import { packageBuild } from '../../tsup.base.js';

export default packageBuild({ index: 'src/index.ts', fauna: 'src/fauna/index.ts', fuzz: 'src/fuzz-arbitraries.ts' });
