import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GLUE_JOB_ARGUMENTS,
  JOB_ARGUMENTS_JSON_PATH,
  RUN_PROPERTIES,
  renderJobArgumentsJson,
} from './job-arguments';

const root = join(__dirname, '..', '..', '..');

describe('the Glue job arguments', () => {
  it('are what the Python runner reads (regenerate with `npx nx run orchestration:generate`)', () => {
    const committed = readFileSync(join(root, JOB_ARGUMENTS_JSON_PATH), 'utf8');
    expect(committed).toBe(renderJobArgumentsJson());
  });

  it('name each argument once, and every run property is a run-scoped argument', () => {
    const names = GLUE_JOB_ARGUMENTS.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    for (const property of Object.values(RUN_PROPERTIES)) {
      expect(GLUE_JOB_ARGUMENTS.find((a) => a.name === property)).toMatchObject({ scope: 'run' });
    }
  });
});
