import { AWS_ADAPTER_TRANSIENT_ERRORS } from '@lakehouse/aws';
import { ConcurrentUpdateError } from '@lakehouse/state';
import { OBJECT_STORE_TRANSIENT_ERRORS } from '@lakehouse/storage';
import type { Retrier } from './asl';

/**
 * Which errors a task state retries. Only transient conditions are named: a retry of anything else
 * (a bad file, a lost lease, a contract error) would repeat the same failure and delay the Catch.
 */

/** Lambda invoke errors that mean "the call did not happen or did not finish"; AWS advises retrying them. */
export const LAMBDA_TRANSIENT_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
] as const;

/** Errors of the libraries' own that a later attempt can clear (their class names, as thrown). */
export const LIBRARY_TRANSIENT_ERRORS: readonly string[] = [
  ConcurrentUpdateError.name,
  ...OBJECT_STORE_TRANSIENT_ERRORS,
  ...AWS_ADAPTER_TRANSIENT_ERRORS,
];

/** Glue API errors of the workflow-run calls that a later attempt can clear. */
export const GLUE_TRANSIENT_ERRORS = [
  'Glue.InternalServiceException',
  'Glue.OperationTimeoutException',
] as const;

/** A workflow run is still running (a retried start after a lost response, or an older run ending). */
export const GLUE_BUSY_ERROR = 'Glue.ConcurrentRunsExceededException';

/** The retriers of a task that invokes a pipeline handler (Lambda). */
export function lambdaRetriers(): Retrier[] {
  return [
    {
      ErrorEquals: [...LAMBDA_TRANSIENT_ERRORS],
      IntervalSeconds: 2,
      MaxAttempts: 6,
      BackoffRate: 2,
      MaxDelaySeconds: 60,
      JitterStrategy: 'FULL',
    },
    {
      ErrorEquals: [...LIBRARY_TRANSIENT_ERRORS],
      IntervalSeconds: 1,
      MaxAttempts: 4,
      BackoffRate: 2,
      MaxDelaySeconds: 30,
      JitterStrategy: 'FULL',
    },
  ];
}

/** The retriers of a Glue SDK task; `start` also waits out a workflow run still in progress. */
export function glueRetriers(call: 'start' | 'poll'): Retrier[] {
  const transient: Retrier = {
    ErrorEquals: [...GLUE_TRANSIENT_ERRORS],
    IntervalSeconds: 5,
    MaxAttempts: 5,
    BackoffRate: 2,
    MaxDelaySeconds: 120,
    JitterStrategy: 'FULL',
  };
  if (call === 'poll') return [transient];
  return [
    transient,
    {
      ErrorEquals: [GLUE_BUSY_ERROR],
      IntervalSeconds: 60,
      MaxAttempts: 10,
      BackoffRate: 1.5,
      MaxDelaySeconds: 600,
    },
  ];
}
