import { datasets } from '@lakehouse/contracts';
import { validateSparkSql } from '../test/spark-parser';
import { compilePlan, compilePlans } from './compile-plan';
import { compileCuratedPlan } from './curated';
import { compileCrossChecksPlan } from './cross-checks-plan';
import type { Plan } from './plan';

const sparkOptions = {
  tableName: (d: string) => `lakehouse.${d}`,
  tableLocation: (d: string) => `s3://lakehouse-curated/tables/${d}`,
};
const sparkPlans: Plan[] = [
  ...compilePlans('spark', sparkOptions),
  compileCuratedPlan('spark', sparkOptions),
  compileCrossChecksPlan('spark', sparkOptions),
];
const duckdbPlans: Plan[] = [
  ...compilePlans('duckdb'),
  compileCuratedPlan('duckdb'),
  compileCrossChecksPlan('duckdb'),
];

describe('the Spark plans parse with dt-sql-parser (Spark 3.5 grammar)', () => {
  const statements = sparkPlans.flatMap((p) => p.statements.map((s) => [s.name, s.sql] as const));
  let errors: string[][] = [];
  beforeAll(() => {
    errors = validateSparkSql(statements.map(([, sql]) => sql));
  }, 120_000);
  it.each(statements.map(([name], i) => [name, i] as const))('%s', (_name, i) => {
    expect(errors[i]).toEqual([]);
  });
});

describe('dt-sql-parser under Jest', () => {
  it('loads in-process through the transformIgnorePatterns exception (ESM with extension-less imports)', async () => {
    const { SparkSQL } = await import('dt-sql-parser');
    const parser = new SparkSQL();
    expect(parser.validate("SELECT a FROM t WHERE b RLIKE '^[0-9]+\\\\z'")).toEqual([]);
    expect(
      parser.validate('SELECT a FROM t QUALIFY row_number() OVER (ORDER BY a) = 1').length,
    ).toBeGreaterThan(0);
  });
});

describe('plan shape', () => {
  it.each([...sparkPlans, ...duckdbPlans].map((p) => [`${p.dialect} ${p.dataset}`, p] as const))(
    '%s is plain JSON with consistent relations',
    (_n, plan) => {
      expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
      // Every statement reads only plan inputs or relations made by an earlier statement.
      const known = new Set(plan.inputs.map((r) => r.name));
      for (const s of plan.statements) {
        for (const input of s.inputs)
          expect({ statement: s.name, input, known: known.has(input) }).toEqual({
            statement: s.name,
            input,
            known: true,
          });
        s.outputs.forEach((o) => known.add(o));
      }
      for (const o of plan.outputs) expect(known.has(o.name)).toBe(true);
      expect(new Set(plan.statements.map((s) => s.name)).size).toBe(plan.statements.length);
      const phases = plan.statements.map((s) => s.phase);
      expect([...phases].sort((a, b) => order[a] - order[b])).toEqual(phases);
    },
  );

  it('orders parents before children', () => {
    expect(compilePlans('duckdb').map((p) => p.dataset)).toEqual(datasets.names);
    expect(datasets.names.indexOf('order_items')).toBeGreaterThan(datasets.names.indexOf('orders'));
  });

  it('uses only forms both engines parse (no QUALIFY, no ANTI JOIN, no lambdas)', () => {
    for (const p of [...sparkPlans, ...duckdbPlans]) {
      for (const s of p.statements) expect(s.sql).not.toMatch(/\bQUALIFY\b|\bANTI\s+JOIN\b|->|\blambda\b/i);
    }
  });
});

const order = { setup: 0, verdicts: 1, publish: 2 } as const;

describe('golden plans', () => {
  it.each(sparkPlans.map((p) => [p.dataset, p] as const))('spark %s', (_name, plan) => {
    expect(plan).toMatchSnapshot();
  });
  it.each(duckdbPlans.map((p) => [p.dataset, p] as const))('duckdb %s', (_name, plan) => {
    expect(plan).toMatchSnapshot();
  });
});

describe('compilePlan', () => {
  it('names the stored table and its parents as configured', () => {
    const plan = compilePlan(datasets.get('order_items'), 'spark', sparkOptions);
    expect(plan.inputs.filter((r) => r.role === 'parentTable').map((r) => r.name)).toEqual([
      'lakehouse.orders',
      'lakehouse.products',
    ]);
    expect(plan.statements.at(-1)!.sql).toMatch(
      /^MERGE INTO lakehouse\.order_items AS t\nUSING order_items__accepted AS s/,
    );
  });
});
