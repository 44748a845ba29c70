import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { datasets } from '@lakehouse/contracts';
import {
  metrics,
  objectStoreFromEnvironment,
  once,
  PIPELINE_METRIC,
  stateStoreFromEnvironment,
  taskHandler,
} from '@lakehouse/lambda';
import { assessRunQuality, type AssessRunQualityPorts } from '@lakehouse/pipeline/steps';

/**
 * The quality task: the run's quality report and summary from the dataset jobs' reports, the run
 * finished. Per dataset it publishes the rows in, accepted, rejected by code and the quality score.
 */
export function createHandler(ports: () => AssessRunQualityPorts) {
  return taskHandler('quality', async (input) => {
    const { output, summary, quality } = await assessRunQuality(ports(), input);
    for (const [dataset, d] of Object.entries(summary.datasets)) {
      emit({ dataset }, PIPELINE_METRIC.rowsIn, MetricUnit.Count, d.rowsIn);
      emit({ dataset }, PIPELINE_METRIC.accepted, MetricUnit.Count, d.accepted);
      emit(
        { dataset },
        PIPELINE_METRIC.qualityScore,
        MetricUnit.NoUnit,
        quality.datasets[dataset].metrics.score,
      );
      for (const [code, rows] of Object.entries(d.reasons))
        emit({ dataset, code }, PIPELINE_METRIC.rejected, MetricUnit.Count, rows);
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
