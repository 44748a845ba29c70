import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  datasets,
  ifMissing,
  type DatasetContract,
  type RunManifest,
  type RunManifestFile,
} from '@lakehouse/contracts';
import {
  compileCrossChecksPlan,
  compilePlan,
  defineTableView,
  duckdbDialect,
  executeRun,
  openDuckDb,
  relationNames,
  RUN_PARAMETERS,
  stageDataset,
  tableColumns,
} from '@lakehouse/engine';
import { evaluateGate } from '@lakehouse/quality';
import { generateSampleData } from '@lakehouse/sample-data';
import { EDGE } from '@lakehouse/testing';
import { stagedFileFacts, withFiles, type CorpusFile } from './staging';

/**
 * The run case: one run of every dataset over the sample-data generator's files (every defect
 * kind) and one file per dataset holding the typing boundaries. For each dataset it records the
 * relations a runner reads after the verdicts (the inputs of the Glue runner's outputs module) and
 * what the engine made of them (rejected records, file summaries, reasons, quality, profile), and
 * the views of the cross-checks plan with the checks the engine reported.
 */

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A clean row of each dataset, and how to put an edge value in one of its cells. */
const BOUNDARY_ROWS: Record<string, (id: number) => Record<string, string>> = {
  products: (id) => ({
    product_id: String(id),
    department_id: '4',
    department: 'produce',
    product_name: 'Kale',
  }),
  orders: (id) => ({
    order_num: '1',
    order_id: String(id),
    user_id: '7',
    order_timestamp: '2024-01-15T10:00:00Z',
    total_amount: '12.50',
    date: '2024-01-15',
  }),
  order_items: (id) => ({
    id: String(id),
    order_id: '1',
    user_id: '7',
    days_since_prior_order: '',
    product_id: '1',
    add_to_cart_order: '1',
    reordered: '0',
    order_timestamp: '2024-01-15T10:00:00Z',
    date: '2024-01-15',
  }),
};

/** Every typing boundary of the contract's typed columns, one row each (docs/contracts.md "Typing"). */
function boundaryFile(contract: DatasetContract): Buffer {
  const names = contract.columns.map((c) => c.name);
  const lines = [names.join(',')];
  let id = 900_000;
  for (const column of contract.columns) {
    if (column.type === 'string') continue;
    for (const edge of EDGE[column.type]) {
      const row = BOUNDARY_ROWS[contract.name](++id);
      row[column.name] = edge;
      lines.push(names.map((n) => row[n]).join(','));
    }
  }
  return Buffer.from(lines.join('\n') + '\n');
}

/** Rows that break the cross-dataset checks: order 800001 has no item; item 800001's user is not its order's. */
function crossCheckFile(contract: DatasetContract): Buffer | undefined {
  const rows =
    contract.name === 'orders'
      ? [BOUNDARY_ROWS.orders(800_001), BOUNDARY_ROWS.orders(800_002)]
      : contract.name === 'order_items'
        ? [{ ...BOUNDARY_ROWS.order_items(800_001), order_id: '800002', user_id: '8' }]
        : undefined;
  if (!rows) return undefined;
  const names = contract.columns.map((c) => c.name);
  return Buffer.from(
    [names.join(','), ...rows.map((r) => names.map((n) => r[n]).join(','))].join('\n') + '\n',
  );
}

const plain = (row: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));

async function rows(conn: DuckDBConnection, sql: string) {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS().map(plain);
}

/**
 * Runs each dataset's compiled plan as a runner does — stage the inputs, run setup and verdicts,
 * read the outputs, then publish for the children — and keeps the relations it read.
 */
async function planRelations(home: string, manifest: RunManifest) {
  const session = await openDuckDb({ tempDirectory: join(home, '.tmp-relations') });
  try {
    const conn = session.connection;
    const micros = BigInt(Date.parse(manifest.runStart)) * 1000n;
    await conn.run(
      `CREATE TEMPORARY TABLE ${RUN_PARAMETERS} AS SELECT ${duckdbDialect.fromEpochMicros(`${micros}`)} AS run_start`,
    );
    for (const c of datasets.ordered) await defineTableView(conn, c.name, tableColumns(c), undefined);
    const out: Record<string, Record<string, unknown>> = {};
    for (const contract of datasets.ordered) {
      const files = manifest.datasets[contract.name] ?? [];
      const staged = await stageDataset(
        conn,
        contract,
        files.map((f) => ({ key: f.key, path: join(home, f.key) })),
        { mode: 'reader' },
      );
      const rowsPerFile = new Map(
        (
          await rows(
            conn,
            `SELECT _file_seq, COUNT(*) AS n FROM ${relationNames(contract.name).raw} GROUP BY _file_seq`,
          )
        ).map((r) => [Number(r._file_seq), Number(r.n)]),
      );
      const plan = compilePlan(contract, 'duckdb');
      for (const s of plan.statements) if (s.phase !== 'publish') await conn.run(s.sql);
      const n = relationNames(contract.name);
      out[contract.name] = {
        stagedFiles: staged.map((f) => stagedFileFacts(f, rowsPerFile.get(f.seq) ?? 0)),
        rejectedRows: await rows(conn, `SELECT * FROM ${n.rejected} ORDER BY _file_seq, _row`),
        fileCounts: await rows(conn, `SELECT * FROM ${n.fileCounts} ORDER BY _file_seq`),
        counts: (await rows(conn, `SELECT * FROM ${n.counts}`))[0],
        columnProfile: (await rows(conn, `SELECT * FROM ${n.columnProfile}`))[0],
      };
      for (const s of plan.statements) if (s.phase === 'publish') await conn.run(s.sql);
      // The children's foreign keys read this run's version of the table.
      await conn.run(`CREATE TEMPORARY TABLE ${contract.name}__published AS SELECT * FROM ${n.next}`);
      await conn.run(
        `CREATE OR REPLACE TEMPORARY VIEW ${contract.name} AS SELECT * FROM ${contract.name}__published`,
      );
    }
    // Every dataset ran and published: each check's counts and examples, as a child's job reads them.
    const crossChecks = compileCrossChecksPlan('duckdb');
    for (const s of crossChecks.statements) await conn.run(s.sql);
    const crossCheckViews: Record<string, Record<string, unknown>[]> = {};
    for (const r of crossChecks.outputs)
      crossCheckViews[r.name] = await rows(conn, `SELECT * FROM ${r.name}`);
    return { datasets: out, crossChecks: crossCheckViews };
  } finally {
    session.close();
  }
}

export async function runCorpus() {
  const sample = generateSampleData({
    seed: 7,
    orders: 30,
    defectRate: 0.15,
    files: 2,
    fileDefects: true,
    crlf: true,
    bom: true,
  });
  const inputs: { dataset: string; key: string; content: Buffer }[] = [];
  for (const contract of datasets.ordered) {
    for (const f of sample.files[contract.name as keyof typeof sample.files])
      inputs.push({ dataset: contract.name, key: `raw/${f.path}`, content: f.content });
    inputs.push({
      dataset: contract.name,
      key: `raw/${contract.name}/zz-boundaries.csv`,
      content: boundaryFile(contract),
    });
    const crossChecks = crossCheckFile(contract);
    if (crossChecks)
      inputs.push({
        dataset: contract.name,
        key: `raw/${contract.name}/zz-cross-checks.csv`,
        content: crossChecks,
      });
  }
  const manifestFiles: Record<string, RunManifestFile[]> = {};
  for (const input of inputs) {
    const list = (manifestFiles[input.dataset] ??= []);
    list.push({
      bucket: 'local',
      key: input.key,
      fileId: `f-${sha256(Buffer.from(input.key)).slice(0, 32)}`,
      eTag: sha256(input.content),
      size: input.content.length,
      fileSeq: list.length + 1,
    });
  }
  const manifest: RunManifest = {
    runId: 'run-parity',
    runStart: new Date(sample.options.nowMs).toISOString(),
    datasets: manifestFiles,
  };

  return withFiles(inputs, async (home) => {
    const { datasets: relations, crossChecks } = await planRelations(home, manifest);
    const executed = await executeRun({ home, manifest, staging: 'reader' });
    const out = [];
    for (const contract of datasets.ordered) {
      const engine = executed.datasets[contract.name];
      const text = await readFile(
        join(home, 'rejected', contract.name, `${manifest.runId}.jsonl`),
        'utf8',
      ).catch(ifMissing(() => ''));
      const rejected = text.split('\n').filter((line) => line !== '');
      const captured = relations[contract.name];
      // The relations read here are the ones the engine audited: the same rows, the same statuses.
      const statuses = (captured.fileCounts as { status: string }[]).map((f) => f.status);
      if (
        rejected.length !== (captured.rejectedRows as unknown[]).length ||
        JSON.stringify(statuses) !== JSON.stringify(engine.files.map((f) => f.status))
      )
        throw new Error(`${contract.name}: the plan's relations disagree with the engine's run`);
      out.push({
        dataset: contract.name,
        columns: contract.columns.map((c) => c.name),
        required: contract.columns.filter((c) => c.required).map((c) => c.name),
        maxRejectRatio: contract.maxRejectRatio,
        quality: contract.quality,
        files: inputs
          .filter((i) => i.dataset === contract.name)
          .map((i): CorpusFile => ({ key: i.key, base64: i.content.toString('base64') })),
        relations: captured,
        expected: {
          rejectedRecords: rejected,
          files: engine.files,
          reasons: engine.reasons,
          quality: engine.quality,
          breaches: evaluateGate(engine.quality, contract.quality).breaches.map((b) => b.metric),
          columns: engine.columns,
        },
      });
    }
    return {
      runId: manifest.runId,
      runStart: manifest.runStart,
      datasets: out,
      // The views of the cross-checks plan and the checks the engine reported from them.
      crossChecks: { relations: crossChecks, expected: executed.crossChecks },
    };
  });
}
