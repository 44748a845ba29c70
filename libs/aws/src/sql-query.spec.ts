import {
  assertReadOnlySql,
  readOnlyProblem,
  rowRecords,
  SqlQueryError,
  SqlQueryRefusedError,
  sqlValue,
} from '.';

describe('readOnlyProblem', () => {
  it('accepts queries, whatever comments and parentheses come first', () => {
    for (const sql of [
      'SELECT COUNT(*) FROM ecommerce_dwh.orders',
      '  with t as (select 1) select * from t',
      '-- count\n/* the orders */ (SELECT 1) UNION ALL (SELECT 2)',
      'VALUES (1), (2)',
      'SHOW TABLES IN ecommerce_dwh',
      'describe ecommerce_dwh.orders',
    ]) {
      expect(readOnlyProblem(sql)).toBeUndefined();
    }
  });

  it('refuses anything that writes or is not a statement, saying what it saw', () => {
    expect(readOnlyProblem('DROP TABLE ecommerce_dwh.orders')).toBe(
      'a DROP statement is not a read-only query (allowed: SELECT, WITH, VALUES, TABLE, SHOW, DESCRIBE)',
    );
    for (const sql of [
      'INSERT INTO t SELECT 1',
      '/* select */ DELETE FROM t',
      'CREATE TABLE x AS SELECT 1',
      "COPY t TO 'x'",
      'EXPLAIN ANALYZE INSERT INTO t VALUES (1)',
    ]) {
      expect(readOnlyProblem(sql)).toMatch(/is not a read-only query/);
    }
    expect(readOnlyProblem('  -- nothing')).toBe('it holds no statement');
    expect(() => assertReadOnlySql('workgroup w', 'UPDATE t SET x = 1')).toThrow(SqlQueryRefusedError);
  });
});

describe('sqlValue', () => {
  it('types values by column type, exactly', () => {
    expect(sqlValue('42', 'bigint')).toBe(42);
    expect(sqlValue('9007199254740993', 'bigint')).toBe('9007199254740993');
    expect(sqlValue('7', 'INTEGER')).toBe(7);
    expect(sqlValue('0.5', 'double')).toBe(0.5);
    expect(sqlValue('true', 'boolean')).toBe(true);
    expect(sqlValue(false, 'BOOLEAN')).toBe(false);
    expect(sqlValue('1.50', 'DECIMAL(4,2)')).toBe('1.50');
    expect(sqlValue('2024-06-01', 'date')).toBe('2024-06-01');
    expect(sqlValue([1, 2], 'INTEGER[]')).toBe('[1,2]');
    expect(sqlValue(undefined, 'varchar')).toBeNull();
    expect(sqlValue(null, 'bigint')).toBeNull();
  });

  it('refuses two result columns of one name instead of dropping one', () => {
    const columns = [
      { name: 'n', type: 'bigint' },
      { name: 'n', type: 'varchar' },
    ];
    expect(() => rowRecords('workgroup w', columns, [['1', 'x']], 'q-1')).toThrow(
      new SqlQueryError('workgroup w', 'FAILED', 'two result columns are named "n": alias them', 'q-1'),
    );
    expect(rowRecords('w', [{ name: 'n', type: 'bigint' }], [['3'], [undefined]])).toEqual([
      { n: 3 },
      { n: null },
    ]);
  });
});
