import type { AthenaClient, GetQueryResultsCommandOutput, QueryExecution } from '@aws-sdk/client-athena';
import { AdapterError, messageOf } from './errors';
import { pollUntil, PollTimeoutError, type PollOptions, type PollResult } from './poll';
import {
  assertReadOnlySql,
  rowRecords,
  SqlQueryError,
  SqlQueryTimeoutError,
  SqlQueryUnavailableError,
  type SqlColumn,
  type SqlQuery,
  type SqlQueryOptions,
  type SqlResult,
} from './sql-query';
import { isTransientAwsError } from './transient';

// The SDK client is loaded on first use: importing this library must not load every AWS client (~1 s each).
const sdk = () => import('./commands/athena');

export interface AthenaSqlQueryOptions {
  /** Build it with `new AthenaClient(awsClientConfig(settings))`: timeouts and retries of each call come from there. */
  readonly client: AthenaClient;
  /** The workgroup (its enforced configuration sets the result location and encryption). */
  readonly workGroup: string;
  /** The Glue database unqualified table names resolve in. @default none: qualify tables as `<database>.<table>` */
  readonly database?: string;
  /** @default 300_000 */
  readonly timeoutMs?: number;
  /** The waits between GetQueryExecution calls. @default 200 ms growing ×1.5 up to 5 s */
  readonly poll?: Omit<PollOptions, 'timeoutMs'>;
}

/** Where a query execution stands: not done yet, done (with its statement type), or failed with Athena's reason. */
export function queryOutcomeOf(
  workGroup: string,
  queryId: string,
  execution: QueryExecution | undefined,
): PollResult<{ statementType?: string }> {
  const status = execution?.Status;
  switch (status?.State) {
    case 'SUCCEEDED':
      return { done: true, value: { statementType: execution?.StatementType } };
    case 'FAILED':
    case 'CANCELLED': {
      const athena = status.AthenaError;
      const reason = athena?.ErrorMessage ?? status.StateChangeReason ?? 'no reason given';
      if (athena?.Retryable)
        throw new SqlQueryUnavailableError(`workgroup ${workGroup}`, `${status.State}: ${reason}`, queryId);
      throw new SqlQueryError(`workgroup ${workGroup}`, status.State, reason, queryId);
    }
    default:
      return { done: false };
  }
}

/** The columns and rows of the result pages; SELECT results (statement type DML) repeat the column names as their first row. */
export function resultOf(
  workGroup: string,
  queryId: string,
  pages: readonly Pick<GetQueryResultsCommandOutput, 'ResultSet'>[],
  statementType: string | undefined,
): SqlResult {
  const columns: SqlColumn[] = (pages[0]?.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => ({
    name: c.Label ?? c.Name ?? '',
    type: c.Type ?? 'varchar',
  }));
  const rows = pages.flatMap((page) =>
    (page.ResultSet?.Rows ?? []).map((row) => (row.Data ?? []).map((d) => d.VarCharValue)),
  );
  if (statementType === 'DML') rows.shift();
  return { queryId, columns, rows: rowRecords(`workgroup ${workGroup}`, columns, rows, queryId) };
}

/** Read-only SQL on Athena: start, poll with backoff under an overall timeout, then read every result page. */
export class AthenaSqlQuery implements SqlQuery {
  constructor(private readonly options: AthenaSqlQueryOptions) {}

  async query(sql: string, options: SqlQueryOptions = {}): Promise<SqlResult> {
    const { client, workGroup, database } = this.options;
    const target = `workgroup ${workGroup}`;
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? 300_000;
    assertReadOnlySql(target, sql);
    const {
      GetQueryExecutionCommand,
      paginateGetQueryResults,
      StartQueryExecutionCommand,
      StopQueryExecutionCommand,
    } = await sdk();
    let queryId: string | undefined;
    try {
      const started = await client.send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          WorkGroup: workGroup,
          ...(database !== undefined && { QueryExecutionContext: { Database: database } }),
        }),
      );
      queryId = started.QueryExecutionId ?? '';
      const id = queryId;
      const { statementType } = await pollUntil(
        async () => {
          const { QueryExecution } = await client.send(
            new GetQueryExecutionCommand({ QueryExecutionId: id }),
          );
          return queryOutcomeOf(workGroup, id, QueryExecution);
        },
        { ...this.options.poll, timeoutMs },
      );
      const pages: GetQueryResultsCommandOutput[] = [];
      for await (const page of paginateGetQueryResults(
        { client, pageSize: 1000 },
        { QueryExecutionId: id },
      )) {
        pages.push(page);
      }
      return resultOf(workGroup, id, pages, statementType);
    } catch (error) {
      if (error instanceof PollTimeoutError && queryId) {
        // Stop paying for a query nobody waits for; its own failure changes nothing for the caller.
        await client
          .send(new StopQueryExecutionCommand({ QueryExecutionId: queryId }))
          .catch(() => undefined);
        throw new SqlQueryTimeoutError(target, timeoutMs, queryId);
      }
      throw athenaErrorOf(target, error, queryId);
    }
  }
}

/** What the Athena client threw (after its retries), as the typed errors naming the workgroup and query. */
export function athenaErrorOf(target: string, error: unknown, queryId?: string): Error {
  if (error instanceof AdapterError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  const detail = `${typeof name === 'string' ? `${name}: ` : ''}${messageOf(error)}`;
  return isTransientAwsError(error)
    ? new SqlQueryUnavailableError(target, detail, queryId, { cause: error })
    : new SqlQueryError(target, 'FAILED', detail, queryId, { cause: error });
}
