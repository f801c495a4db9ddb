// The repository's rules, plus the globals of the runtimes these plain .mjs scripts run on.
import root from '../../eslint.config.js';

const runtime = ['process', 'console', 'fetch', 'setTimeout', 'clearTimeout', 'AbortSignal', 'URL', 'Request', 'Response'];

export default [
  ...root,
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { ...Object.fromEntries(runtime.map((name) => [name, 'readonly'])), Bun: 'readonly', Deno: 'readonly' } },
  },
];
