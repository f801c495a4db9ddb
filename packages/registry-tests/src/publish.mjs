// Publishes every public workspace package the way a release does: `pnpm -r publish`, so workspace:
// ranges are rewritten and pack-time scripts (prepack, publishConfig) apply.
import { pnpmCommand, run } from './process.mjs';

export async function publishAll(registry, workspaceRoot) {
  const [command, prefix] = pnpmCommand();
  const result = await run(command, [...prefix, '-r', 'publish', '--registry', registry.url, '--no-git-checks'], {
    cwd: workspaceRoot,
    env: { NPM_CONFIG_USERCONFIG: registry.npmrc, npm_config_registry: registry.url },
    timeoutMs: 300_000,
  });
  if (result.code !== 0) {
    throw new Error(`pnpm -r publish exited ${result.code}${result.timedOut ? ' (timed out)' : ''}:\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}
