import { z } from 'zod';
import { qualitySpecSchema } from './quality';
import { list, nonEmpty, recordOf, strictObject } from './shapes';

export const DIALECTS = ['duckdb', 'spark'] as const;
export type Dialect = (typeof DIALECTS)[number];

/** SQL column types (DuckDB spells STRING as VARCHAR and INT as INTEGER; the meaning is the same). */
export const SQL_TYPES = ['INT', 'BIGINT', 'DOUBLE', 'BOOLEAN', 'STRING', 'DATE', 'TIMESTAMP'] as const;
export type SqlType = (typeof SQL_TYPES)[number];

/**
 * What a relation is for. Inputs: stagedRows, stagedFiles, runParameters, table, parentTable.
 * Outputs: rejectedRows, fileCounts, datasetCounts, acceptedRows, columnProfile, runKeys,
 * nextTable (DuckDB), mergedTable (Spark), curatedTable, crossCheckCounts, crossCheckExamples.
 */
export const RELATION_ROLES = [
  'stagedRows',
  'stagedFiles',
  'runParameters',
  'table',
  'parentTable',
  'rejectedRows',
  'fileCounts',
  'datasetCounts',
  'acceptedRows',
  'nextTable',
  'mergedTable',
  'curatedTable',
  'columnProfile',
  'runKeys',
  'crossCheckCounts',
  'crossCheckExamples',
] as const;
export type RelationRole = (typeof RELATION_ROLES)[number];

/**
 * setup: session settings and table creation, safe to run again. verdicts: typing, checks, FK,
 * deduplication, quarantine and every count, with no table change. publish: the upsert, run only
 * after the audit allowed it.
 */
export const PLAN_PHASES = ['setup', 'verdicts', 'publish'] as const;
export type PlanPhase = (typeof PLAN_PHASES)[number];

export const planColumnSchema = strictObject({
  name: nonEmpty,
  type: z.enum(SQL_TYPES),
  nullable: z.boolean(),
  description: z.string().optional(),
});
export type PlanColumn = z.infer<typeof planColumnSchema>;

export const planRelationSchema = strictObject({
  name: nonEmpty.describe('The name in SQL (unquoted; may be qualified, e.g. `lakehouse.orders`).'),
  role: z.enum(RELATION_ROLES),
  dataset: nonEmpty.describe("The dataset the relation belongs to (a parent's name for parentTable)."),
  columns: list(planColumnSchema),
  description: z.string().describe('What the relation must contain (inputs) or contains (outputs).'),
});
export type PlanRelation = z.infer<typeof planRelationSchema>;

export const planStatementSchema = strictObject({
  name: nonEmpty.describe('Unique within the plan, e.g. `orders.typed`.'),
  phase: z.enum(PLAN_PHASES),
  inputs: list(z.string()).describe('Relations the statement reads.'),
  outputs: list(z.string()).describe('Relations the statement creates or changes.'),
  description: z.string(),
  sql: nonEmpty.describe("One complete SQL statement in the plan's dialect, no trailing semicolon."),
});
export type PlanStatement = z.infer<typeof planStatementSchema>;

/**
 * A compiled plan: what a runner executes, statement by statement, for one dataset (or the curated
 * table). libs/engine's plan.ts describes what a runner provides and reads.
 */
export const planSchema = strictObject({
  formatVersion: z.literal(1),
  kind: z
    .enum(['dataset', 'curated', 'crossChecks'])
    .describe('dataset: one dataset; curated: a table built from the others; crossChecks: the checks across datasets.'),
  dataset: nonEmpty.describe('The dataset (or curated table) the plan computes.'),
  dialect: z.enum(DIALECTS),
  primaryKey: nonEmpty.optional(),
  partitionBy: list(z.string()).describe('Hive partition columns of the stored table.'),
  sessionSettings: recordOf(z.string()).describe(
    'The session settings the statements rely on: a runner sets them and checks they hold before any statement.',
  ),
  maxRejectRatio: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe("Dataset plans: the contract's quarantine limit (the file-level message names it)."),
  quality: qualitySpecSchema.optional().describe("Dataset plans: the contract's quality gate."),
  inputs: list(planRelationSchema),
  outputs: list(planRelationSchema),
  statements: list(planStatementSchema),
}).meta({ title: 'Compiled plan', description: 'The SQL statements of one dataset (or curated) plan.' });
export type Plan = z.infer<typeof planSchema>;
