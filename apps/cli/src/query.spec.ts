import { join } from 'node:path';
import { rawFolder, runJson, tempDir } from '../test/homes';
import { runCli } from '../test/run-cli';

describe('lakehouse query: DuckDB over the local tables, named as in the Glue catalog', () => {
  let home: string;

  beforeAll(async () => {
    const raw = await rawFolder({
      'orders/o.csv':
        'order_num,order_id,user_id,order_timestamp,total_amount,date\n' +
        '1,100,7,2024-01-10 10:00:00,10.5,2024-01-10\n' +
        '1,101,8,2024-01-11 11:00:00,"20",2024-01-11\n',
    });
    home = await tempDir('query-home');
    expect((await runJson(raw, home)).code).toBe(0);
  }, 120_000);

  it('prints a table, JSON or CSV', async () => {
    const sql = 'SELECT order_id, total_amount FROM lakehouse_local.orders ORDER BY order_id';
    const table = await runCli('query', sql, '--home', home);
    expect(table).toMatchObject({ code: 0, err: '' });
    expect(table.out).toBe(
      'order_id  total_amount\n--------  ------------\n     100          10.5\n     101            20\n(2 rows)\n',
    );
    const json = await runCli('query', sql, '--home', home, '--json');
    expect(JSON.parse(json.out)).toEqual([
      { order_id: 100, total_amount: 10.5 },
      { order_id: 101, total_amount: 20 },
    ]);
    const csv = await runCli('query', sql, '--home', home, '--csv');
    expect(csv.out).toBe('order_id,total_amount\n100,10.5\n101,20\n');
  });

  it('refuses a statement that writes, and a home without tables, saying why', async () => {
    const write = await runCli('query', 'DROP TABLE lakehouse_local.orders', '--home', home);
    expect(write.code).toBe(1);
    expect(write.err).toMatch(/a DROP statement is not a read-only query/);
    const nowhere = await runCli('query', 'SELECT 1', '--home', join(home, 'nothing-here'));
    expect(nowhere.code).toBe(2);
    expect(nowhere.err).toMatch(/no tables under/);
  });
});
