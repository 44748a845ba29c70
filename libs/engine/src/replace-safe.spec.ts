import { join } from 'node:path';
import { datasets } from '@lakehouse/contracts';
import { csv, HEADERS, stageFiles, tempHome } from '../test/helpers';
import { compilePlan, compilePlans } from './compile-plan';
import { compileCrossChecksPlan } from './cross-checks-plan';
import { compileCuratedPlan } from './curated';
import { duckdbDialect } from './dialects';
import { openDuckDb } from './duckdb-session';
import { defineTableView } from './parquet-tables';
import { relationNames, RUN_PARAMETERS, tableColumns } from './relations';
import { stageDataset } from './stage';

const sparkOptions = { tableName: (d: string) => `lakehouse.${d}` };
const sparkPlans = [
  ...compilePlans('spark', sparkOptions),
  compileCuratedPlan('spark', sparkOptions),
  compileCrossChecksPlan('spark', sparkOptions),
];

describe('a retried step works in the same session: every statement replaces or is idempotent', () => {
  it.each(sparkPlans.map((p) => [p.dataset, p] as const))('spark %s', (_name, plan) => {
    const unsafe = plan.statements.filter(
      (s) =>
        !/^(SET |CREATE OR REPLACE TEMPORARY VIEW |CREATE TABLE IF NOT EXISTS |CREATE OR REPLACE TABLE |MERGE INTO )/.test(
          s.sql,
        ) && !/^CACHE TABLE \w+$/.test(s.sql),
    );
    expect(unsafe.map((s) => s.name)).toEqual([]);
    // `CACHE TABLE x AS …` refuses to replace a view: each cached relation was just replaced.
    for (const [i, s] of plan.statements.entries())
      if (s.sql.startsWith('CACHE TABLE '))
        expect(plan.statements[i - 1].sql).toMatch(
          new RegExp(`^CREATE OR REPLACE TEMPORARY VIEW ${s.outputs[0]} AS`),
        );
  });

  it('a DuckDB plan applied twice to one session gives the same verdicts', async () => {
    const home = await tempHome();
    const manifest = await stageFiles(home, {
      products: [
        [
          'p.csv',
          csv(
            HEADERS.products,
            '1,4,produce,Kale',
            '1,4,produce,Kale',
            '2,4,produce,Peas',
            '3,4,produce,Figs',
            '4,4,produce,Plums',
            'x,4,produce,Limes',
          ),
        ],
      ],
    });
    const session = await openDuckDb({ tempDirectory: join(home, '.tmp') });
    try {
      const conn = session.connection;
      await conn.run(
        `CREATE TEMPORARY TABLE ${RUN_PARAMETERS} AS SELECT ${duckdbDialect.fromEpochMicros('0')} AS run_start`,
      );
      for (const c of datasets.ordered) await defineTableView(conn, c.name, tableColumns(c), undefined);
      const contract = datasets.get('products');
      const files = manifest.datasets.products.map((f) => ({ key: f.key, path: join(home, f.key) }));
      await stageDataset(conn, contract, files);
      const plan = compilePlan(contract, 'duckdb');
      const counts = [];
      for (let attempt = 0; attempt < 2; attempt++) {
        for (const s of plan.statements) await conn.run(s.sql);
        counts.push(
          (await conn.runAndReadAll(`SELECT * FROM ${relationNames('products').counts}`)).getRowObjectsJson(),
        );
      }
      expect(counts[1]).toEqual(counts[0]);
      expect(counts[0]).toMatchObject([{ rows_in: '6', accepted: '4', rows_duplicate: '1', rows_type: '1' }]);
      for (let attempt = 0; attempt < 2; attempt++)
        for (const s of compileCuratedPlan('duckdb').statements) await conn.run(s.sql);
    } finally {
      session.close();
    }
  }, 30_000);
});
