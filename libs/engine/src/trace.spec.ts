import { datasets } from '@lakehouse/contracts';
import { compilePlan } from './compile-plan';
import { compileCrossChecksPlan } from './cross-checks-plan';
import { compileCuratedPlan } from './curated';
import { executeRun } from './duckdb-executor';
import { csv, HEADERS, stageFiles, tempHome } from '../test/helpers';

describe('the step trace of a run', () => {
  it('has every step: session, stored tables, staging, each plan statement, each view read, outputs, cross-checks', async () => {
    const home = await tempHome();
    const manifest = await stageFiles(
      home,
      {
        products: [['p.csv', csv(HEADERS.products, '1,4,produce,Apples', 'x,4,produce,Bad')]],
        orders: [['o.csv', csv(HEADERS.orders, '1,10,7,2024-01-15 10:00:00,12.50,2024-01-15')]],
        order_items: [['i.csv', csv(HEADERS.order_items, '1,10,7,,1,1,0,2024-01-15 10:00:00,2024-01-15')]],
      },
      'traced',
    );
    const steps: string[] = [];
    let traced = 0;
    const started = performance.now();
    await executeRun({
      home,
      manifest,
      trace: (s) => {
        steps.push(`${s.table}:${s.step}`);
        traced += s.ms;
      },
    });
    const wall = performance.now() - started;

    const expected = ['run:open', 'run:run_parameters', 'run:close', 'cross_checks:drop'];
    for (const name of ['products', 'orders', 'order_items']) {
      const statements = compilePlan(datasets.get(name), 'duckdb').statements.map((s) => `${name}:${s.name}`);
      expected.push(
        ...statements,
        `${name}:stored_table`,
        `${name}:stage`,
        `${name}:write`,
        `${name}:publish`,
      );
      for (const step of [
        'read_counts',
        'read_column_profile',
        'read_file_counts',
        'rejected',
        'rejected_files',
        'drop',
      ])
        expected.push(`${name}:${step}`);
    }
    expected.push(...compileCuratedPlan('duckdb').statements.map((s) => `daily_sales:${s.name}`));
    expected.push('daily_sales:write', 'daily_sales:publish');
    expected.push(...compileCrossChecksPlan('duckdb').statements.map((s) => `cross_checks:${s.name}`));
    expect(steps).toEqual(expect.arrayContaining(expected));
    // Steps follow one another: together they are the run, never more.
    expect(traced).toBeLessThanOrEqual(wall);
  }, 60_000);
});
