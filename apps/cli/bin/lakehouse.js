#!/usr/bin/env node
// The `lakehouse` command. Runs the TypeScript sources directly through tsx, with the workspace's
// path aliases (@lakehouse/*) resolved from tsconfig.base.json wherever the command is started.
const path = require('node:path');

// The Lambda handlers the local run invokes log JSON and emit metrics for CloudWatch: not here.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.TSX_TSCONFIG_PATH ??= path.join(__dirname, '..', '..', '..', 'tsconfig.base.json');
require('tsx/cjs/api').register();
const { main } = require('../src/main.ts');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(`lakehouse: ${err && err.stack ? err.stack : err}`);
    process.exitCode = 1;
  },
);
