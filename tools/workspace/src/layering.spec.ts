import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

/** Lints each snippet as if it were the given file, returning the messages per snippet. */
function lint(snippets: { filePath: string; code: string; typed?: boolean }[]): string[][] {
  const stdout = execFileSync(
    process.execPath,
    [join(__dirname, 'lint-probe.js'), JSON.stringify(snippets)],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false' },
    },
  );
  return JSON.parse(stdout);
}

const cases = [
  {
    name: 'a lib importing an app',
    filePath: 'libs/contracts/src/probe.ts',
    code: "import { main } from '@lakehouse/cli';\nexport const m = main;\n",
    fails: true,
  },
  {
    name: 'a lib importing infra',
    filePath: 'libs/validation/src/probe.ts',
    code: "import { catalogTables } from '@lakehouse/infra';\nexport const t = catalogTables;\n",
    fails: true,
  },
  {
    name: 'a lib importing a tool',
    filePath: 'libs/validation/src/probe.ts',
    code: "import * as s from '@lakehouse/sample-data';\nexport const x = s;\n",
    fails: true,
  },
  {
    name: 'a lib spec using a tool as a fixture',
    filePath: 'libs/validation/src/probe.spec.ts',
    code: "import * as s from '@lakehouse/sample-data';\nexport const x = s;\n",
    fails: false,
  },
  {
    name: 'infra importing an environment',
    filePath: 'infra/src/probe.ts',
    code: "import { environments } from '@lakehouse/environments';\nexport const e = environments;\n",
    fails: true,
  },
  {
    name: 'an app importing a lib',
    filePath: 'apps/cli/src/probe.ts',
    code: "import { datasets } from '@lakehouse/contracts';\nexport const d = datasets;\n",
    fails: false,
  },
  {
    name: 'infra importing a lib',
    filePath: 'infra/src/probe.ts',
    code: "import { datasets } from '@lakehouse/contracts';\nexport const d = datasets;\n",
    fails: false,
  },
  {
    name: 'an environment importing infra',
    filePath: 'environments/src/probe.ts',
    code: "import { catalogTables } from '@lakehouse/infra';\nexport const t = catalogTables;\n",
    fails: false,
  },
  {
    name: 'infra importing a tool',
    filePath: 'infra/src/probe.ts',
    code: "import { RULES } from '@lakehouse/policy';\nexport const r = RULES;\n",
    fails: true,
  },
  {
    name: 'an infra spec using the policy suite as a fixture',
    filePath: 'infra/test/probe.spec.ts',
    code: "import { RULES } from '@lakehouse/policy';\nexport const r = RULES;\n",
    fails: false,
  },
  {
    name: 'the plan review reading the environments and the policy suite',
    filePath: 'tools/plan-review/src/probe.ts',
    code: "import { ENVIRONMENTS } from '@lakehouse/environments';\nimport { RULES } from '@lakehouse/policy';\nexport const x = [ENVIRONMENTS, RULES];\n",
    fails: false,
  },
  {
    name: 'the plan review importing the stack code',
    filePath: 'tools/plan-review/src/probe.ts',
    code: "import { synthEnvironment } from '@lakehouse/infra';\nexport const s = synthEnvironment;\n",
    fails: true,
  },
  {
    name: 'a workspace tool importing the environments',
    filePath: 'tools/sample-data/src/probe.ts',
    code: "import { ENVIRONMENTS } from '@lakehouse/environments';\nexport const e = ENVIRONMENTS;\n",
    fails: true,
  },
  {
    name: 'storage importing a lib above it (state)',
    filePath: 'libs/storage/src/probe.ts',
    code: "import { createStateStore } from '@lakehouse/state';\nexport const s = createStateStore;\n",
    fails: true,
  },
  {
    name: 'storage importing the libs below it (contracts, aws)',
    filePath: 'libs/storage/src/probe.ts',
    code: "import { datasets } from '@lakehouse/contracts';\nimport { awsClientConfig } from '@lakehouse/aws';\nexport const d = [datasets, awsClientConfig];\n",
    fails: false,
  },
  {
    name: 'a lib importing a lib below it (validation → contracts)',
    filePath: 'libs/validation/src/probe.ts',
    code: "import { datasets } from '@lakehouse/contracts';\nexport const d = datasets;\n",
    fails: false,
  },
  {
    name: 'engine importing validation and quality',
    filePath: 'libs/engine/src/probe.ts',
    code: "import { openCsv } from '@lakehouse/validation';\nimport { computeMetrics } from '@lakehouse/quality';\nexport const x = [openCsv, computeMetrics];\n",
    fails: false,
  },
  {
    name: 'pipeline importing engine, state and storage',
    filePath: 'libs/pipeline/src/probe.ts',
    code: "import { executeRun } from '@lakehouse/engine';\nimport { fileIdOf } from '@lakehouse/state';\nimport { ZONES } from '@lakehouse/storage';\nexport const x = [executeRun, fileIdOf, ZONES];\n",
    fails: false,
  },
  {
    name: 'a lib importing a lib above it (validation → engine)',
    filePath: 'libs/validation/src/probe.ts',
    code: "import { compilePlan } from '@lakehouse/engine';\nexport const c = compilePlan;\n",
    fails: true,
  },
  {
    name: 'contracts importing any lib (contracts → validation)',
    filePath: 'libs/contracts/src/probe.ts',
    code: "import { openCsv } from '@lakehouse/validation';\nexport const o = openCsv;\n",
    fails: true,
  },
  {
    name: 'a lib importing a lib beside it (state → quality)',
    filePath: 'libs/state/src/probe.ts',
    code: "import { computeMetrics } from '@lakehouse/quality';\nexport const c = computeMetrics;\n",
    fails: true,
  },
  {
    name: 'engine importing state (not below it)',
    filePath: 'libs/engine/src/probe.ts',
    code: "import { fileIdOf } from '@lakehouse/state';\nexport const f = fileIdOf;\n",
    fails: true,
  },
  {
    name: 'a lib using libs/testing outside its tests',
    filePath: 'libs/engine/src/probe.ts',
    code: "import { recordingLogger } from '@lakehouse/testing';\nexport const r = recordingLogger;\n",
    fails: true,
  },
  {
    name: 'an app using libs/testing outside its tests',
    filePath: 'apps/cli/src/probe.ts',
    code: "import { recordingLogger } from '@lakehouse/testing';\nexport const r = recordingLogger;\n",
    fails: true,
  },
  {
    name: 'a lib spec using libs/testing',
    filePath: 'libs/engine/src/probe.spec.ts',
    code: "import { recordingLogger } from '@lakehouse/testing';\nexport const r = recordingLogger;\n",
    fails: false,
  },
];

describe('layering is enforced by lint', () => {
  const results = lint(cases);

  it.each(cases.map((c, i) => [c.name, c.fails, i] as const))('%s → fails: %p', (_name, fails, i) => {
    const boundaries = results[i].filter((m) => m.startsWith('@nx/enforce-module-boundaries'));
    expect(boundaries.length > 0).toBe(fails);
    if (fails)
      expect(boundaries[0]).toMatch(
        /can only depend on libs tagged with|Imports of apps are forbidden|Circular dependency/,
      );
  });

  it('forbids the root import of @cdktf/provider-aws', () => {
    const [messages] = lint([
      {
        filePath: 'infra/src/probe.ts',
        // Assembled, so that repository scans for root imports do not flag this probe itself.
        code: `import { provider } from '${['@cdktf', 'provider-aws'].join('/')}';\nexport const p = provider;\n`,
      },
    ]);
    expect(messages.join('\n')).toMatch(
      /no-restricted-imports: .*deep path \(@cdktf\/provider-aws\/lib\/<resource>\)/,
    );
  });
});

describe('type-aware lint guards async code', () => {
  it('refuses a floating promise, a promise where a callback returns void, awaiting a non-promise and a needless return await', () => {
    // Linted as the text of an existing file, so that the file's project gives the types.
    const [messages] = lint([
      {
        filePath: 'libs/contracts/src/errors.ts',
        typed: true,
        code: [
          'const later = async (): Promise<number> => 1;',
          'export function run(): void {',
          '  later();',
          '  [1].forEach(async () => later());',
          '}',
          'export async function wait(): Promise<number> {',
          '  return await 2;',
          '}',
          '',
        ].join('\n'),
      },
    ]);
    expect(messages.map((m) => m.split(':')[0]).sort()).toEqual([
      '@typescript-eslint/await-thenable',
      '@typescript-eslint/no-floating-promises',
      '@typescript-eslint/no-misused-promises',
      '@typescript-eslint/return-await',
    ]);
  });
});
