import { join } from 'node:path';
import { DOCUMENT_SCHEMAS, documentJsonSchema, type DocumentName } from '@lakehouse/contracts';
import { bookmarksCorpus } from './corpus/bookmarks';
import { manifestsCorpus } from './corpus/manifests';
import { messagesCorpus, metricsCorpus } from './corpus/metrics';
import { readingCorpus } from './corpus/reading';
import { runCorpus } from './corpus/runs';
import { pythonVocabulary } from './python-vocabulary';
import { sparkPlanFixtures } from './spark-plans';

const PARITY = 'apps/glue-jobs/tests/parity';

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
  ...sparkPlanFixtures().map(({ name, plan }) => ({
    path: `apps/glue-jobs/tests/fixtures/${name}.spark-plan.json`,
    purpose: `the compiled Spark plan of ${name}, as the Glue runner receives it`,
    content: () => plan,
  })),
  {
    path: `${PARITY}/reading.json`,
    purpose: 'parity corpus: files and how the engine stages them',
    content: readingCorpus,
  },
  {
    path: `${PARITY}/run.json`,
    purpose: "parity corpus: one run's plan relations and the engine's records, summaries and metrics",
    content: runCorpus,
  },
  {
    path: `${PARITY}/metrics.json`,
    purpose: 'parity corpus: counts, gates and the metrics of libs/quality',
    content: metricsCorpus,
  },
  {
    path: `${PARITY}/messages.json`,
    purpose: 'parity corpus: the file-level messages of libs/validation',
    content: messagesCorpus,
  },
  {
    path: `${PARITY}/bookmarks.json`,
    purpose: 'parity corpus: bookmark commits and the request libs/state sends',
    content: bookmarksCorpus,
  },
  {
    path: `${PARITY}/manifests.json`,
    purpose: "parity corpus: run manifests and the schema's verdict",
    content: manifestsCorpus,
  },
];

/** A document as the file holds it: JSON, two-space indented (prettier leaves generated files alone). */
export async function render(file: GeneratedFile): Promise<string> {
  return JSON.stringify(await file.content(), null, 2) + '\n';
}
