import type { Readable } from 'node:stream';
import { REJECT, rejectCode, type DatasetContract } from '@lakehouse/contracts';
import { MalformedFileError } from './errors';
import { normaliseHeader, openCsv } from './reader';
import { createRowChecker, layoutHeader } from './row-checker';
import {
  codeName,
  emptyDrift,
  type AcceptedRow,
  type FileReport,
  type RejectedRow,
  type SchemaDrift,
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
    for (const name of new Set(codes.map(codeName))) this.reasons[name] = (this.reasons[name] ?? 0) + 1;
  }
}

/** Names the cells of a rejected row: normalised header names; extra fields of a long row as `_extra_<n>`. */
function cellNamer(header: readonly string[]) {
  const seen = new Map<string, number>();
  const names = header.map((h) => {
    const name = normaliseHeader(h) || '_unnamed';
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name}_${n}`;
  });
  return (cells: readonly string[]): Record<string, string> =>
    Object.fromEntries(cells.map((cell, i) => [names[i] ?? `_extra_${i - names.length + 1}`, cell]));
}

function fileReport(
  contract: DatasetContract,
  key: string,
  status: FileReport['status'],
  tally: Tally,
  schemaDrift: SchemaDrift,
  error?: FileReport['error'],
): FileReport {
  const accepted = status === 'PROCESSED' ? tally.accepted : 0;
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
 * One streaming pass over a CSV file: yields each row's step-1 verdict (CONTRACTS.md "Verdict
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
  let drift = emptyDrift();
  try {
    const csv = await openCsv(input, key);
    if (!csv.header) return fileReport(contract, key, 'EMPTY', tally, drift);
    const layout = layoutHeader(contract, csv.header);
    drift = layout.drift;
    if (layout.duplicated.length > 0) {
      throw new MalformedFileError(
        key,
        `column ${layout.duplicated.map((c) => `"${c}"`).join(', ')} appears twice in the header`,
        1,
      );
    }
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
    if (tally.rowsIn === 0) return fileReport(contract, key, 'EMPTY', tally, drift);
    if (missing.length > 0) {
      const message = `${key}: required column${missing.length > 1 ? 's' : ''} ${layout.missingRequired.join(', ')} missing from the header`;
      return fileReport(contract, key, 'REJECTED', tally, drift, { code: 'MISSING_COLUMN', message });
    }
    const ratio = (tally.rowsIn - tally.accepted) / tally.rowsIn;
    const limit = options.maxRejectRatio ?? contract.maxRejectRatio;
    if (ratio > limit) {
      tally.reasons.FILE_QUARANTINED = tally.codes.FILE_QUARANTINED = tally.rowsIn;
      const message = `${key}: ${tally.rowsIn - tally.accepted} of ${tally.rowsIn} rows rejected (${(ratio * 100).toFixed(1)}% > ${limit * 100}%)`;
      return fileReport(contract, key, 'QUARANTINED', tally, drift, { code: 'FILE_QUARANTINED', message });
    }
    return fileReport(contract, key, 'PROCESSED', tally, drift);
  } catch (err) {
    if (!(err instanceof MalformedFileError)) throw err;
    return fileReport(contract, key, 'REJECTED', new Tally(), drift, {
      code: 'MALFORMED_FILE',
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
  if (report.status === 'QUARANTINED' || report.error?.code === 'MALFORMED_FILE') await sink.discard();
  if (report.status === 'QUARANTINED') {
    const unexpected = () => {
      throw new Error(`${options.key}: the file changed between the two passes of quarantine`);
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
