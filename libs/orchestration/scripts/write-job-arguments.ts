// Writes the Glue runner's job_arguments.json from the TypeScript definition (run from the workspace root).
import { writeFileSync } from 'node:fs';
import { JOB_ARGUMENTS_JSON_PATH, renderJobArgumentsJson } from '../src/job-arguments';

writeFileSync(JOB_ARGUMENTS_JSON_PATH, renderJobArgumentsJson());
console.log(`wrote ${JOB_ARGUMENTS_JSON_PATH}`);
