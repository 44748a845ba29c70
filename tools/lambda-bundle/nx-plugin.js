// Infers a `build` target for every Lambda app: a project under apps/ with a src/handler.ts entry.
// The target bundles the handler with esbuild (tools/lambda-bundle/src/bundle.ts) into
// dist/apps/<name>/index.js (+ .map), the artifact infra deploys, and esbuild's metafile beside
// it (dist/apps/<name>.meta.json), out of the function's package.
const { dirname } = require('node:path');

const createNodes = [
  'apps/*/src/handler.ts',
  async (entries) =>
    entries.map((entry) => {
      const root = dirname(dirname(entry));
      return [
        entry,
        {
          projects: {
            [root]: {
              targets: {
                build: {
                  executor: 'nx:run-commands',
                  options: {
                    command: `tsx --tsconfig tsconfig.base.json tools/lambda-bundle/src/cli.ts ${root}`,
                    cwd: '{workspaceRoot}',
                  },
                  cache: true,
                  inputs: ['production', '^production', '{workspaceRoot}/tools/lambda-bundle/src/**/*'],
                  outputs: [`{workspaceRoot}/dist/${root}`, `{workspaceRoot}/dist/${root}.meta.json`],
                  metadata: {
                    description: 'Bundles the Lambda handler (esbuild, nodejs22.x arm64, one minified file)',
                  },
                },
              },
            },
          },
        },
      ];
    }),
];

module.exports = { name: 'lambda-bundle', createNodes };
