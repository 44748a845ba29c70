import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from './dynamo-errors';
import { LeaseHeldError, LeaseLostError, type LeaseLossReason } from './errors';
import { TableStore, type TableStoreProps } from './table-store';

/** A granted lease. `token` is the fencing token: it grows with every new grant of the pipeline. */
export interface Lease {
  readonly pipeline: string;
  /** Who holds it, normally the run id. */
  readonly holder: string;
  readonly token: number;
  readonly acquiredAt: number;
  readonly expiresAt: number;
}

export interface LeaseOptions {
  /** Lease duration from now. @default the manager's ttlMs */
  readonly ttlMs?: number;
}

/** On the control table. */
export interface LeaseManagerProps extends TableStoreProps {
  /**
   * Default lease duration. Longer than the slowest step between two renewals, shorter than the
   * time you accept a crashed run to block the pipeline. @default 900_000 (15 min)
   */
  readonly ttlMs?: number;
}

const keyOf = (pipeline: string) => ({ pk: `LEASE#${pipeline}` });

// The lease item is never deleted (no TTL): it carries the fencing-token counter, which must keep
// growing across releases and takeovers. Expiry is a stored instant compared with the caller's
// clock inside each condition expression, so DynamoDB, not the client, decides who holds it.

/**
 * One active holder per pipeline. acquire → renew… → release; a crashed holder's lease expires and
 * the next acquire takes over with a higher token. Every holder-side write (renew, release,
 * assertHeld) is conditioned on holder + token + unexpired, so a stale holder is refused.
 */
export class LeaseManager extends TableStore {
  private readonly ttlMs: number;

  constructor(props: LeaseManagerProps) {
    super(props);
    this.ttlMs = props.ttlMs ?? 900_000;
  }

  /**
   * Grants the pipeline's lease to `holder` if it is free, released or expired. The current holder
   * acquiring again (a retried step) gets its lease extended with the same token.
   * @throws LeaseHeldError while another holder's lease is unexpired
   */
  async acquire(pipeline: string, holder: string, options: LeaseOptions = {}): Promise<Lease> {
    return this.tryAcquire(pipeline, holder, options, 3);
  }

  private async tryAcquire(
    pipeline: string,
    holder: string,
    options: LeaseOptions,
    attempts: number,
  ): Promise<Lease> {
    const now = this.clock();
    const expiresAt = now + (options.ttlMs ?? this.ttlMs);
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keyOf(pipeline),
          UpdateExpression:
            'SET pipeline = :pipeline, holder = :holder, acquiredAt = :now, expiresAt = :expires ADD #token :one',
          ConditionExpression: 'attribute_not_exists(holder) OR expiresAt <= :now',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: {
            ':pipeline': pipeline,
            ':holder': holder,
            ':now': now,
            ':expires': expiresAt,
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toLease(Attributes ?? {});
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    const current = await this.read(pipeline);
    if (current?.holder === holder) {
      try {
        return await this.renew({ ...current, holder }, options);
      } catch (error) {
        // It expired between our two writes: nobody holds it now unless someone was faster.
        if (error instanceof LeaseLostError && error.reason === 'EXPIRED' && attempts > 1) {
          return this.tryAcquire(pipeline, holder, options, attempts - 1);
        }
        throw error;
      }
    }
    if (!current?.holder && attempts > 1) return this.tryAcquire(pipeline, holder, options, attempts - 1); // released in between
    if (!current?.holder) throw new LeaseHeldError(pipeline, '(contended)', now);
    throw new LeaseHeldError(pipeline, current.holder, current.expiresAt);
  }

  /**
   * Extends a lease that is still held and unexpired.
   * @throws LeaseLostError when it expired, was released or was taken over
   */
  async renew(lease: Lease, options: LeaseOptions = {}): Promise<Lease> {
    const now = this.clock();
    const expiresAt = now + (options.ttlMs ?? this.ttlMs);
    const attributes = await this.fenced(lease, now, 'SET expiresAt = :expires, renewedAt = :now', {
      ':expires': expiresAt,
    });
    return toLease(attributes);
  }

  /**
   * Gives the lease up. Releasing an already released lease with the same token is a no-op.
   * @throws LeaseLostError when someone else holds it now
   */
  async release(lease: Lease): Promise<void> {
    const now = this.clock();
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keyOf(lease.pipeline),
          UpdateExpression: 'SET releasedAt = :now, expiresAt = :now REMOVE holder',
          // No expiry check: a holder that overran its lease may still tidy up if nobody took over.
          ConditionExpression: 'holder = :holder AND #token = :token',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':holder': lease.holder, ':token': lease.token, ':now': now },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const loss = await this.diagnose(lease, now);
      if (loss.reason === 'RELEASED') return;
      throw loss;
    }
  }

  /**
   * Proves, with a conditional write evaluated by DynamoDB, that `lease` is still held and
   * unexpired right now. Call it before publishing anything a newer holder might also publish.
   * @throws LeaseLostError otherwise
   */
  async assertHeld(lease: Lease): Promise<void> {
    await this.fenced(lease, this.clock(), 'SET checkedAt = :now', {});
  }

  /** The stored lease when someone holds it and it has not expired by the clock, else undefined. */
  async current(pipeline: string): Promise<Lease | undefined> {
    const lease = await this.read(pipeline);
    return lease?.holder && lease.expiresAt > this.clock() ? { ...lease, holder: lease.holder } : undefined;
  }

  private async fenced(
    lease: Lease,
    now: number,
    update: string,
    values: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keyOf(lease.pipeline),
          UpdateExpression: update,
          ConditionExpression: 'holder = :holder AND #token = :token AND expiresAt > :now',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: {
            ...values,
            ':holder': lease.holder,
            ':token': lease.token,
            ':now': now,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ?? {};
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      throw await this.diagnose(lease, now);
    }
  }

  /** Why a fenced write was refused, from the item as it is now. */
  private async diagnose(lease: Lease, now: number): Promise<LeaseLostError> {
    const current = await this.read(lease.pipeline);
    let reason: LeaseLossReason;
    if (current && current.token !== lease.token) reason = 'TAKEN_OVER';
    else if (!current?.holder) reason = 'RELEASED';
    else if (current.expiresAt <= now) reason = 'EXPIRED';
    else reason = 'TAKEN_OVER'; // same token, different holder: not produced by this class
    const currentHolder = current?.holder && current.holder !== lease.holder ? current.holder : undefined;
    return new LeaseLostError(lease.pipeline, lease.holder, lease.token, reason, currentHolder);
  }

  private async read(pipeline: string): Promise<StoredLease | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keyOf(pipeline), ConsistentRead: true }),
    );
    return Item ? toLease(Item) : undefined;
  }
}

/** A stored lease item; `holder` is absent once released. */
type StoredLease = Omit<Lease, 'holder'> & { readonly holder?: string };

function toLease(item: Record<string, unknown>): Lease {
  return {
    pipeline: item.pipeline as string,
    holder: item.holder as string,
    token: item.token as number,
    acquiredAt: item.acquiredAt as number,
    expiresAt: item.expiresAt as number,
  };
}
