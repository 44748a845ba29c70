// Lints in-memory snippets as if they were files of the workspace and prints the rule ids that
// fired, as JSON. Run as a child process: ESLint loads the flat config with import(), which Jest's
// module sandbox does not allow.
const { ESLint } = require('eslint');
const { createProjectGraphAsync } = require('@nx/devkit');

async function probe() {
  const snippets = JSON.parse(process.argv[2]);
  // The boundaries rule reads the cached project graph; make sure it exists and is current.
  await createProjectGraphAsync({ exitOnError: true });
  const eslint = new ESLint({ cwd: process.cwd() });
  const out = [];
  for (const { filePath, code } of snippets) {
    const [result] = await eslint.lintText(code, { filePath });
    out.push(result.messages.map((m) => `${m.ruleId}: ${m.message}`));
  }
  process.stdout.write(JSON.stringify(out));
}

probe().catch((err) => {
  console.error(err);
  process.exit(1);
});
