import fc from 'fast-check';
import { DuckDBInstance } from '@duckdb/node-api';
import { compileRules, defineContract, type Timestamp, type TypedRow } from '@lakehouse/contracts';
import { duckdbDialect as d } from './dialects';
import { ruleToSql } from './rule-sql';

const RUN_START = new Date('2024-06-01T12:00:00Z');
const MS = (iso: string) => Date.parse(iso);

/** A contract with every rule kind over every comparable type. */
const probe = defineContract({
  name: 'probe',
  description: 'rule vocabulary probe',
  columns: [
    { name: 'k', type: 'int', required: true },
    { name: 'i', type: 'int', required: false },
    { name: 'j', type: 'int', required: false },
    { name: 'x', type: 'double', required: false },
    { name: 'd', type: 'date', required: false },
    { name: 'e', type: 'date', required: false },
    { name: 't', type: 'timestamp', required: false },
    { name: 'u', type: 'timestamp', required: false },
    { name: 's', type: 'string', required: false },
    { name: 'r', type: 'string', required: false },
  ],
  primaryKey: 'k',
  rules: [
    { kind: 'compare', name: 'i_positive', column: 'i', op: '>', value: 0 },
    { kind: 'compare', name: 'i_not_three', column: 'i', op: '!=', value: 3 },
    { kind: 'compare', name: 'i_above_minus', column: 'i', op: '>=', value: -2 },
    { kind: 'compare', name: 'x_small', column: 'x', op: '<=', value: 0.1 },
    { kind: 'compare', name: 'x_exact', column: 'x', op: '=', value: -2.5 },
    { kind: 'compare', name: 'd_recent', column: 'd', op: '>=', value: '2024-01-01' },
    { kind: 'compare', name: 't_before_half', column: 't', op: '<', value: '2024-01-15T10:00:00.5Z' },
    { kind: 'compare', name: 't_not_future', column: 't', op: '<=', value: { runStartPlusDays: 1 } },
    { kind: 'compare', name: 't_recent', column: 't', op: '>', value: { runStartPlusDays: -0.5 } },
    { kind: 'compare', name: 's_quote', column: 's', op: '=', value: "it's" },
    { kind: 'compare', name: 's_backslash', column: 's', op: '!=', value: 'a\\b' },
    { kind: 'range', name: 'i_range', column: 'i', min: -5, max: 5 },
    { kind: 'range', name: 'x_min', column: 'x', min: 0.1 },
    { kind: 'range', name: 'd_max', column: 'd', max: '2024-02-29' },
    {
      kind: 'range',
      name: 't_range',
      column: 't',
      min: '2000-01-01T00:00:00+01:00',
      max: { runStartPlusDays: 1 },
    },
    { kind: 'in', name: 'i_flag', column: 'i', values: [0, 1] },
    { kind: 'in', name: 's_set', column: 's', values: ['a', "it's", 'é'] },
    { kind: 'in', name: 'd_set', column: 'd', values: ['2024-01-15', '2024-02-29'] },
    { kind: 'in', name: 'x_set', column: 'x', values: [0.1, 1e21, -2.5] },
    { kind: 'compareColumns', name: 'i_lt_j', left: 'i', op: '<', right: 'j' },
    { kind: 'compareColumns', name: 'i_eq_x', left: 'i', op: '=', right: 'x' },
    { kind: 'compareColumns', name: 'd_le_e', left: 'd', op: '<=', right: 'e' },
    { kind: 'compareColumns', name: 't_ge_u', left: 't', op: '>=', right: 'u' },
    { kind: 'compareColumns', name: 's_ne_r', left: 's', op: '!=', right: 'r' },
    { kind: 'derived', name: 'd_is_day_of_t', column: 'd', op: '=', fn: 'utcDate', source: 't' },
    { kind: 'derived', name: 'e_not_day_of_u', column: 'e', op: '!=', fn: 'utcDate', source: 'u' },
    { kind: 'derived', name: 'd_before_day_of_u', column: 'd', op: '<', fn: 'utcDate', source: 'u' },
  ],
});

const instants = [
  MS('2024-01-15T10:00:00.5Z'),
  MS('2024-06-02T12:00:00Z'),
  MS('2024-06-01T00:00:00Z'),
  MS('1999-12-31T23:00:00Z'),
  MS('2024-01-15T00:00:00Z'),
];
const timestamp = fc.option(
  fc.record({
    epochMs: fc.oneof(
      fc.constantFrom(...instants),
      fc.constantFrom(...instants).map((m) => m - 1),
      fc.integer({ min: MS('1999-12-30T00:00:00Z'), max: MS('2024-06-03T00:00:00Z') }),
    ),
    micros: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 999 })),
  }),
  { nil: undefined },
);
const date = fc.option(
  fc.oneof(
    fc.constantFrom('2024-01-15', '2024-02-29', '2024-01-01', '2023-12-31', '2024-06-01'),
    fc
      .integer({ min: MS('2023-12-01'), max: MS('2024-07-01') })
      .map((m) => new Date(m).toISOString().slice(0, 10)),
  ),
  { nil: undefined },
);
const int = fc.option(fc.oneof(fc.integer({ min: -7, max: 7 }), fc.integer()), { nil: undefined });
const double = fc.option(
  fc.oneof(
    fc.constantFrom(0.1, -2.5, 1e21, 0, -0, 0.30000000000000004, 3),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  ),
  { nil: undefined },
);
const string = fc.option(
  fc.oneof(fc.constantFrom('a', "it's", 'é', 'a\\b', 'e\u0301'), fc.string({ maxLength: 3 })),
  { nil: undefined },
);
const rowArb = fc.record({
  i: int,
  j: int,
  x: double,
  d: date,
  e: date,
  t: timestamp,
  u: timestamp,
  s: string,
  r: string,
});

type Row = typeof rowArb extends fc.Arbitrary<infer R> ? R : never;

function literal(column: string, value: unknown): string {
  if (value === undefined) return 'NULL';
  switch (probe.columns.find((c) => c.name === column)!.type) {
    case 'int':
      return `CAST(${String(value)} AS INTEGER)`;
    case 'double':
      return `CAST('${Object.is(value, -0) ? '-0' : String(value)}' AS DOUBLE)`;
    case 'date':
      return `DATE '${String(value)}'`;
    case 'timestamp': {
      const ts = value as Timestamp;
      return `make_timestamp(${BigInt(ts.epochMs) * 1000n + BigInt(ts.micros)})`;
    }
    default:
      return d.string(String(value));
  }
}

describe("ruleToSql: the SQL of every rule kind gives the JS predicate's verdict (DuckDB)", () => {
  it('on random typed rows, nulls included', async () => {
    const rows: Row[] = fc.sample(rowArb, { numRuns: 600, seed: 42 });
    const names = ['i', 'j', 'x', 'd', 'e', 't', 'u', 's', 'r'] as const;
    const values = rows
      .map((row, n) => `(${[String(n), ...names.map((c) => literal(c, row[c]))].join(', ')})`)
      .join(',\n');
    const rules = probe.rules.map((rule, n) => `${ruleToSql(rule, 'duckdb', probe)} AS r${n}`).join(', ');
    const db = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    const conn = await db.connect();
    try {
      const sql = `SELECT n, ${rules} FROM (VALUES ${values}) AS v(n, ${names.map((c) => d.ident(c)).join(', ')}) CROSS JOIN (SELECT make_timestamp(${BigInt(RUN_START.getTime()) * 1000n}) AS _run_start)`;
      const result = (await conn.runAndReadAll(sql)).getRowObjectsJson();
      const compiled = compileRules(probe, { runStart: RUN_START });
      const mismatches: unknown[] = [];
      for (const r of result) {
        const row = rows[Number(r.n)];
        compiled.forEach((c, n) => {
          const js = c.holds(row as unknown as TypedRow);
          if (r[`r${n}`] !== js) mismatches.push({ rule: c.rule.name, row, sql: r[`r${n}`], js });
        });
      }
      expect(mismatches).toEqual([]);
      // Both outcomes occur for every rule.
      probe.rules.forEach((_rule, n) =>
        expect(new Set(result.map((r) => r[`r${n}`]))).toEqual(new Set([true, false])),
      );
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });

  it('quotes string literals for each dialect', () => {
    const rule = probe.rules.find((r) => r.name === 's_quote')!;
    expect(ruleToSql(rule, 'duckdb', probe)).toBe(`("s" IS NULL OR ("s" = 'it''s'))`);
    expect(ruleToSql(rule, 'spark', probe)).toBe("(`s` IS NULL OR (`s` = 'it\\'s'))");
  });
});
