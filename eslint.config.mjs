// Flat config for the whole workspace.
//
// Layering is enforced from project tags. Projects: type:app -> libs and tools; type:tool -> libs;
// type:infra -> libs and apps; type:environment -> infra and libs; type:environments (their
// aggregate) -> each environment; type:delivery (the plan review, the delivery checks) -> libs,
// tools, the environments and each other. Between libs, LIB_LAYERS says
// which lib may import which: contracts at the bottom; aws (the client configuration and the AWS
// ports) right above it; validation, state, quality and storage above those (never each other,
// but storage and state build their clients with aws); engine above validation and quality;
// orchestration (the definitions and the state document) above state and storage; pipeline above
// engine and orchestration; lambda (the handlers' shared module) on top. libs/testing serves tests
// only: spec files, test/ helpers and benchmarks may also import it and the tools (the sample-data
// generator, the policy suite) as fixtures.
//
// Type-aware rules guard async code (a floating promise in a Lambda handler is a lost error).
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** The libs each lib may import. */
const LIB_LAYERS = {
  contracts: [],
  aws: ['contracts'],
  validation: ['contracts'],
  state: ['contracts', 'aws'],
  quality: ['contracts'],
  storage: ['contracts', 'aws'],
  engine: ['contracts', 'aws', 'validation', 'quality'],
  orchestration: ['contracts', 'aws', 'state', 'storage'],
  pipeline: ['contracts', 'aws', 'validation', 'state', 'quality', 'storage', 'engine', 'orchestration'],
  lambda: [
    'contracts',
    'aws',
    'validation',
    'state',
    'quality',
    'storage',
    'engine',
    'orchestration',
    'pipeline',
  ],
  testing: ['contracts'],
};

const lib = (name) => `lib:${name}`;
/** Every lib production code may use: all but libs/testing. */
const PRODUCTION_LIBS = Object.keys(LIB_LAYERS)
  .filter((name) => name !== 'testing')
  .map(lib);

/**
 * The constraints of production code, or of tests (which may also use libs/testing and the tools).
 * Only direct imports are judged (onlyDependOnLibsWithTags): a lib's tests importing libs/testing
 * does not make the lib's users depend on it.
 */
const layering = ({ forTests }) => {
  const testOnly = forTests ? [lib('testing'), 'type:tool'] : [];
  return [
    ...Object.entries(LIB_LAYERS).map(([name, below]) => ({
      sourceTag: lib(name),
      onlyDependOnLibsWithTags: [...below.map(lib), ...testOnly],
    })),
    { sourceTag: 'type:app', onlyDependOnLibsWithTags: [...PRODUCTION_LIBS, 'type:tool', ...testOnly] },
    { sourceTag: 'type:tool', onlyDependOnLibsWithTags: [...PRODUCTION_LIBS, ...testOnly] },
    { sourceTag: 'type:infra', onlyDependOnLibsWithTags: [...PRODUCTION_LIBS, 'type:app', ...testOnly] },
    {
      sourceTag: 'type:environment',
      onlyDependOnLibsWithTags: [...PRODUCTION_LIBS, 'type:infra', ...testOnly],
    },
    // The aggregate of the environments, for checks across them; no environment imports another.
    {
      sourceTag: 'type:environments',
      onlyDependOnLibsWithTags: ['type:environment', ...PRODUCTION_LIBS, 'type:infra', ...testOnly],
    },
    {
      sourceTag: 'type:delivery',
      onlyDependOnLibsWithTags: [
        ...PRODUCTION_LIBS,
        'type:tool',
        'type:environment',
        'type:environments',
        // The delivery checks read Terraform plans with the plan review's reader.
        'type:delivery',
        ...testOnly,
      ],
    },
  ];
};

/**
 * Nx refuses every import of an application project, whatever the tags. The one exception: the
 * Lambda apps' handler modules (`@lakehouse/app-<name>`), which the CLI's local runner invokes as
 * the state machine does — the same code as in the cloud, never a copy. Only apps/cli imports them
 * (no-restricted-imports below).
 */
const LAMBDA_HANDLER_IMPORTS = '@lakehouse/app-*';
const LAMBDA_HANDLERS_OUTSIDE_CLI = {
  group: [LAMBDA_HANDLER_IMPORTS],
  message: "Only apps/cli invokes the Lambda apps' handlers (its local runner); share code through libs.",
};
const ROOT_PROVIDER_IMPORT = {
  name: '@cdktf/provider-aws',
  message:
    'Import provider classes by deep path (@cdktf/provider-aws/lib/<resource>): the root import loads ~2,200 modules.',
};

const boundaries = (depConstraints) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow: [LAMBDA_HANDLER_IMPORTS],
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
    languageOptions: {
      // Each file is typed by the tsconfig.json of its project.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@nx/enforce-module-boundaries': boundaries(layering({ forTests: false })),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      'no-restricted-imports': [
        'error',
        { paths: [ROOT_PROVIDER_IMPORT], patterns: [LAMBDA_HANDLERS_OUTSIDE_CLI] },
      ],
    },
  },
  {
    // The CLI's local runner is the one place that invokes the Lambda apps' handlers.
    files: ['apps/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [ROOT_PROVIDER_IMPORT] }] },
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
    // tools/parity generates the test fixtures of the Glue runner: it is test code.
    files: ['**/*.spec.ts', '**/test/**/*.ts', '**/bench/**/*.ts', 'tools/parity/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(layering({ forTests: true })),
    },
  },
);
