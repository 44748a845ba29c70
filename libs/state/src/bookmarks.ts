import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from './dynamo-errors';
import { StaleBookmarkError } from './errors';
import { TableStore, type TableStoreProps } from './table-store';

/** Opaque to this layer: a max timestamp, a Delta table version, a sequencer… */
export type Watermark = string | number;

/** A job's checkpoint. Version 0 means "never committed". */
export interface Bookmark {
  readonly job: string;
  /** Incremented by every commit; a commit must name the version it was based on. */
  readonly version: number;
  readonly lastRunId?: string;
  /** The file ids committed by the last commit (the manifest of `lastRunId`). */
  readonly files: readonly string[];
  /** Files committed over all commits. */
  readonly totalFiles: number;
  readonly watermark?: Watermark;
  readonly committedAt?: number;
}

export interface BookmarkCommit {
  /** The `version` of the bookmark this commit was computed from. */
  readonly expectedVersion: number;
  readonly runId: string;
  readonly files: readonly string[];
  readonly watermark?: Watermark;
}

/** The control table. */
export type BookmarksProps = TableStoreProps;

const keyOf = (job: string) => ({ pk: `BOOKMARK#${job}` });

/**
 * The UpdateItem of a bookmark commit (document-client values): version + 1, conditioned on the
 * version it was based on (version 0 = no item yet; bookmarks are never deleted), `ADD totalFiles`
 * in the same conditional write so the total needs no read-modify-write. Attribute names go
 * through `#` placeholders, so no DynamoDB reserved word can collide. The Glue runner builds the
 * same request (the parity corpus checks it).
 */
export function bookmarkCommitInput(table: string, job: string, commit: BookmarkCommit, now: number) {
  const previous = commit.expectedVersion;
  const names: Record<string, string> = {
    '#job': 'job',
    '#version': 'version',
    '#lastRunId': 'lastRunId',
    '#files': 'files',
    '#committedAt': 'committedAt',
    '#watermark': 'watermark',
    '#totalFiles': 'totalFiles',
  };
  const values: Record<string, unknown> = {
    ':job': job,
    ':next': previous + 1,
    ':run': commit.runId,
    ':files': [...commit.files],
    ':count': commit.files.length,
    ':now': now,
  };
  let update = 'SET #job = :job, #version = :next, #lastRunId = :run, #files = :files, #committedAt = :now';
  if (commit.watermark !== undefined) {
    update += ', #watermark = :watermark';
    values[':watermark'] = commit.watermark;
  } else {
    update += ' REMOVE #watermark';
  }
  update += ' ADD #totalFiles :count';
  if (previous !== 0) values[':expected'] = previous;
  return {
    TableName: table,
    Key: keyOf(job),
    UpdateExpression: update,
    ConditionExpression: previous === 0 ? 'attribute_not_exists(pk)' : '#version = :expected',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ReturnValues: 'ALL_NEW' as const,
  };
}

/**
 * Job bookmarks with optimistic concurrency: read, work, then commit conditioned on the version
 * read. A commit based on an old version (a zombie job, a concurrent duplicate) is refused with
 * `StaleBookmarkError` instead of silently moving the checkpoint.
 */
export class Bookmarks extends TableStore {
  /** The job's bookmark (strongly consistent); version 0 with no files when never committed. */
  async get(job: string): Promise<Bookmark> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keyOf(job), ConsistentRead: true }),
    );
    if (!Item) return { job, version: 0, files: [], totalFiles: 0 };
    const { pk: _pk, ...bookmark } = Item;
    return bookmark as Bookmark;
  }

  /**
   * Commits a new checkpoint (version + 1) if the stored version is still `expectedVersion`.
   * Re-sending the commit that already succeeded (same run, same base version) returns the stored
   * bookmark, so an at-least-once caller can retry safely.
   */
  async commit(job: string, commit: BookmarkCommit): Promise<Bookmark> {
    const previous = commit.expectedVersion;
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand(bookmarkCommitInput(this.table, job, commit, this.clock())),
      );
      const { pk: _pk, ...bookmark } = Attributes ?? {};
      return bookmark as Bookmark;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const current = await this.get(job);
      if (current.version === previous + 1 && current.lastRunId === commit.runId) return current;
      throw new StaleBookmarkError(job, previous, current.version);
    }
  }
}
