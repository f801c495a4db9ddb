import { packageBuild } from '../../tsup.base.js';

// `cli` is the `tokenward` bin; its source starts with a shebang, which esbuild keeps.
export default packageBuild({ index: 'src/index.ts', cli: 'src/cli.ts' }, { dts: { entry: { index: 'src/index.ts' } }, shims: true });
