import { csv, HEADERS, readTable, stageFiles, tempHome } from '../test/helpers';
import { compileCuratedPlan } from './curated';
import { executeRun } from './duckdb-executor';

describe('daily_sales', () => {
  it('rounds revenue half up on the decimal sum, as Spark does (0.285 → 0.29, not 0.28)', async () => {
    const home = await tempHome();
    const order = (id: number, day: string, total: string) => `1,${id},7,${day} 10:00:00,${total},${day}`;
    const manifest = await stageFiles(home, {
      orders: [
        [
          'o.csv',
          csv(
            HEADERS.orders,
            order(1, '2024-01-01', '0.285'),
            order(2, '2024-01-02', '1.005'),
            order(3, '2024-01-03', '10.075'),
            order(4, '2024-01-04', '0.1'),
            order(5, '2024-01-04', '0.2'),
            order(6, '2024-01-05', '2.675'),
          ),
        ],
      ],
    });
    await executeRun({ home, manifest });
    expect((await readTable(home, 'daily_sales', 'date')).map((d) => [d.date, d.revenue])).toEqual([
      ['2024-01-01', 0.29],
      ['2024-01-02', 1.01],
      ['2024-01-03', 10.08],
      ['2024-01-04', 0.3],
      ['2024-01-05', 2.68],
    ]);
  }, 30_000);

  it('is rebuilt from the orders alone when order_items never arrived (a missing table reads as empty)', async () => {
    const home = await tempHome();
    const manifest = await stageFiles(home, {
      orders: [['o.csv', csv(HEADERS.orders, '1,10,7,2024-01-15 10:00:00,12.5,2024-01-15')]],
    });
    expect((await executeRun({ home, manifest })).status).toBe('SUCCEEDED');
    expect(await readTable(home, 'daily_sales', 'date')).toEqual([
      {
        date: '2024-01-15',
        orders: '1',
        items: '0',
        revenue: 12.5,
        distinct_customers: '1',
        reorder_rate: null,
      },
    ]);
  }, 30_000);

  it('on Spark, creates every table it reads before rebuilding, with the location given', () => {
    const plan = compileCuratedPlan('spark', {
      tableName: (d) => `lakehouse.${d}`,
      tableLocation: (d) => `s3://lake/lakehouse/${d}`,
    });
    const created = plan.statements
      .filter((s) => s.phase === 'setup' && s.sql.startsWith('CREATE TABLE IF NOT EXISTS'))
      .flatMap((s) => s.outputs);
    expect(plan.inputs.map((r) => r.name).filter((name) => !created.includes(name))).toEqual([]);
    expect(plan.statements.find((s) => s.outputs.includes('lakehouse.order_items'))!.sql).toMatch(
      /USING DELTA\nPARTITIONED BY \(`date`\)\nLOCATION 's3:\/\/lake\/lakehouse\/order_items'$/,
    );
  });
});
