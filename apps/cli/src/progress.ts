import type { RunProgress } from '@lakehouse/pipeline';
import type { CliIO } from './io';

/** What a finished state adds to its progress line: files validated, files settled, tables counted. */
function detailOf(state: string, output: unknown): string {
  const doc = output as {
    validate?: { files: { rowsIn: number }[] }[];
    settle?: { files: Record<string, number> };
    verify?: { tables: { table: string; rows: number }[] };
    quality?: { status: string; warnings: number };
  };
  if (state === 'validate' && doc?.validate) {
    const files = doc.validate.flatMap((d) => d.files);
    return `${files.length} file(s), ${files.reduce((n, f) => n + f.rowsIn, 0)} row(s)`;
  }
  if (state === 'settle' && doc?.settle)
    return Object.entries(doc.settle.files)
      .filter(([, n]) => n > 0)
      .map(([what, n]) => `${n} ${what}`)
      .join(', ');
  if (state === 'verify' && doc?.verify)
    return doc.verify.tables.map((t) => `${t.table} ${t.rows}`).join(', ');
  if (state === 'quality' && doc?.quality) return `${doc.quality.status}, ${doc.quality.warnings} warning(s)`;
  return '';
}

/**
 * The live progress of a run on a terminal: one line per state of the execution as it ends, with
 * its duration and what it did. Quiet (undefined) when stdout is not a terminal.
 */
export function progressDisplay(io: CliIO): ((progress: RunProgress) => void) | undefined {
  if (!io.isTTY) return undefined;
  const entered = new Map<string, number>();
  return (p) => {
    if (p.phase === 'entered') {
      entered.set(p.state, p.at);
      return;
    }
    if (p.phase === 'retried') {
      io.out(`  ↻ ${p.state} retried\n`);
      return;
    }
    const seconds = ((p.at - (entered.get(p.state) ?? p.at)) / 1000).toFixed(1);
    if (p.phase === 'failed') {
      const error = p.output as { Error?: string } | undefined;
      io.out(`  ✗ ${p.state.padEnd(16)} ${seconds.padStart(6)} s  ${error?.Error ?? ''}\n`);
      return;
    }
    io.out(
      `  ✓ ${p.state.padEnd(16)} ${seconds.padStart(6)} s  ${detailOf(p.state, p.output)}\n`.trimEnd() + '\n',
    );
  };
}
