import { defineEnvironment } from '@lakehouse/infra';

/** Development: small, cheap, disposable (buckets and tables may be destroyed with their data). */
export const config = defineEnvironment('dev', {
  accountId: '111111111111',
  network: { cidr: '10.10.0.0/16', azCount: 2 },
  glue: { workerType: 'G.1X', maxWorkers: 4, timeoutMinutes: 60, maxRetries: 0 },
  lambda: { reservedConcurrency: 5 },
  logs: { retentionDays: 30 },
  alarms: { emails: ['lakehouse-dev-alarms@example.com'] },
  protections: { deletionProtection: false, forceDestroy: true },
});
