import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noDeepImports = {
  patterns: [
    { group: ['@tokenward/*/src', '@tokenward/*/src/**'], message: 'Import the package entry, not its sources.' },
    { group: ['**/packages/*/test/**', '../../*/test/**'], message: 'Do not reach into another package\'s tests; use @tokenward/testing.' },
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
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: [
      'packages/core/src/crypto/node-backend.ts',
      'packages/core/src/crypto/node-certificate.ts',
      'packages/core/src/jwks/node-http-fetch.ts',
      'packages/core/src/node-platform.ts',
      'packages/core/src/node-codec.ts',
      'packages/core/src/index.node.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...noDeepImports,
          patterns: [
            ...noDeepImports.patterns,
            { group: ['node:*'], message: 'core is runtime-agnostic: no node: modules outside the node signature backend.' },
          ],
        },
      ],
    },
  },
);
