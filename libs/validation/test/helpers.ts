import { Readable } from 'node:stream';
import type { DatasetContract } from '@lakehouse/contracts';
import { validateFile, type ValidateOptions } from '../src/validate';
import type { AcceptedRow, FileReport, RejectedRow } from '../src/verdict';

export const RUN_START = new Date('2024-06-01T12:00:00Z');

export const bytes = (text: string | Buffer) => (typeof text === 'string' ? Buffer.from(text, 'utf8') : text);

/** A stream that delivers the bytes in small chunks, so multi-byte characters and records straddle them. */
export function chunked(data: Buffer, size = 7): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) parts.push(data.subarray(i, i + size));
  return Readable.from(parts, { objectMode: false });
}

export interface Outcome {
  report: FileReport;
  accepted: AcceptedRow[];
  rejected: RejectedRow[];
}

/** Runs validateFile into memory and returns the final verdicts. */
export async function validateText(
  contract: DatasetContract,
  text: string | Buffer,
  options: Partial<ValidateOptions> = {},
): Promise<Outcome> {
  const data = bytes(text);
  let accepted: AcceptedRow[] = [];
  let rejected: RejectedRow[] = [];
  const report = await validateFile(
    () => chunked(data),
    contract,
    { key: 'raw/test.csv', runStart: RUN_START, ...options },
    {
      accepted: (row) => void accepted.push(row),
      rejected: (row) => void rejected.push(row),
      discard: () => {
        accepted = [];
        rejected = [];
      },
    },
  );
  return { report, accepted, rejected };
}

/** `_row → codes` of the rejected rows, for compact assertions. */
export const verdicts = (o: Outcome) => Object.fromEntries(o.rejected.map((r) => [r._row, r._reasons]));

export const csv = (...lines: string[]) => lines.join('\n') + '\n';
