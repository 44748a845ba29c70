import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { datasets } from '@lakehouse/contracts';
import { compilePlan } from './compile-plan';
import { compileCuratedPlan } from './curated';
import { PathLinks } from './path-links';
import { openDuckDb } from './duckdb-session';
import { RUN_PARAMETERS, tableColumns } from './relations';
import { stageDataset } from './stage';
import { duckdbDialect as d } from './dialects';
import { csv, HEADERS, tempHome } from '../test/helpers';

/**
 * Joins must be hash joins: a nested-loop join against a stored table of millions of rows never
 * finishes (DuckDB plans `LEFT JOIN … ON <left-only predicate> AND s.k = r.k` that way).
 * The stored tables are non-empty here, so that no join is optimised away.
 */
describe('DuckDB plans use hash joins only', () => {
  it.each(datasets.names)('%s', async (name) => {
    const home = await tempHome();
    const session = await openDuckDb({ tempDirectory: join(home, '.tmp') });
    const conn = session.connection;
    const links = await PathLinks.create();
    try {
      await conn.run(
        `CREATE TEMPORARY TABLE ${RUN_PARAMETERS} AS SELECT TIMESTAMP '2024-06-01 12:00:00' AS run_start`,
      );
      for (const c of datasets.ordered) {
        const columns = tableColumns(c).map(
          (col) => `CAST(NULL AS ${d.type(col.type)}) AS ${d.ident(col.name)}`,
        );
        await conn.run(`CREATE TABLE ${c.name} AS SELECT ${columns.join(', ')} FROM range(1000)`);
        await conn.run(`UPDATE ${c.name} SET ${d.ident(c.primaryKey)} = CAST(rowid AS INTEGER)`);
      }
      await mkdir(join(home, 'raw'), { recursive: true });
      const path = join(home, 'raw', 'f.csv');
      const header = HEADERS[name as keyof typeof HEADERS];
      await writeFile(
        path,
        csv(
          header,
          header
            .split(',')
            .map(() => '1')
            .join(','),
        ),
      );
      await stageDataset(conn, datasets.get(name), [{ key: 'raw/f.csv', path }], { links });
      const plans = [
        compilePlan(datasets.get(name), 'duckdb'),
        ...(name === 'order_items' ? [compileCuratedPlan('duckdb')] : []),
      ];
      for (const plan of plans) {
        for (const s of plan.statements) {
          if (s.phase !== 'setup') {
            const explained = (await conn.runAndReadAll(`EXPLAIN ${s.sql}`))
              .getRowsJS()
              .map((r) => String(r[1]));
            expect({
              statement: s.name,
              nestedLoops: explained
                .join('\n')
                .match(/NESTED_LOOP_JOIN|BLOCKWISE_NL_JOIN|PIECEWISE_MERGE_JOIN/g),
            }).toEqual({
              statement: s.name,
              nestedLoops: null,
            });
          }
          await conn.run(s.sql);
        }
      }
    } finally {
      session.close();
      await links.close();
    }
  });
});
