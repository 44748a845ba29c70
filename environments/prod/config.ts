import { defineEnvironment } from '@lakehouse/infra';

/** Production: three AZs, bigger workers, a year and more of logs, everything protected. */
export const config = defineEnvironment('prod', {
  accountId: '333333333333',
  network: { cidr: '10.30.0.0/16', azCount: 3 },
  glue: { workerType: 'G.2X', maxWorkers: 20, timeoutMinutes: 240, maxRetries: 1 },
  // 1,440 min of Glue at most (3 jobs in a row × 240 min × 2 attempts) and two hours for the rest.
  orchestration: { runTimeoutMinutes: 1560 },
  lambda: { reservedConcurrency: 20 },
  logs: { retentionDays: 400 },
  alarms: { emails: ['lakehouse-prod-alarms@example.com', 'data-platform-oncall@example.com'] },
  storage: { noncurrentVersionDays: 90, accessLogDays: 365 },
});
