import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { datasets } from '@lakehouse/contracts';
import {
  metrics,
  objectStoreFromEnvironment,
  once,
  PIPELINE_METRIC,
  PIPELINE_METRIC_DIMENSION,
  stateStoreFromEnvironment,
  taskHandler,
} from '@lakehouse/lambda';
import { assessRunQuality, type AssessRunQualityPorts } from '@lakehouse/pipeline/steps';

/**
 * The quality task: the run's quality report and summary from the dataset jobs' reports, the run
 * finished. Per dataset it publishes the rows in, accepted, rejected by code, the quality score and
 * whether its quality gate failed (the alarms watch that one).
 */
export function createHandler(ports: () => AssessRunQualityPorts) {
  return taskHandler('quality', async (input) => {
    const { output, summary, quality } = await assessRunQuality(ports(), input);
    const { dataset: datasetKey, code: codeKey } = PIPELINE_METRIC_DIMENSION;
    for (const [dataset, d] of Object.entries(summary.datasets)) {
      const byDataset = { [datasetKey]: dataset };
      emit(byDataset, PIPELINE_METRIC.rowsIn, MetricUnit.Count, d.rowsIn);
      emit(byDataset, PIPELINE_METRIC.accepted, MetricUnit.Count, d.accepted);
      emit(byDataset, PIPELINE_METRIC.qualityScore, MetricUnit.NoUnit, quality.datasets[dataset].metrics.score);
      emit(byDataset, PIPELINE_METRIC.qualityGateBreached, MetricUnit.Count, d.quality.passed ? 0 : 1);
      for (const [code, rows] of Object.entries(d.reasons))
        emit({ ...byDataset, [codeKey]: code }, PIPELINE_METRIC.rejected, MetricUnit.Count, rows);
    }
    return output;
  });
}

/** One metric with its own dimensions (a single-metric flush: it clears its dimensions after each metric). */
function emit(
  dimensions: Record<string, string>,
  name: string,
  unit: (typeof MetricUnit)[keyof typeof MetricUnit],
  value: number,
) {
  const single = metrics.singleMetric();
  single.addDimensions(dimensions);
  single.addMetric(name, unit, value);
}

export const handler = createHandler(
  once(() => ({
    objects: objectStoreFromEnvironment(['reports']),
    state: stateStoreFromEnvironment(),
    registry: datasets,
  })),
);
