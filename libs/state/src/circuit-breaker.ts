import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { sleep } from './concurrency';
import { isConditionalCheckFailed } from './dynamo-errors';
import { CircuitOpenError, ConcurrentUpdateError } from './errors';
import { TableStore, type TableStoreProps } from './table-store';

export type CircuitState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface CircuitFailure {
  readonly runId: string;
  readonly reason?: string;
  readonly at: number;
}

export interface CircuitStatus {
  readonly pipeline: string;
  readonly state: CircuitState;
  readonly consecutiveFailures: number;
  readonly openedAt?: number;
  /** OPEN: when the next run may start as a half-open trial. */
  readonly halfOpensAt?: number;
  /** HALF_OPEN: the one run allowed through, and when another may replace it if it never reports. */
  readonly trialRunId?: string;
  readonly trialExpiresAt?: number;
  readonly lastFailure?: CircuitFailure;
  /** Optimistic-concurrency version of the stored item; 0 when never written. */
  readonly version: number;
}

/** On the control table. */
export interface CircuitBreakerProps extends TableStoreProps {
  /** Consecutive failed runs that open the circuit. @default 3 */
  readonly failureThreshold?: number;
  /** How long an open circuit refuses runs before allowing one trial. @default 600_000 (10 min) */
  readonly coolDownMs?: number;
  /**
   * How long a half-open trial may stay silent (crashed without reporting) before another run
   * may take the trial. @default coolDownMs
   */
  readonly trialTimeoutMs?: number;
}

/** The outcome of evaluating the state machine on the item as read. */
interface Decision {
  /** The item to write; undefined when nothing changes. */
  readonly next?: Omit<CircuitStatus, 'version'>;
  /** A time guard DynamoDB evaluates with the caller's now, on top of the version check. */
  readonly guard?: 'halfOpensAt' | 'trialExpiresAt';
}

const keyOf = (pipeline: string) => ({ pk: `BREAKER#${pipeline}` });
const MAX_ATTEMPTS = 8;

/**
 * Per-pipeline circuit breaker: CLOSED → (N consecutive failures) → OPEN → (cool-down) →
 * HALF_OPEN with exactly one trial run → CLOSED on its success, OPEN again on its failure.
 *
 * Each change is computed from the item as read and written with one conditional put on the
 * item's version (optimistic concurrency, retried on conflict), so concurrent triggers agree on a
 * single outcome without transactions. Time-based moves are also conditioned on the stored instant
 * (`halfOpensAt`, `trialExpiresAt`) against the caller's clock, so DynamoDB enforces the cool-down.
 */
export class CircuitBreaker extends TableStore {
  readonly failureThreshold: number;
  readonly coolDownMs: number;
  readonly trialTimeoutMs: number;

  constructor(props: CircuitBreakerProps) {
    super(props);
    this.failureThreshold = props.failureThreshold ?? 3;
    this.coolDownMs = props.coolDownMs ?? 600_000;
    this.trialTimeoutMs = props.trialTimeoutMs ?? this.coolDownMs;
    if (!Number.isInteger(this.failureThreshold) || this.failureThreshold < 1) {
      throw new RangeError(`failureThreshold must be a positive integer (got ${props.failureThreshold})`);
    }
  }

  /** The stored state (CLOSED with no failures when never written). */
  async status(pipeline: string): Promise<CircuitStatus> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keyOf(pipeline), ConsistentRead: true }),
    );
    if (!Item) return { pipeline, state: 'CLOSED', consecutiveFailures: 0, version: 0 };
    const { pk: _pk, ...status } = Item;
    return status as CircuitStatus;
  }

  /**
   * Asks to start `runId`. CLOSED admits; OPEN refuses until the cool-down ends, then admits this
   * run as the single half-open trial; HALF_OPEN admits only the trial run (again), or a new trial
   * once the previous one timed out.
   * @throws CircuitOpenError with the instant at which asking again can succeed
   */
  async admit(pipeline: string, runId: string): Promise<CircuitStatus> {
    return this.mutate(pipeline, (current, now) => this.admission(current, runId, now));
  }

  /**
   * Whether `admit(pipeline, runId)` would admit the run now, without changing the breaker (a
   * trigger deciding whether to start a run at all).
   * @throws CircuitOpenError as `admit` would
   */
  async check(pipeline: string, runId: string): Promise<CircuitStatus> {
    const current = await this.status(pipeline);
    this.admission(current, runId, this.clock());
    return current;
  }

  private admission(current: CircuitStatus, runId: string, now: number): Decision {
    const { pipeline } = current;
    if (current.state === 'CLOSED') return {};
    if (current.state === 'HALF_OPEN' && current.trialRunId === runId) return {};
    if (current.state === 'OPEN') {
      const halfOpensAt = current.halfOpensAt ?? 0;
      if (now < halfOpensAt) {
        throw new CircuitOpenError(
          pipeline,
          'OPEN',
          current.consecutiveFailures,
          halfOpensAt,
          current.lastFailure?.reason,
        );
      }
      return { next: this.trial(current, runId, now), guard: 'halfOpensAt' };
    }
    const trialExpiresAt = current.trialExpiresAt ?? 0;
    if (now < trialExpiresAt) {
      throw new CircuitOpenError(
        pipeline,
        'HALF_OPEN',
        current.consecutiveFailures,
        trialExpiresAt,
        current.lastFailure?.reason,
      );
    }
    return { next: this.trial(current, runId, now), guard: 'trialExpiresAt' };
  }

  /** A run succeeded: the circuit closes and the failure count resets. */
  async recordSuccess(pipeline: string, _runId: string): Promise<CircuitStatus> {
    return this.mutate(pipeline, (current) => {
      if (current.state === 'CLOSED' && current.consecutiveFailures === 0) return {};
      return {
        next: { pipeline, state: 'CLOSED', consecutiveFailures: 0, lastFailure: current.lastFailure },
      };
    });
  }

  /**
   * A run failed: one more consecutive failure; the circuit opens at the threshold, and a failed
   * half-open trial reopens it for another cool-down. Reporting the same run's failure twice
   * (an at-least-once retry) counts once.
   */
  async recordFailure(pipeline: string, runId: string, reason?: string): Promise<CircuitStatus> {
    return this.mutate(pipeline, (current, now) => {
      if (current.lastFailure?.runId === runId) return {};
      const consecutiveFailures = current.consecutiveFailures + 1;
      const lastFailure: CircuitFailure = { runId, reason, at: now };
      const opens =
        current.state === 'HALF_OPEN' ||
        (current.state === 'CLOSED' && consecutiveFailures >= this.failureThreshold);
      if (opens) {
        return {
          next: {
            pipeline,
            state: 'OPEN',
            consecutiveFailures,
            openedAt: now,
            halfOpensAt: now + this.coolDownMs,
            lastFailure,
          },
        };
      }
      // CLOSED below the threshold, or OPEN (a run admitted before it opened): count, keep the timing.
      const { version: _version, ...rest } = current;
      return { next: { ...rest, consecutiveFailures, lastFailure } };
    });
  }

  /** Operator override: close the circuit whatever its state. */
  async reset(pipeline: string): Promise<CircuitStatus> {
    return this.mutate(pipeline, () => ({ next: { pipeline, state: 'CLOSED', consecutiveFailures: 0 } }));
  }

  private trial(current: CircuitStatus, runId: string, now: number): Omit<CircuitStatus, 'version'> {
    const { version: _version, ...rest } = current;
    return { ...rest, state: 'HALF_OPEN', trialRunId: runId, trialExpiresAt: now + this.trialTimeoutMs };
  }

  private async mutate(
    pipeline: string,
    decide: (current: CircuitStatus, now: number) => Decision,
  ): Promise<CircuitStatus> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.status(pipeline);
      const now = this.clock();
      const { next, guard } = decide(current, now);
      if (!next) return current;
      const written: CircuitStatus = { ...next, pipeline, version: current.version + 1 };
      const conditions = [current.version === 0 ? 'attribute_not_exists(pk)' : 'version = :version'];
      const values: Record<string, unknown> = current.version === 0 ? {} : { ':version': current.version };
      if (guard) {
        conditions.push(`${guard} <= :now`);
        values[':now'] = now;
      }
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...keyOf(pipeline), ...written },
            ConditionExpression: conditions.join(' AND '),
            ExpressionAttributeValues: Object.keys(values).length > 0 ? values : undefined,
          }),
        );
        return written;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
        if (attempt >= MAX_ATTEMPTS) {
          throw new ConcurrentUpdateError(
            `circuit of pipeline ${pipeline}: gave up after ${attempt} conflicting updates`,
          );
        }
        // Someone else changed the breaker: re-read and re-decide (their change may refuse us).
        await sleep(Math.random() * 20 * attempt);
      }
    }
  }
}
