import type { FileStatus } from '@lakehouse/contracts';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mapLimit, sleep } from './concurrency';
import { isConditionalCheckFailed } from './dynamo-errors';
import { boundedText, MAX_TEXT_CHARS } from './item-size';
import {
  AlreadyClaimedError,
  AlreadyRegisteredError,
  FileNotFoundError,
  InvalidFileIdentityError,
  InvalidTransitionError,
  NotClaimedError,
  NotPendingError,
} from './errors';
import { datasetOfKey, fileIdOf, type FileIdentity, type FileRef } from './identity';
import { FILES_BY_RUN_INDEX, FILES_PENDING_INDEX, TTL_ATTRIBUTE } from './tables';
import { TableStore, type TableStoreProps } from './table-store';

/**
 * The file lifecycle: each status lists where it may go next. Nothing moves backwards and
 * ARCHIVED is final. VALIDATED → QUARANTINED covers the engine's reject-ratio quarantine, which is
 * only known after the rows are checked; QUARANTINED/REJECTED/EMPTY files are archived too so
 * that the raw zone only holds unprocessed objects.
 */
export const FILE_TRANSITIONS: Readonly<Record<FileStatus, readonly FileStatus[]>> = {
  RECEIVED: ['VALIDATED', 'QUARANTINED', 'REJECTED', 'EMPTY'],
  VALIDATED: ['PROCESSED', 'QUARANTINED'],
  QUARANTINED: ['ARCHIVED'],
  REJECTED: ['ARCHIVED'],
  EMPTY: ['ARCHIVED'],
  PROCESSED: ['ARCHIVED'],
  ARCHIVED: [],
};

/** Statuses a run may claim a file in (VALIDATED: a failed run released it after validation). */
export const CLAIMABLE_STATUSES: readonly FileStatus[] = ['RECEIVED', 'VALIDATED'];

/** The condition "the file is in a claimable status", with its values, for conditional writes. */
const CLAIMABLE_CONDITION = `#status IN (${CLAIMABLE_STATUSES.map((_, i) => `:s${i}`).join(', ')})`;
const CLAIMABLE_VALUES = Object.fromEntries(CLAIMABLE_STATUSES.map((status, i) => [`:s${i}`, status]));

/** A file in one of these was loaded by an earlier run: a re-run reports it ALREADY_PROCESSED. */
export const PROCESSED_STATUSES: readonly FileStatus[] = ['PROCESSED', 'ARCHIVED'];

export interface FileCounts {
  readonly rowsIn: number;
  readonly accepted: number;
  readonly rejected: number;
}

export interface FileHistoryEntry {
  /** A status reached, or a claim taken / given back. */
  readonly event: FileStatus | 'CLAIMED' | 'RELEASED';
  readonly at: number;
  readonly runId?: string;
}

export interface FileRecord {
  readonly fileId: string;
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly eTag?: string;
  readonly dataset: string;
  readonly size?: number;
  /** The S3 notification's sequencer, kept to order events of one key. */
  readonly sequencer?: string;
  readonly status: FileStatus;
  readonly receivedAt: number;
  readonly updatedAt: number;
  /** The run that claimed the file; kept after the run so the file can be traced to it. */
  readonly runId?: string;
  readonly claimedAt?: number;
  readonly counts?: FileCounts;
  /** Why a file was quarantined, rejected or found empty. */
  readonly reason?: string;
  readonly history: readonly FileHistoryEntry[];
}

export interface RegisterFileInput extends FileIdentity {
  /** @default the `<dataset>` of a `raw/<dataset>/<file>` key */
  readonly dataset?: string;
  readonly size?: number;
  readonly sequencer?: string;
}

export interface RegisterResult {
  /** false when the same identity was registered before (a duplicate or late notification). */
  readonly created: boolean;
  readonly file: FileRecord;
}

export interface ClaimRefusal {
  readonly fileId: string;
  readonly error: AlreadyClaimedError | NotPendingError | FileNotFoundError;
}

export interface ClaimResult {
  readonly claimed: FileRecord[];
  readonly refused: ClaimRefusal[];
}

export interface TransitionOptions {
  /** The run that claimed the file: only it may move the file on (fencing against stale runs). */
  readonly runId: string;
  readonly counts?: FileCounts;
  /** Kept up to MAX_TEXT_CHARS characters (a record has a size limit; the report keeps the whole text). */
  readonly reason?: string;
}

/** On the files table. */
export interface FileRegistryProps extends TableStoreProps {
  /**
   * Days an ARCHIVED file record is kept before TTL deletes it. Keep it longer than the archive
   * keeps the object, or a re-delivered notification would register the file again.
   * @default forever (no TTL)
   */
  readonly archivedRetentionDays?: number;
  /** Parallel single-item writes in `claim`/`release`. @default 16 */
  readonly concurrency?: number;
}

/** Attributes that exist only for indexes/TTL; never part of a FileRecord. */
const INTERNAL = ['pendingDataset', 'arrival', TTL_ATTRIBUTE] as const;

function toRecord(item: Record<string, unknown>): FileRecord {
  const record = { ...item };
  for (const attribute of INTERNAL) delete record[attribute];
  return record as unknown as FileRecord;
}

const fileIdOfRef = (ref: FileRef) => (typeof ref === 'string' ? ref : fileIdOf(ref));

/**
 * The registry of arrived objects, keyed by file identity. Every write is one conditional
 * single-item write (no transactions), so it behaves the same on DynamoDB, DynamoDB Local and
 * dynalite, and every refused condition becomes a typed error.
 */
export class FileRegistry extends TableStore {
  private readonly archivedRetentionDays?: number;
  private readonly concurrency: number;

  constructor(props: FileRegistryProps) {
    super(props);
    this.archivedRetentionDays = props.archivedRetentionDays;
    this.concurrency = props.concurrency ?? 16;
  }

  /**
   * Registers an arrived object once. A duplicate or out-of-order notification of the same
   * identity leaves the existing record untouched (whatever its status) and returns it with
   * `created: false`; a new version or new content is a new identity and a new file.
   */
  async register(input: RegisterFileInput): Promise<RegisterResult> {
    try {
      return { created: true, file: await this.insert(input) };
    } catch (error) {
      if (!(error instanceof AlreadyRegisteredError)) throw error;
      return { created: false, file: await this.require(error.fileId) };
    }
  }

  /** Like `register`, but a known identity is an `AlreadyRegisteredError`. */
  async insert(input: RegisterFileInput): Promise<FileRecord> {
    const fileId = fileIdOf(input);
    const dataset = input.dataset ?? datasetOfKey(input.key);
    if (!dataset) {
      throw new InvalidFileIdentityError(
        `s3://${input.bucket}/${input.key}: no dataset given and the key is not raw/<dataset>/…`,
      );
    }
    const now = this.clock();
    const record: FileRecord = {
      fileId,
      bucket: input.bucket,
      key: input.key,
      versionId: input.versionId,
      eTag: input.eTag,
      dataset,
      size: input.size,
      sequencer: input.sequencer,
      status: 'RECEIVED',
      receivedAt: now,
      updatedAt: now,
      history: [{ event: 'RECEIVED', at: now }],
    };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...record, pendingDataset: dataset, arrival: `${new Date(now).toISOString()}#${fileId}` },
          ConditionExpression: 'attribute_not_exists(fileId)',
        }),
      );
      return record;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const existing = await this.require(fileId);
      throw new AlreadyRegisteredError(fileId, existing.status);
    }
  }

  /** The record of a file id or identity (strongly consistent), or undefined. */
  async get(ref: FileRef): Promise<FileRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { fileId: fileIdOfRef(ref) }, ConsistentRead: true }),
    );
    return Item ? toRecord(Item) : undefined;
  }

  /** The records of many files at once, by file id; unknown files are absent from the map. */
  async lookup(refs: readonly FileRef[]): Promise<Map<string, FileRecord>> {
    const ids = [...new Set(refs.map(fileIdOfRef))];
    const found = new Map<string, FileRecord>();
    for (let start = 0; start < ids.length; start += 100) {
      let keys: Record<string, unknown>[] = ids.slice(start, start + 100).map((fileId) => ({ fileId }));
      // BatchGet may return part of the keys as unprocessed under load; back off and ask again.
      for (let attempt = 0; keys.length > 0; attempt++) {
        if (attempt > 0) await sleep(Math.min(50 * 2 ** attempt, 2_000));
        const response = await this.db.send(
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of response.Responses?.[this.table] ?? [])
          found.set(item.fileId as string, toRecord(item));
        keys = response.UnprocessedKeys?.[this.table]?.Keys ?? [];
      }
    }
    return found;
  }

  /** Which of these identities an earlier run already loaded (PROCESSED or ARCHIVED). */
  async findAlreadyProcessed(refs: readonly FileRef[]): Promise<FileRecord[]> {
    const records = await this.lookup(refs);
    return [...records.values()].filter((record) => PROCESSED_STATUSES.includes(record.status));
  }

  /**
   * Unclaimed files of a dataset in RECEIVED or VALIDATED, oldest arrival first. Reads a GSI, so
   * it is eventually consistent on AWS: a file claimed a moment ago may still be listed (the claim
   * itself is conditional, so that is harmless).
   */
  async listPending(dataset: string, options: { limit?: number } = {}): Promise<FileRecord[]> {
    return this.queryIndex(FILES_PENDING_INDEX, 'pendingDataset', dataset, options.limit);
  }

  /** The files claimed by a run, in object-key order. */
  async listByRun(runId: string, options: { limit?: number } = {}): Promise<FileRecord[]> {
    return this.queryIndex(FILES_BY_RUN_INDEX, 'runId', runId, options.limit);
  }

  /**
   * Claims one file for a run: only an unclaimed RECEIVED/VALIDATED file can be claimed, so two
   * runs can never hold the same file. Claiming again by the same run returns the record.
   * @throws AlreadyClaimedError another run holds it · NotPendingError it is past validation ·
   * FileNotFoundError it was never registered
   */
  async claimOne(fileId: string, runId: string): Promise<FileRecord> {
    const claimed = await this.changeClaim(fileId, runId, {
      event: 'CLAIMED',
      set: 'runId = :run, claimedAt = :now',
      remove: 'pendingDataset',
      condition: 'attribute_exists(fileId) AND attribute_not_exists(runId)',
    });
    if (claimed) return claimed;
    const current = await this.require(fileId);
    if (current.runId === runId) return current;
    if (!CLAIMABLE_STATUSES.includes(current.status)) throw new NotPendingError(fileId, current.status);
    throw new AlreadyClaimedError(fileId, current.runId ?? '(unknown)', runId);
  }

  /**
   * Claims each file for the run, one conditional write per file. Files another run holds, files
   * past validation and unknown files are returned as refusals; the caller decides whether a
   * partial claim is acceptable (and `release`s otherwise).
   */
  async claim(fileIds: readonly string[], runId: string): Promise<ClaimResult> {
    const result: ClaimResult = { claimed: [], refused: [] };
    const outcomes = await mapLimit([...new Set(fileIds)], this.concurrency, async (fileId) => {
      try {
        return { fileId, file: await this.claimOne(fileId, runId) };
      } catch (error) {
        if (
          error instanceof AlreadyClaimedError ||
          error instanceof NotPendingError ||
          error instanceof FileNotFoundError
        ) {
          return { fileId, error };
        }
        throw error;
      }
    });
    for (const outcome of outcomes) {
      if (outcome.file) result.claimed.push(outcome.file);
      else result.refused.push({ fileId: outcome.fileId, error: outcome.error });
    }
    return result;
  }

  /**
   * Gives back a run's claim on files it did not finish (still RECEIVED or VALIDATED), making
   * them pending again, e.g. after the run FAILED. Files the run already moved on, or that it does
   * not hold, are left alone. Returns the released records.
   */
  async release(fileIds: readonly string[], runId: string): Promise<FileRecord[]> {
    const released = await mapLimit([...new Set(fileIds)], this.concurrency, (fileId) =>
      this.changeClaim(fileId, runId, {
        event: 'RELEASED',
        set: 'pendingDataset = dataset',
        remove: 'runId, claimedAt',
        condition: 'runId = :run',
      }),
    );
    return released.filter((record): record is FileRecord => record !== undefined);
  }

  /**
   * Takes (CLAIMED) or gives back (RELEASED) a run's claim on a file that is still claimable:
   * one conditional update that also appends the event to the file's history. Undefined when the
   * condition refused it.
   */
  private async changeClaim(
    fileId: string,
    runId: string,
    change: {
      readonly event: 'CLAIMED' | 'RELEASED';
      readonly set: string;
      readonly remove: string;
      readonly condition: string;
    },
  ): Promise<FileRecord | undefined> {
    const now = this.clock();
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { fileId },
          UpdateExpression:
            `SET ${change.set}, updatedAt = :now, history = list_append(history, :event) ` +
            `REMOVE ${change.remove}`,
          ConditionExpression: `${change.condition} AND ${CLAIMABLE_CONDITION}`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':run': runId,
            ':now': now,
            ':event': [{ event: change.event, at: now, runId }],
            ...CLAIMABLE_VALUES,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toRecord(Attributes ?? {});
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  /**
   * Moves a claimed file to its next status, by the run holding it. Repeating a transition that
   * already happened (an at-least-once retry) returns the record unchanged; any other refused
   * move is a typed error: not registered, not claimed, claimed by another run, or not allowed.
   */
  async transition(fileId: string, to: FileStatus, options: TransitionOptions): Promise<FileRecord> {
    const from = (Object.keys(FILE_TRANSITIONS) as FileStatus[]).filter((status) =>
      FILE_TRANSITIONS[status].includes(to),
    );
    const now = this.clock();
    const values: Record<string, unknown> = {
      ':to': to,
      ':run': options.runId,
      ':now': now,
      ':event': [{ event: to, at: now, runId: options.runId }],
    };
    const sets = ['#status = :to', 'updatedAt = :now', 'history = list_append(history, :event)'];
    if (options.counts) {
      sets.push('counts = :counts');
      values[':counts'] = options.counts;
    }
    if (options.reason !== undefined) {
      sets.push('reason = :reason');
      values[':reason'] = boundedText(options.reason, MAX_TEXT_CHARS);
    }
    if (to === 'ARCHIVED' && this.archivedRetentionDays !== undefined) {
      sets.push('#ttl = :ttl');
      values[':ttl'] = Math.floor(now / 1000) + Math.round(this.archivedRetentionDays * 86_400);
    }
    from.forEach((status, i) => (values[`:f${i}`] = status));
    const names: Record<string, string> = { '#status': 'status' };
    if (sets.some((set) => set.startsWith('#ttl'))) names['#ttl'] = TTL_ATTRIBUTE;

    if (from.length > 0) {
      try {
        const { Attributes } = await this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { fileId },
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: `runId = :run AND #status IN (${from.map((_, i) => `:f${i}`).join(', ')})`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        );
        return toRecord(Attributes ?? {});
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
    }
    const current = await this.require(fileId);
    if (current.runId === undefined) throw new NotClaimedError(fileId, options.runId);
    if (current.runId !== options.runId) throw new AlreadyClaimedError(fileId, current.runId, options.runId);
    if (current.status === to) return current;
    throw new InvalidTransitionError(fileId, current.status, to);
  }

  private async require(fileId: string): Promise<FileRecord> {
    const record = await this.get(fileId);
    if (!record) throw new FileNotFoundError(fileId);
    return record;
  }

  private async queryIndex(
    index: string,
    attribute: string,
    value: string,
    limit?: number,
  ): Promise<FileRecord[]> {
    const records: FileRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: index,
          KeyConditionExpression: '#k = :v',
          ExpressionAttributeNames: { '#k': attribute },
          ExpressionAttributeValues: { ':v': value },
          ExclusiveStartKey: startKey,
          Limit: limit === undefined ? undefined : limit - records.length,
        }),
      );
      records.push(...(page.Items ?? []).map(toRecord));
      startKey = page.LastEvaluatedKey;
    } while (startKey && (limit === undefined || records.length < limit));
    return records;
  }
}
