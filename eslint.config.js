import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noDeepImports = {
  patterns: [
    { group: ['@tokenward/*/src', '@tokenward/*/src/**'], message: 'Import the package entry, not its sources.' },
    { group: ['**/packages/*/test/**', '../../*/test/**'], message: "Do not reach into another package's tests; use @tokenward/testing." },
  ],
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/coverage/**', '**/node_modules/**', '**/.turbo/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      'no-restricted-imports': ['error', noDeepImports],
      '@typescript-eslint/no-explicit-any': 'error',
      // Claim checks may return nothing, a boolean or a message: `void` in that union is the point.
      '@typescript-eslint/no-invalid-void-type': 'off',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...typeAwareRules(),
  ...coreLayerRules(),
  ...entryRules(),
);

/**
 * The rules that need types: a promise nobody awaits or handles, a promise where a callback's result is
 * ignored, `await` on what is not a thenable, a `switch` that misses a member of a union. Each package's
 * own tsconfigs give the types, so a file is checked with the settings it is built and tested with.
 */
function typeAwareRules() {
  return [
    {
      files: ['packages/*/src/**/*.ts', 'packages/*/test/**/*.ts', 'examples/*/src/**/*.ts', 'examples/*/test/**/*.ts'],
      languageOptions: {
        parserOptions: {
          project: [
            './packages/*/tsconfig.json',
            './packages/*/tsconfig.node.json',
            './packages/*/tsconfig.test.json',
            './packages/*/tsconfig.conformance.json',
            './examples/*/tsconfig.json',
            './examples/*/tsconfig.node.json',
          ],
          tsconfigRootDir: import.meta.dirname,
        },
      },
      rules: {
        '@typescript-eslint/no-floating-promises': 'error',
        '@typescript-eslint/no-misused-promises': 'error',
        '@typescript-eslint/await-thenable': 'error',
        '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      },
    },
  ];
}

/**
 * Core's folders import downwards only; each folder lists the folders it may import. The node-only
 * modules are the one place `node:` imports are allowed.
 */
function coreLayerRules() {
  const mayImport = {
    shared: [],
    token: ['shared'],
    crypto: ['shared'],
    http: ['shared'],
    keys: ['shared', 'token', 'crypto', 'http'],
    revocation: ['shared', 'http', 'token'],
    rfc6750: ['shared'],
    issuers: ['shared'],
    authz: ['shared', 'rfc6750'],
    store: ['shared', 'revocation'],
    platform: ['shared', 'token', 'crypto', 'http'],
    verify: ['shared', 'token', 'crypto', 'http', 'keys', 'revocation', 'rfc6750', 'issuers', 'authz', 'platform'],
    adapter: ['shared', 'rfc6750', 'authz', 'verify'],
  };
  const nodeOnly = [
    'packages/core/src/crypto/node-backend.ts',
    'packages/core/src/crypto/node-certificate.ts',
    'packages/core/src/http/node-http-fetch.ts',
    'packages/core/src/platform/node.ts',
    'packages/core/src/token/node-codec.ts',
    'packages/core/src/index.node.ts',
  ];
  const noNode = { group: ['node:*'], message: 'core is runtime-agnostic: no node: modules outside the node-only modules.' };
  const folders = Object.keys(mayImport);
  const layer = (folder, banNode) => ({
    files: [`packages/core/src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...noDeepImports.patterns,
            ...(banNode ? [noNode] : []),
            {
              group: [
                ...folders.filter((other) => other !== folder && !mayImport[folder].includes(other)).map((other) => `../${other}/*`),
                '../*.js',
                '../../**',
              ],
              message: `core/src/${folder} may import only ${mayImport[folder].join(', ') || 'its own folder'} (downward-only layers; see CONTRIBUTING.md).`,
            },
          ],
        },
      ],
    },
  });
  return [
    {
      files: ['packages/core/src/**/*.ts'],
      rules: { 'no-restricted-imports': ['error', { patterns: [...noDeepImports.patterns, noNode] }] },
    },
    ...folders.map((folder) => layer(folder, true)),
    ...folders
      .map((folder) => ({ ...layer(folder, false), files: nodeOnly.filter((file) => file.startsWith(`packages/core/src/${folder}/`)) }))
      .filter((config) => config.files.length > 0),
    { files: ['packages/core/src/index.node.ts'], rules: { 'no-restricted-imports': ['error', noDeepImports] } },
  ];
}

/**
 * Which of core's entries each package may import: the framework adapters only the app-developer entry
 * and the adapter kit, the store packages (and fauna, for the store kit's `bounded` deadline) only it and
 * the store kit, everything else only the app-developer entry. Internals reached through another entry would bind a package to core's layout.
 */
function entryRules() {
  const entries = (allowed) => ({
    group: ['@tokenward/core/*', ...allowed.map((entry) => `!@tokenward/core/${entry}`)],
    message: `this package may import @tokenward/core${allowed.map((entry) => ` and @tokenward/core/${entry}`).join('')} only (see CONTRIBUTING.md).`,
  });
  const packages = (names) => names.flatMap((name) => [`packages/${name}/src/**/*.ts`, `packages/${name}/test/**/*.ts`]);
  const rule = (files, allowed) => ({
    files,
    rules: { 'no-restricted-imports': ['error', { patterns: [...noDeepImports.patterns, entries(allowed)] }] },
  });
  return [
    rule(packages(['express', 'fastify', 'azure-functions', 'workers']), ['adapter']),
    rule(packages(['redis', 'kv', 'fauna']), ['store']),
    rule([...packages(['cli', 'testing']), 'examples/**/*.ts'], []),
  ];
}
