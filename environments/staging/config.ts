import { defineEnvironment } from '@lakehouse/infra';

/** Staging: production's shape at a smaller size; protected like production. */
export const config = defineEnvironment('staging', {
  accountId: '222222222222',
  network: { cidr: '10.20.0.0/16', azCount: 2 },
  glue: { workerType: 'G.1X', maxWorkers: 10, timeoutMinutes: 120, maxRetries: 1 },
  // 720 min of Glue at most (3 jobs in a row × 120 min × 2 attempts) and two hours for the rest.
  orchestration: { runTimeoutMinutes: 840 },
  lambda: { reservedConcurrency: 10 },
  logs: { retentionDays: 90 },
  alarms: { emails: ['lakehouse-staging-alarms@example.com'] },
});
