// Lints in-memory snippets as if they were files of the workspace and prints the rule ids that
// fired, as JSON. Run as a child process: ESLint loads the flat config with import(), which Jest's
// module sandbox does not allow.
const { ESLint } = require('eslint');
const tseslint = require('typescript-eslint');
const { createProjectGraphAsync } = require('@nx/devkit');

async function probe() {
  const snippets = JSON.parse(process.argv[2]);
  // The boundaries rule reads the cached project graph; make sure it exists and is current.
  await createProjectGraphAsync({ exitOnError: true });
  // A probe is an in-memory file. One that stands in for an existing file (`typed`) is linted with
  // the workspace config as is, type information included; the others exist on no tsconfig's file
  // list, so they are linted without it, keeping every other rule.
  const typed = new ESLint({ cwd: process.cwd() });
  const untyped = new ESLint({
    cwd: process.cwd(),
    overrideConfig: { files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked },
  });
  const out = [];
  for (const { filePath, code, typed: withTypes } of snippets) {
    const [result] = await (withTypes ? typed : untyped).lintText(code, { filePath });
    out.push(result.messages.map((m) => `${m.ruleId}: ${m.message}`));
  }
  process.stdout.write(JSON.stringify(out));
}

probe().catch((err) => {
  console.error(err);
  process.exit(1);
});
