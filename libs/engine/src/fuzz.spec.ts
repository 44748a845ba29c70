import { rm } from 'node:fs/promises';
import fc from 'fast-check';
import { datasets, messageOf, type RunManifest } from '@lakehouse/contracts';
import { executeRun } from './duckdb-executor';
import type { ExecutedRun } from './run-summary';
import type { StagingMode } from './stage';
import { malformedCsvArb, type GeneratedCsv } from '@lakehouse/testing';
import {
  differencesFrom,
  validateWithJs,
  writeManifest,
  type JsVerdicts,
  type JsVerdictsByKey,
} from '../test/differential';
import { readRejected, tempHome } from '../test/helpers';

/**
 * The fuzz suite: generated malformed files (malformedCsvArb) through the validator and through
 * the engine with both staging paths (DuckDB's line staging, forced whatever the size, and
 * openCsv). No crash, no hang, a code for every rejected row, conservation per file and per run,
 * and the engine and the validator agree on every file and row.
 *
 * The engine's cost is per run more than per file, so each run takes a batch of files. The
 * default (RUNS batches, about a minute of CPU) uses a fixed seed so that a red suite is never a
 * coin toss; LAKEHOUSE_FUZZ_SEED=random draws a new one (printed on failure), <n> replays one,
 * and LAKEHOUSE_FUZZ_RUNS=<n> runs n batches: `LAKEHOUSE_FUZZ_RUNS=34 LAKEHOUSE_FUZZ_SEED=random
 * npx nx test engine --testPathPattern=fuzz` covers 10,200 new files (about 7 minutes of CPU).
 */
const FILES_PER_DATASET = 100;
const DATASETS = ['products', 'orders', 'order_items'] as const;
const FILES_PER_RUN = FILES_PER_DATASET * DATASETS.length;
const RUNS = Number(process.env.LAKEHOUSE_FUZZ_RUNS ?? 4);
const SEED_SETTING = process.env.LAKEHOUSE_FUZZ_SEED ?? '20261202';
const SEED = SEED_SETTING === 'random' ? undefined : Number(SEED_SETTING);
/** A hang: the validator past this on one file (they take milliseconds; a 2 MB line under a second). */
const FILE_TIMEOUT_MS = 30_000;
/** A hang: the engine past this per file of a batch (they take tens of milliseconds of CPU). */
const ENGINE_MS_PER_FILE = 2_000;

async function withinTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: ${what} took over ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The validator on each file: a verdict within the timeout, conserved, a code on each rejected row. */
async function validatorProblems(
  home: string,
  manifest: RunManifest,
): Promise<{ js: JsVerdictsByKey; problems: string[] }> {
  const js = new Map<string, JsVerdicts>();
  const runStart = new Date(manifest.runStart);
  for (const [name, files] of Object.entries(manifest.datasets)) {
    for (const file of files) {
      const verdicts = validateWithJs(home, file, datasets.get(name), runStart);
      js.set(file.key, await withinTimeout(verdicts, FILE_TIMEOUT_MS, `the validator on ${file.key}`));
    }
  }
  const problems: string[] = [];
  for (const [key, { report, rejected, accepted }] of js) {
    if (report.rowsIn !== report.accepted + report.rejected)
      problems.push(`${key}: validator rows in ${report.rowsIn} ≠ ${report.accepted} + ${report.rejected}`);
    for (const [row, r] of rejected)
      if (r._reasons.length === 0) problems.push(`${key} row ${row}: validator rejected it without a code`);
    if (report.status === 'PROCESSED' && (accepted !== report.accepted || rejected.size !== report.rejected))
      problems.push(
        `${key}: validator sinks got ${accepted}/${rejected.size} rows, its report says ${report.accepted}/${report.rejected}`,
      );
    if (report.status !== 'PROCESSED' && report.accepted !== 0)
      problems.push(`${key}: ${report.status} with ${report.accepted} rows accepted`);
  }
  return { js, problems };
}

/** The engine's summary and rejected rows: conserved per file and per run, a code on each rejected row. */
async function engineProblems(home: string, manifest: RunManifest, summary: ExecutedRun): Promise<string[]> {
  const problems: string[] = [];
  for (const name of DATASETS) {
    const files = summary.datasets[name].files;
    const rejected = await readRejected(home, name, manifest.runId);
    for (const r of rejected) {
      if (!Array.isArray(r._reasons) || r._reasons.length === 0)
        problems.push(`${String(r._source_file)} row ${String(r._row)}: engine rejected it without a code`);
    }
    for (const f of files) {
      if (f.rowsIn !== f.accepted + f.rejected)
        problems.push(`${f.key}: engine rows in ${f.rowsIn} ≠ ${f.accepted} + ${f.rejected}`);
      const written = rejected.filter((r) => r._source_file === f.key).length;
      if (f.status === 'PROCESSED' && written !== f.rejected)
        problems.push(`${f.key}: engine wrote ${written} rejected rows, its summary says ${f.rejected}`);
    }
    const manifestKeys = manifest.datasets[name].map((f) => f.key);
    if (JSON.stringify(files.map((f) => f.key)) !== JSON.stringify(manifestKeys))
      problems.push(`${name}: the engine's files are not the manifest's`);
  }
  return problems;
}

/** What a failing file was, for the report: its defects, and its bytes when they are few. */
function fileNotes(files: Record<string, readonly GeneratedCsv[]>, keys: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const [dataset, list] of Object.entries(files)) {
    for (const [i, f] of list.entries()) {
      const key = `raw/${dataset}/${dataset}-${String(i + 1).padStart(4, '0')}.csv`;
      if (!keys.has(key)) continue;
      const bytes = Buffer.from(f.text);
      out.push(
        `${key}: ${f.note}${bytes.length <= 4096 ? ` base64:${bytes.toString('base64')}` : ` (${bytes.length} B)`}`,
      );
    }
  }
  return out;
}

const batchArb = fc.record(
  Object.fromEntries(
    DATASETS.map((name) => [
      name,
      fc.array(malformedCsvArb(datasets.get(name)), {
        minLength: FILES_PER_DATASET,
        maxLength: FILES_PER_DATASET,
      }),
    ]),
  ) as Record<(typeof DATASETS)[number], fc.Arbitrary<GeneratedCsv[]>>,
);

describe('fuzz: malformed files through the validator and both staging paths of the engine', () => {
  let filesRun = 0;

  it(`never crashes, hangs, loses a row or disagrees (${RUNS} batches of ${FILES_PER_RUN} files)`, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(batchArb, async (files) => {
        const runId = `fuzz-${++run}`;
        const homes: Partial<Record<StagingMode, string>> = {};
        try {
          const problems: string[] = [];
          let js: JsVerdictsByKey | undefined;
          for (const staging of ['duckdb', 'reader'] as const) {
            const home = (homes[staging] = await tempHome());
            const manifest = await writeManifest(home, files, runId);
            if (!js) {
              const validated = await validatorProblems(home, manifest);
              js = validated.js;
              problems.push(...validated.problems);
            }
            const summary = await withinTimeout(
              executeRun({ home, manifest, staging }),
              ENGINE_MS_PER_FILE * FILES_PER_RUN,
              `the engine (${staging} staging) on a batch`,
            );
            problems.push(...(await engineProblems(home, manifest, summary)).map((p) => `${staging}: ${p}`));
            const diffs = await differencesFrom(home, manifest, summary, js);
            problems.push(...diffs.map((p) => `${staging} staging vs the validator: ${p}`));
          }
          filesRun += FILES_PER_RUN;
          if (problems.length > 0) {
            const keys = new Set(
              problems.map((p) => /raw\/[^: ]+\.csv/.exec(p)?.[0]).filter((k) => k !== undefined),
            );
            throw new Error([...problems.slice(0, 20), ...fileNotes(files, keys).slice(0, 5)].join('\n'));
          }
        } finally {
          for (const home of Object.values(homes)) await rm(home, { recursive: true, force: true });
        }
      }),
      // No shrinking: each step would be two engine runs; the failure names each file and its bytes.
      {
        numRuns: RUNS,
        seed: SEED,
        endOnFailure: true,
        // fast-check's own report prints every file of the batch, megabytes of bytes.
        reporter: (details) => {
          if (details.failed)
            throw new Error(
              `seed ${details.seed}, batch ${details.numRuns}: ${messageOf(details.errorInstance)}`,
            );
        },
      },
    );
    expect(filesRun).toBe(RUNS * FILES_PER_RUN);
  }, 3_600_000);
});
