// Flat config for the whole workspace. Layering is enforced from project tags:
//   type:app -> lib, tool      type:lib -> lib      type:tool -> lib
//   type:infra -> lib          type:environment -> infra, lib, environment (the aggregate reads the configs)
//   layer:adapters (libs/storage, libs/aws) -> layer:adapters, layer:contracts
// Spec files of libs, infra and environments, and bench files, may also use tools (the sample-data
// generator, the policy suite) and the test servers as fixtures.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const layering = (extraForLibs = []) => [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:tool'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', ...extraForLibs] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:lib', 'type:app', ...extraForLibs] },
  {
    sourceTag: 'type:environment',
    onlyDependOnLibsWithTags: ['type:infra', 'type:lib', 'type:environment', ...extraForLibs],
  },
  {
    sourceTag: 'layer:adapters',
    onlyDependOnLibsWithTags: ['layer:adapters', 'layer:contracts', ...extraForLibs],
  },
];

const boundaries = (depConstraints) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints,
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/tmp/**',
      '**/coverage/**',
      '.nx/**',
      '**/*.py',
      '**/bin/*.js',
      '**/jest.config.js',
      'jest.preset.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': boundaries(layering()),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@cdktf/provider-aws',
              message:
                'Import provider classes by deep path (@cdktf/provider-aws/lib/<resource>): the root import loads ~2,200 modules.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        exports: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts', '**/bench/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(layering(['type:tool', 'scope:testing'])),
    },
  },
);
