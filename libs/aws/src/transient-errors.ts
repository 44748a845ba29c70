import { CRAWLER_TRANSIENT_ERRORS } from './crawler';
import { EXECUTION_STARTER_TRANSIENT_ERRORS } from './execution-starter';
import { NOTIFIER_TRANSIENT_ERRORS } from './notifier';
import { SQL_QUERY_TRANSIENT_ERRORS } from './sql-query';

/**
 * The names of this library's transient errors: what a Step Functions Retry lists for the tasks
 * using these ports (with `OBJECT_STORE_TRANSIENT_ERRORS` of @lakehouse/storage).
 */
export const AWS_ADAPTER_TRANSIENT_ERRORS = [
  ...NOTIFIER_TRANSIENT_ERRORS,
  ...EXECUTION_STARTER_TRANSIENT_ERRORS,
  ...CRAWLER_TRANSIENT_ERRORS,
  ...SQL_QUERY_TRANSIENT_ERRORS,
] as const;
