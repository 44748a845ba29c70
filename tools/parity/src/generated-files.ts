import { join } from 'node:path';
import { DOCUMENT_SCHEMAS, documentJsonSchema, type DocumentName } from '@lakehouse/contracts';
import { pythonVocabulary } from './python-vocabulary';

/** The workspace root: generated paths are relative to it. */
export const WORKSPACE = join(__dirname, '..', '..', '..');

/** A file generated from the TypeScript sources and checked into the repository. */
export interface GeneratedFile {
  /** Relative to the workspace root. */
  readonly path: string;
  /** What the file is for (printed when it is written). */
  readonly purpose: string;
  readonly content: () => unknown;
}

export const GENERATED_FILES: readonly GeneratedFile[] = [
  {
    path: 'apps/glue-jobs/src/lakehouse_runner/vocabulary.json',
    purpose: 'the vocabularies the Glue runner reads (reject codes, statuses, count columns)',
    content: pythonVocabulary,
  },
  ...(Object.keys(DOCUMENT_SCHEMAS) as DocumentName[]).map((name) => ({
    path: `docs/schemas/${name}.schema.json`,
    purpose: `the JSON Schema of the ${name} document (from its zod schema in libs/contracts)`,
    content: () => documentJsonSchema(name),
  })),
];

/** A document as the file holds it: JSON, two-space indented (prettier leaves generated files alone). */
export async function render(file: GeneratedFile): Promise<string> {
  return JSON.stringify(await file.content(), null, 2) + '\n';
}
