import {
  athenaErrorOf,
  queryOutcomeOf,
  resultOf,
  SqlQueryError,
  SqlQueryUnavailableError,
  SQL_QUERY_TRANSIENT_ERRORS,
} from '.';

const outcome = (execution: Parameters<typeof queryOutcomeOf>[2]) => {
  try {
    return queryOutcomeOf('lakehouse-dev', 'q-1', execution);
  } catch (error) {
    return error;
  }
};

describe('queryOutcomeOf', () => {
  it('keeps polling while the query is queued or running', () => {
    expect(outcome({ Status: { State: 'QUEUED' } })).toEqual({ done: false });
    expect(outcome({ Status: { State: 'RUNNING' } })).toEqual({ done: false });
    expect(outcome(undefined)).toEqual({ done: false });
  });

  it('is done when the query succeeded', () => {
    expect(outcome({ Status: { State: 'SUCCEEDED' }, StatementType: 'DML' })).toEqual({
      done: true,
      value: { statementType: 'DML' },
    });
  });

  it("fails a FAILED or CANCELLED query with Athena's reason, naming the query", () => {
    const failed = outcome({
      Status: {
        State: 'FAILED',
        StateChangeReason: 'TABLE_NOT_FOUND',
        AthenaError: {
          ErrorCategory: 2,
          ErrorType: 1301,
          Retryable: false,
          ErrorMessage: "line 1:22: Table 'ecommerce_dwh.nope' does not exist",
        },
      },
    });
    expect(failed).toBeInstanceOf(SqlQueryError);
    expect((failed as Error).message).toBe(
      "query q-1 in workgroup lakehouse-dev FAILED: line 1:22: Table 'ecommerce_dwh.nope' does not exist",
    );
    const cancelled = outcome({
      Status: { State: 'CANCELLED', StateChangeReason: 'Query cancelled by user' },
    });
    expect((cancelled as Error).message).toBe(
      'query q-1 in workgroup lakehouse-dev CANCELLED: Query cancelled by user',
    );
    const retryable = outcome({
      Status: {
        State: 'FAILED',
        AthenaError: { Retryable: true, ErrorMessage: 'Query exhausted resources at this scale factor' },
      },
    });
    expect(retryable).toBeInstanceOf(SqlQueryUnavailableError);
    expect(SQL_QUERY_TRANSIENT_ERRORS).toContain((retryable as Error).name);
  });
});

describe('resultOf', () => {
  const metadata = {
    ColumnInfo: [
      { Name: 'table_name', Type: 'varchar' },
      { Name: 'rows', Type: 'bigint' },
    ],
  };

  it('reads every page, dropping the header row of a SELECT', () => {
    const pages = [
      {
        ResultSet: {
          ResultSetMetadata: metadata,
          Rows: [
            { Data: [{ VarCharValue: 'table_name' }, { VarCharValue: 'rows' }] },
            { Data: [{ VarCharValue: 'orders' }, { VarCharValue: '1200' }] },
          ],
        },
      },
      { ResultSet: { ResultSetMetadata: metadata, Rows: [{ Data: [{ VarCharValue: 'products' }, {}] }] } },
    ];
    expect(resultOf('w', 'q-1', pages, 'DML')).toEqual({
      queryId: 'q-1',
      columns: [
        { name: 'table_name', type: 'varchar' },
        { name: 'rows', type: 'bigint' },
      ],
      rows: [
        { table_name: 'orders', rows: 1200 },
        { table_name: 'products', rows: null },
      ],
    });
  });

  it('keeps the first row of a utility statement (no header row)', () => {
    const pages = [
      {
        ResultSet: {
          ResultSetMetadata: { ColumnInfo: [{ Name: 'tab_name', Type: 'string' }] },
          Rows: [{ Data: [{ VarCharValue: 'orders' }] }],
        },
      },
    ];
    expect(resultOf('w', 'q-2', pages, 'UTILITY').rows).toEqual([{ tab_name: 'orders' }]);
  });
});

describe('athenaErrorOf', () => {
  it('names the workgroup and query, and keeps throttling transient', () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
    expect(athenaErrorOf('workgroup w', throttled, 'q-1')).toBeInstanceOf(SqlQueryUnavailableError);
    const invalid = Object.assign(new Error('WorkGroup nope is not found.'), {
      name: 'InvalidRequestException',
    });
    expect(athenaErrorOf('workgroup nope', invalid).message).toBe(
      'query in workgroup nope FAILED: InvalidRequestException: WorkGroup nope is not found.',
    );
  });
});
