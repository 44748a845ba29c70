import fc from 'fast-check';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { parseValue, type ColumnType } from '@lakehouse/contracts';
import { duckdbDialect } from './dialects';
import { CANONICAL_SHAPES, canonicalValueSql, typingSql } from './typing-sql';
import { EDGE, timestampArb } from '@lakehouse/testing';

/** What the JS validator makes of a trimmed cell, in a form comparable with DuckDB's JSON output. */
function jsValue(type: ColumnType, text: string): string | number | null {
  const v = parseValue(type, text);
  if (v === undefined) return null;
  if (typeof v === 'object') return (BigInt(v.epochMs) * 1000n + BigInt(v.micros)).toString();
  return v;
}

const SQL_OUT: Record<Exclude<ColumnType, 'string'>, (v: string) => string> = {
  int: (v) => v,
  double: (v) => v,
  date: (v) => `CAST(${v} AS VARCHAR)`,
  timestamp: (v) => `CAST(epoch_us(${v}) AS VARCHAR)`,
};

async function sqlValues(
  conn: DuckDBConnection,
  type: Exclude<ColumnType, 'string'>,
): Promise<Map<string, unknown>> {
  const t = typingSql(type, 'x', duckdbDialect, '_p_');
  const parts = t.parts.map(([alias, sql]) => `${sql} AS ${alias}`);
  const reader = await conn.runAndReadAll(
    `SELECT x, ${SQL_OUT[type](t.value)} AS v FROM (SELECT ${['x', ...parts].join(', ')} FROM cells)`,
  );
  return new Map(reader.getRowObjectsJson().map((r) => [String(r.x), r.v]));
}

describe('typing SQL gives the same values as the JS validator (DuckDB)', () => {
  let conn: DuckDBConnection;
  let close: () => void;
  const texts = new Set<string>();

  beforeAll(async () => {
    for (const list of Object.values(EDGE)) list.forEach((t) => texts.add(t));
    fc.sample(timestampArb, { numRuns: 400, seed: 7 }).forEach((t) => {
      texts.add(t.text);
      texts.add(t.date);
    });
    fc.sample(fc.integer(), { numRuns: 100, seed: 8 }).forEach((n) => texts.add(String(n)));
    fc.sample(fc.double(), { numRuns: 200, seed: 9 }).forEach((n) => texts.add(String(n)));
    fc.sample(fc.string({ maxLength: 12 }), { numRuns: 200, seed: 10 }).forEach((s) => texts.add(s));
    fc.sample(fc.stringMatching(/^[+-]?[0-9]{1,12}([.][0-9]{0,4})?([eE][+-]?[0-9]{1,3})?$/), {
      numRuns: 300,
      seed: 11,
    }).forEach((s) => texts.add(s));
    fc.sample(fc.stringMatching(/^[0-9]{4}-[01][0-9]-[0-3][0-9]( [0-2][0-9]:[0-6][0-9]:[0-6][0-9])?$/), {
      numRuns: 300,
      seed: 12,
    }).forEach((s) => texts.add(s));
    // Every day of a leap and a common year, with the days months do not have.
    for (const year of ['2023', '2024', '1900', '2000', '0001', '9999'])
      for (let m = 1; m <= 12; m++)
        for (let d = 28; d <= 32; d++) {
          const day = `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          texts.add(day);
          texts.add(`${day} 23:59:59`);
        }
    for (const n of [
      '2147483647',
      '2147483648',
      '-2147483648',
      '-2147483649',
      '+0',
      '-0',
      '0007',
      '9'.repeat(30),
    ])
      texts.add(n);
    const db = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    conn = await db.connect();
    close = () => {
      conn.closeSync();
      db.closeSync();
    };
    await conn.run('CREATE TABLE cells (x VARCHAR)');
    const appender = await conn.createAppender('cells');
    for (const t of texts) {
      const trimmed = t.trim();
      if (trimmed === '') continue; // staging turns these into NULL: NOT_NULL, never typed
      appender.appendVarchar(trimmed);
      appender.endRow();
    }
    appender.closeSync();
  });
  afterAll(() => close());

  it.each(['int', 'double', 'date', 'timestamp'] as const)('%s', async (type) => {
    const sql = await sqlValues(conn, type);
    const mismatches = [...sql].filter(([x, v]) => JSON.stringify(v) !== JSON.stringify(jsValue(type, x)));
    expect(mismatches.map(([x, v]) => ({ text: x, sql: v, js: jsValue(type, x) }))).toEqual([]);
    // The corpus exercises both outcomes.
    expect([...sql.values()].filter((v) => v !== null).length).toBeGreaterThan(20);
    expect([...sql.values()].filter((v) => v === null).length).toBeGreaterThan(20);
  });
});

describe('canonical shapes type by a plain cast to the same values (DuckDB)', () => {
  it.each(['int', 'double', 'date', 'timestamp'] as const)('%s', async (type) => {
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      const texts = new Set<string>([
        ...EDGE[type],
        ...EDGE.int,
        ...EDGE.double,
        ...EDGE.date,
        ...EDGE.timestamp,
      ]);
      for (const year of ['2023', '2024', '0001', '9999'])
        for (let m = 0; m <= 13; m++)
          for (const d of [0, 1, 28, 29, 30, 31, 32]) {
            const day = `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
            for (const time of ['', ' 00:00:00', ' 23:59:59', ' 24:00:00', ' 12:60:00', ' 12:00:60'])
              texts.add(day + time);
          }
      fc.sample(fc.double(), { numRuns: 200, seed: 13 }).forEach((n) => texts.add(String(n)));
      fc.sample(fc.bigInt({ min: -(2n ** 40n), max: 2n ** 40n }), { numRuns: 200, seed: 14 }).forEach((n) =>
        texts.add(String(n)),
      );
      await conn.run('CREATE TABLE cells (x VARCHAR)');
      const appender = await conn.createAppender('cells');
      for (const t of texts) {
        appender.appendVarchar(t);
        appender.endRow();
      }
      appender.closeSync();
      const value = SQL_OUT[type](canonicalValueSql(type, 'x'));
      const shape = duckdbDialect.string(CANONICAL_SHAPES[type]);
      const reader = await conn.runAndReadAll(
        `SELECT x, ${value} AS v FROM cells WHERE regexp_full_match(x, ${shape})`,
      );
      const rows = reader.getRowObjectsJson();
      const mismatches = rows.filter(
        (r) => JSON.stringify(r.v) !== JSON.stringify(jsValue(type, String(r.x))),
      );
      expect(mismatches.map((r) => ({ text: r.x, sql: r.v, js: jsValue(type, String(r.x)) }))).toEqual([]);
      // Canonical texts of both outcomes: values, and TYPE (an impossible day, an overflow).
      expect(rows.filter((r) => r.v !== null).length).toBeGreaterThan(20);
      if (type !== 'double') expect(rows.filter((r) => r.v === null).length).toBeGreaterThan(3);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });
});
