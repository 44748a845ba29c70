import { datasets } from '@lakehouse/contracts';
import {
  compileCrossChecksPlan,
  compileCuratedPlan,
  compilePlan,
  CROSS_CHECKS,
  DAILY_SALES,
} from '@lakehouse/engine';

/** How the Glue runner's plan fixtures are compiled: catalog tables `lakehouse.<name>` in one bucket. */
export const SPARK_FIXTURE_OPTIONS = {
  tableName: (name: string) => `lakehouse.${name}`,
  tableLocation: (name: string) => `s3://lake-bucket/lakehouse/${name}`,
};

/** Every dataset's compiled Spark plan, then the curated one and the cross-checks: the Glue runner's plan fixtures. */
export function sparkPlanFixtures() {
  return [
    ...datasets.ordered.map((c) => ({ name: c.name, plan: compilePlan(c, 'spark', SPARK_FIXTURE_OPTIONS) })),
    { name: DAILY_SALES, plan: compileCuratedPlan('spark', SPARK_FIXTURE_OPTIONS) },
    { name: CROSS_CHECKS, plan: compileCrossChecksPlan('spark', SPARK_FIXTURE_OPTIONS) },
  ];
}
