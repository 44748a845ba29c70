// Shared Jest settings: @swc/jest for speed, path aliases read from tsconfig.base.json
// so tests import libs exactly as production code does.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

// The suite leaves nothing behind in the temp folder: each Jest run gets a temp folder of its own
// (TMPDIR, so every test, tool and child process writes there: homes, DuckDB spills, cdktf outputs,
// DynamoDB Local's work folder), removed when the run's process exits, whatever a test forgets.
if (!process.env.LAKEHOUSE_TEST_TMPDIR) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-test-'));
  process.env.LAKEHOUSE_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
}

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`,
    path.join(__dirname, target),
  ]),
);

module.exports = {
  testEnvironment: 'node',
  // Tests talk to real servers and engines; on a loaded 2-core machine a 5 s default fails
  // healthy tests. Speed is measured by the benchmarks, never by test timeouts.
  testTimeout: 120_000,
  // Jest's transform cache lives in the workspace (git-ignored tmp/), not in the temp folder.
  cacheDirectory: path.join(__dirname, 'tmp', 'jest-cache'),
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper,
  reporters: ['default', path.join(__dirname, 'tools/jest/count-reporter.js')],
};
