import fc from 'fast-check';
import { orderItems, orders, products, type DatasetContract } from '@lakehouse/contracts';
import { validateText } from '../test/helpers';

/** Cells that type, cells that don't, and CSV-hostile text, mixed per column. */
const cell = fc.oneof(
  fc.constantFrom('', ' ', '0', '1', '-1', '+5', '2147483648', '1.5', '1e3', 'NaN', 'x', '365', '366'),
  fc.constantFrom(
    '2024-01-15',
    '2024-02-30',
    '2024-01-15 10:00:00',
    '2024-01-15T23:30:00-01:00',
    '2024-01-15 24:00:00',
  ),
  fc.string({ maxLength: 6 }).map((s) => `"${s.replace(/"/g, '""')}"`),
  fc.string({ maxLength: 6 }).filter((s) => !/[",\r\n]/.test(s)),
);

const fileFor = (contract: DatasetContract) =>
  fc.record({
    rows: fc.array(
      fc.oneof(
        {
          weight: 8,
          arbitrary: fc.array(cell, {
            minLength: contract.columns.length,
            maxLength: contract.columns.length,
          }),
        },
        { weight: 1, arbitrary: fc.array(cell, { minLength: 1, maxLength: contract.columns.length + 2 }) },
        { weight: 1, arbitrary: fc.constant([] as string[]) }, // a blank line
      ),
      { maxLength: 40 },
    ),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    ratio: fc.constantFrom(0, 0.2, 0.5, 1),
  });

describe('conservation: rows in = accepted + rejected, every row accounted for once', () => {
  it.each([products, orders, orderItems].map((c) => [c.name, c] as const))('%s', async (_name, contract) => {
    await fc.assert(
      fc.asyncProperty(fileFor(contract), async ({ rows, crlf, bom, ratio }) => {
        const eol = crlf ? '\r\n' : '\n';
        const header = contract.columns.map((c) => c.name).join(',');
        const text = (bom ? '\uFEFF' : '') + [header, ...rows.map((r) => r.join(','))].join(eol) + eol;
        const dataRows = rows.filter(
          (r) => !(r.length === 0 || (r.length === 1 && r[0].trim() === '')),
        ).length;

        const o = await validateText(contract, text, { maxRejectRatio: ratio });
        const { report } = o;
        if (dataRows === 0) return report.status === 'EMPTY' && report.rowsIn === 0;
        const numbers = [...o.accepted.map((r) => r.row), ...o.rejected.map((r) => r._row)].sort(
          (a, b) => a - b,
        );
        return (
          report.rowsIn === dataRows &&
          report.rowsIn === report.accepted + report.rejected &&
          o.accepted.length === report.accepted &&
          o.rejected.length === report.rejected &&
          numbers.every((n, i) => n === i + 1) &&
          o.rejected.every((r) => r._reasons.length > 0) &&
          (report.status !== 'QUARANTINED' || o.accepted.length === 0)
        );
      }),
      { numRuns: 150 },
    );
  });
});
