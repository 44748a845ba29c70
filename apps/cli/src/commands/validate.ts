import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { datasets } from '@lakehouse/contracts';
import { JsonLinesRejectSink, validateFile, type FileReport, type RejectedRow } from '@lakehouse/validation';
import { EXIT, parseRunStart, UsageError, type CliIO } from '../io';
import { checkInputFile, checkOutputFile } from '../paths';
import { formatTable } from '../table';

export interface ValidateCommandOptions {
  readonly dataset: string;
  readonly rejects?: string;
  readonly json?: boolean;
  /** ISO instant the timestamp rules are relative to. @default now */
  readonly runStart?: string;
}

const SHOWN_REJECTS = 5;

/** `lakehouse validate <file> --dataset <name>`: steps 1 and 4 of the contract on one file. */
export async function validateCommand(
  file: string,
  options: ValidateCommandOptions,
  io: CliIO,
): Promise<number> {
  if (!datasets.has(options.dataset)) {
    throw new UsageError(
      `--dataset: unknown dataset "${options.dataset}" (known: ${datasets.names.join(', ')})`,
    );
  }
  const runStart = parseRunStart(options.runStart) ?? new Date();
  await checkInputFile(file);
  if (options.rejects) await checkOutputFile('--rejects', options.rejects, [file]);

  const contract = datasets.get(options.dataset);
  const firstRejects: RejectedRow[] = [];
  const keep = (row: RejectedRow) => {
    if (firstRejects.length < SHOWN_REJECTS) firstRejects.push(row);
  };
  const out = options.rejects ? new JsonLinesRejectSink(options.rejects) : undefined;
  const report = await validateFile(
    () => createReadStream(file),
    contract,
    { key: file, runStart },
    {
      accepted: () => undefined,
      rejected: async (row) => {
        keep(row);
        await out?.rejected(row);
      },
      discard: async () => {
        firstRejects.length = 0;
        await out?.discard();
      },
    },
  );
  await out?.close();

  io.out(
    options.json ? JSON.stringify(report, null, 2) + '\n' : describe(report, firstRejects, options.rejects),
  );
  return report.status === 'PROCESSED' || report.status === 'EMPTY' ? EXIT.OK : EXIT.FAILED;
}

function describe(report: FileReport, rejects: readonly RejectedRow[], rejectsPath?: string): string {
  const lines = [
    `${basename(report.key)} (${report.dataset}): ${report.status} — ${report.rowsIn} rows in, ${report.accepted} accepted, ${report.rejected} rejected`,
  ];
  if (report.error) lines.push(report.error.message);
  const drift = report.schemaDrift;
  if (drift.extraColumns.length)
    lines.push(`schema drift: extra columns ignored: ${drift.extraColumns.join(', ')}`);
  if (drift.missingOptionalColumns.length)
    lines.push(`optional columns absent (read as null): ${drift.missingOptionalColumns.join(', ')}`);
  let text = lines.join('\n') + '\n';
  const codes = Object.entries(report.codes).sort(([a], [b]) => a.localeCompare(b));
  if (codes.length) text += '\n' + formatTable(['code', 'rows'], codes);
  if (rejects.length) {
    text += `\nfirst rejects:\n`;
    for (const r of rejects)
      text += `  row ${r._row}: ${r._reasons.map((code) => explain(code, r)).join('; ')}\n`;
  }
  if (rejectsPath && report.rejected > 0) text += `\nrejected rows written to ${rejectsPath}\n`;
  return text;
}

/** `TYPE:user_id` → `TYPE:user_id "7x"`: the column's original cell, when the code names one. */
function explain(code: string, row: RejectedRow): string {
  const column = code.split(':')[1];
  return column !== undefined && column in row.cells ? `${code} ${JSON.stringify(row.cells[column])}` : code;
}
