import type { Readable } from 'node:stream';
import {
  FILE_OUTCOME,
  REJECT,
  rejectCode,
  rejectCodeClass,
  type DatasetContract,
  type FileRejectCode,
} from '@lakehouse/contracts';
import { FileChangedError, MalformedFileError } from './errors';
import { missingColumnsMessage, quarantineMessage, refuseDuplicatedColumns } from './file-verdicts';
import { openCsv } from './reader';
import { createRowChecker, layoutHeader } from './row-checker';
import { cellNamer } from './sinks';
import {
  NO_DRIFT,
  type AcceptedRow,
  type FileReport,
  type RejectedRow,
  type SchemaDrift,
  type ValidatedFileStatus,
} from './verdict';

export interface ValidateOptions {
  /** The file's name in reports and in `_source_file` (e.g. `raw/orders/orders-0001.csv`). */
  readonly key: string;
  /** The run's start: the upper bound of timestamp rules is relative to it. @default now */
  readonly runStart?: Date;
  /** @default the contract's maxRejectRatio */
  readonly maxRejectRatio?: number;
}

export type RowVerdict =
  | { readonly kind: 'accepted'; readonly row: AcceptedRow }
  | { readonly kind: 'rejected'; readonly row: RejectedRow };

/** Collects per-file counts as verdicts stream past. */
class Tally {
  rowsIn = 0;
  accepted = 0;
  readonly codes: Record<string, number> = {};
  readonly reasons: Record<string, number> = {};

  add(codes: readonly string[]): void {
    this.rowsIn += 1;
    if (codes.length === 0) {
      this.accepted += 1;
      return;
    }
    for (const code of codes) this.codes[code] = (this.codes[code] ?? 0) + 1;
    for (const name of new Set(codes.map(rejectCodeClass)))
      this.reasons[name] = (this.reasons[name] ?? 0) + 1;
  }
}

function fileReport(
  contract: DatasetContract,
  key: string,
  status: ValidatedFileStatus,
  tally: Tally,
  schemaDrift: SchemaDrift,
  error?: { readonly code: FileRejectCode; readonly message: string },
): FileReport {
  const accepted = status === FILE_OUTCOME.PROCESSED ? tally.accepted : 0;
  return {
    dataset: contract.name,
    key,
    status,
    rowsIn: tally.rowsIn,
    accepted,
    rejected: tally.rowsIn - accepted,
    reasons: tally.reasons,
    codes: tally.codes,
    schemaDrift,
    ...(error ? { error } : {}),
  };
}

/**
 * One streaming pass over a CSV file: yields each row's step-1 verdict (docs/contracts.md "Verdict
 * order" step 1) and returns the file report, where quarantine (step 4) is decided. The yielded
 * verdicts are provisional: when the report says QUARANTINED, none of the rows load and each also
 * carries FILE_QUARANTINED; when it says REJECTED with MALFORMED_FILE, no row counts. Use
 * `validateFile` for final verdicts.
 */
export async function* validateStream(
  input: Readable,
  contract: DatasetContract,
  options: ValidateOptions,
): AsyncGenerator<RowVerdict, FileReport, void> {
  const batches = verdictBatches(input, contract, options, false);
  for (;;) {
    const next = await batches.next();
    if (next.done) return next.value;
    yield* next.value;
  }
}

/**
 * The verdicts of a file in the batches the reader produces, then the file report. With
 * `quarantined`, every row is rejected with FILE_QUARANTINED after its own codes (the second pass).
 */
async function* verdictBatches(
  input: Readable,
  contract: DatasetContract,
  options: ValidateOptions,
  quarantined: boolean,
): AsyncGenerator<RowVerdict[], FileReport, void> {
  const { key } = options;
  const tally = new Tally();
  let drift = NO_DRIFT;
  try {
    const csv = await openCsv(input, key);
    if (!csv.header) return fileReport(contract, key, FILE_OUTCOME.EMPTY, tally, drift);
    const layout = layoutHeader(contract, csv.header);
    drift = layout.drift;
    refuseDuplicatedColumns(key, layout);
    const check = createRowChecker(contract, layout, csv.header.length, options.runStart ?? new Date());
    const missing = layout.missingRequired.map((c) => rejectCode(REJECT.MISSING_COLUMN, c));
    const nameCells = cellNamer(csv.header);
    for await (const batch of csv.batches) {
      const verdicts: RowVerdict[] = [];
      for (const record of batch) {
        const { codes: own, values } =
          missing.length > 0 ? { codes: missing, values: {} } : check(record.cells);
        tally.add(own);
        const codes = quarantined ? [...own, REJECT.FILE_QUARANTINED] : own;
        verdicts.push(
          codes.length === 0
            ? { kind: 'accepted', row: { row: record.row, values } }
            : {
                kind: 'rejected',
                row: {
                  cells: nameCells(record.cells),
                  _source_file: key,
                  _row: record.row,
                  _reasons: [...codes],
                },
              },
        );
      }
      yield verdicts;
    }
    if (tally.rowsIn === 0) return fileReport(contract, key, FILE_OUTCOME.EMPTY, tally, drift);
    if (missing.length > 0) {
      return fileReport(contract, key, FILE_OUTCOME.REJECTED, tally, drift, {
        code: REJECT.MISSING_COLUMN,
        message: missingColumnsMessage(key, layout.missingRequired),
      });
    }
    const rejected = tally.rowsIn - tally.accepted;
    const limit = options.maxRejectRatio ?? contract.maxRejectRatio;
    if (rejected / tally.rowsIn > limit) {
      tally.reasons[REJECT.FILE_QUARANTINED] = tally.codes[REJECT.FILE_QUARANTINED] = tally.rowsIn;
      return fileReport(contract, key, FILE_OUTCOME.QUARANTINED, tally, drift, {
        code: REJECT.FILE_QUARANTINED,
        message: quarantineMessage(key, rejected, tally.rowsIn, limit),
      });
    }
    return fileReport(contract, key, FILE_OUTCOME.PROCESSED, tally, drift);
  } catch (err) {
    if (!(err instanceof MalformedFileError)) throw err;
    return fileReport(contract, key, FILE_OUTCOME.REJECTED, new Tally(), drift, {
      code: REJECT.MALFORMED_FILE,
      message: err.message,
    });
  }
}

/** Where `validateFile` sends final verdicts. */
export interface ValidationSink {
  accepted(row: AcceptedRow): void | Promise<void>;
  rejected(row: RejectedRow): void | Promise<void>;
  /** Forget every row sent so far: the file turned out quarantined or malformed. */
  discard(): void | Promise<void>;
}

/**
 * Validates a file with final verdicts (steps 1 and 4), in constant memory. The file is read once;
 * only when it turns out quarantined is it read a second time (through `open`), after the sink has
 * discarded the first pass, to reject every row with FILE_QUARANTINED added to its own codes. A
 * malformed file sends no rows at all (the caller keeps the file whole).
 */
export async function validateFile(
  open: () => Readable | Promise<Readable>,
  contract: DatasetContract,
  options: ValidateOptions,
  sink: ValidationSink,
): Promise<FileReport> {
  const runStart = options.runStart ?? new Date();
  const report = await drain(
    verdictBatches(await open(), contract, { ...options, runStart }, false),
    sink.accepted.bind(sink),
    sink.rejected.bind(sink),
  );
  if (report.status === FILE_OUTCOME.QUARANTINED || report.error?.code === REJECT.MALFORMED_FILE)
    await sink.discard();
  if (report.status === FILE_OUTCOME.QUARANTINED) {
    const unexpected = () => {
      throw new FileChangedError(options.key);
    };
    await drain(
      verdictBatches(await open(), contract, { ...options, runStart }, true),
      unexpected,
      sink.rejected.bind(sink),
    );
  }
  return report;
}

/** Sends every verdict to the sink, waiting only for sink calls that return a promise. */
async function drain(
  batches: AsyncGenerator<RowVerdict[], FileReport, void>,
  onAccepted: (row: AcceptedRow) => void | Promise<void>,
  onRejected: (row: RejectedRow) => void | Promise<void>,
): Promise<FileReport> {
  for (;;) {
    const next = await batches.next();
    if (next.done) return next.value;
    for (const verdict of next.value) {
      const sent = verdict.kind === 'accepted' ? onAccepted(verdict.row) : onRejected(verdict.row);
      if (sent) await sent;
    }
  }
}
