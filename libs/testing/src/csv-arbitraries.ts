import fc from 'fast-check';
import type { ColumnSpec, ColumnType, DatasetContract } from '@lakehouse/contracts';

/**
 * fast-check generators of CSV files for the differential tests: mostly plausible rows, with cells
 * swapped for the edge cases where engines disagree most easily (typing limits, calendar, offsets,
 * fractions, Unicode whitespace, quoting), lines a CSV reader may read differently (quotes inside
 * unquoted fields, text after a closing quote, every JS-trim character around cells, blank lines
 * of Unicode spaces), and file-level shapes (header order and case, extra, missing and duplicated
 * columns, BOM, CRLF, mixed line endings, a lone CR, NUL or invalid UTF-8 in a data line, broken
 * quoting, empty files).
 */

export const EDGE: Record<ColumnType, readonly string[]> = {
  int: [
    '0',
    '-0',
    '+5',
    '00012',
    '2147483647',
    '2147483648',
    '-2147483648',
    '-2147483649',
    '99999999999999999999',
    '1_000',
    '1e3',
    '1.0',
    '١٢',
    '0x10',
    '- 1',
    '365',
    '366',
    '-1',
    '2',
  ],
  double: [
    '1.',
    '.5',
    '+.5',
    '-.5e-3',
    '1e400',
    '-1e400',
    '1e-400',
    '-0.0',
    '0',
    '0.00',
    'NaN',
    'Infinity',
    '-Infinity',
    '1.5d',
    '0x10',
    '1e',
    'e5',
    '.',
    '12,50',
    '1E+05',
    '4.9e-324',
    '1.7976931348623157e308',
  ],
  date: [
    '2024-02-29',
    '2023-02-29',
    '0000-01-01',
    '0001-01-01',
    '9999-12-31',
    '2024-1-5',
    '2024-13-01',
    '2024-00-10',
    '2024-01-32',
    '20240115',
    '2024-01-15T00:00:00',
    '2024/01/15',
  ],
  timestamp: [
    '2024-01-15T10:00:00Z',
    '2024-01-15T10:00:00.123456+18:00',
    '2024-01-15T10:00:00+18:01',
    '2024-01-15T10:00:00-18:00',
    '2024-01-15T10:00:00+05:60',
    '2024-01-15T10:00:00.1234567Z',
    '2024-01-15T24:00:00',
    '2024-01-15T23:59:60Z',
    '2024-01-15 10:00:00Z',
    '2024-01-15T10:00',
    '2024-01-15t10:00:00',
    '2024-02-30 10:00:00',
    '0001-01-01T00:00:00+01:00',
    '0000-06-01 00:00:00',
    '9999-12-31T23:59:59-01:00',
    '2000-01-01T00:00:00Z',
    '1999-12-31T23:59:59.999999Z',
    '2000-01-01T01:00:00+01:00',
    '2024-06-02T12:00:00Z',
    '2024-06-02T12:00:00.000001Z',
    '2024-06-02T13:59:59.999999+02:00',
    '1704067200',
  ],
  string: [
    'x',
    'Organic "Bananas"',
    'a,b',
    'multi\nline',
    'é',
    '\u00a0padded\u00a0',
    '\u3000',
    '\u0085x',
    '\u200b',
    'NULL',
  ],
};

const BLANKS = ['', ' ', '  \t', '\u00a0', '\u2028', '\ufeff'];

/**
 * JS-trim characters (what `String.prototype.trim` removes, asked of the runtime as libs/engine's
 * js-trim does) that can sit inside a line: LF and CR end lines.
 */
const LINE_SPACES = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c)).filter(
  (c) => c.trim() === '' && c !== '\n' && c !== '\r',
);

/** A cell written raw (unquoted) in a way CSV readers are known to disagree on. */
const awkwardCellArb = fc.oneof(
  fc.constantFrom('ab"c', '37°36\'37.8"N', '"16"x', '"a""b" ', 'x"', '"', '""', '\uffff'),
  fc
    .tuple(fc.array(fc.constantFrom(...LINE_SPACES), { minLength: 1, maxLength: 3 }), fc.boolean())
    .map(([spaces, both]) => `${spaces.join('')}7${both ? spaces.reverse().join('') : ''}`),
);

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A timestamp in one of the accepted shapes, with its UTC date (for `date` columns). */
export const timestampArb = fc
  .record({
    ms: fc.integer({ min: Date.UTC(1999, 11, 30), max: Date.UTC(2024, 5, 3) }),
    shape: fc.constantFrom('space', 'isoZ', 'iso', 'offset', 'fraction'),
    offset: fc.integer({ min: -18 * 60, max: 18 * 60 }),
    fraction: fc.integer({ min: 0, max: 999_999 }),
    digits: fc.integer({ min: 1, max: 6 }),
  })
  .map(({ ms, shape, offset, fraction, digits }) => {
    const utc = new Date(Math.floor(ms / 1000) * 1000);
    const local = new Date(utc.getTime() + (shape === 'offset' ? offset * 60_000 : 0));
    const wall = local.toISOString().slice(0, 19);
    const sign = offset < 0 ? '-' : '+';
    const text =
      shape === 'space'
        ? wall.replace('T', ' ')
        : shape === 'isoZ'
          ? `${wall}Z`
          : shape === 'iso'
            ? wall
            : shape === 'offset'
              ? `${wall}${sign}${pad2(Math.floor(Math.abs(offset) / 60))}:${pad2(Math.abs(offset) % 60)}`
              : `${wall}.${String(fraction).padStart(6, '0').slice(0, digits)}Z`;
    return { text, date: utc.toISOString().slice(0, 10) };
  });

function plausible(column: ColumnSpec): fc.Arbitrary<string> {
  switch (column.type) {
    case 'int':
      return fc
        .oneof(
          { weight: 4, arbitrary: fc.integer({ min: 0, max: 6 }) },
          { weight: 1, arbitrary: fc.integer() },
        )
        .map(String);
    case 'double':
      return fc.oneof(
        fc.integer({ min: -100, max: 100_000 }).map((c) => (c / 100).toFixed(2)),
        fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      );
    case 'date':
      return fc
        .integer({ min: Date.UTC(1999, 11, 30), max: Date.UTC(2024, 5, 3) })
        .map((ms) => new Date(ms).toISOString().slice(0, 10));
    case 'timestamp':
      return timestampArb.map((t) => t.text);
    case 'string':
      return fc.string({ minLength: 1, maxLength: 8, unit: 'grapheme' });
  }
}

/** One cell: usually plausible for its column, sometimes an edge case, a blank, or junk. */
function cellArb(column: ColumnSpec): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 12, arbitrary: plausible(column) },
    { weight: 3, arbitrary: fc.constantFrom(...EDGE[column.type]) },
    { weight: 1, arbitrary: fc.constantFrom(...BLANKS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 5 }) },
    { weight: 1, arbitrary: plausible(column).map((v) => ` ${v}\t`) },
  );
}

/** Cells by contract column; a `date` column follows the row's first timestamp most of the time. */
function rowArb(contract: DatasetContract): fc.Arbitrary<Record<string, string>> {
  const timestamp = contract.columns.find((c) => c.type === 'timestamp');
  return fc
    .record({
      cells: fc.record(Object.fromEntries(contract.columns.map((c) => [c.name, cellArb(c)]))),
      ts: timestampArb,
      linked: fc.boolean(),
    })
    .map(({ cells, ts, linked }) => {
      if (!timestamp || !linked) return cells;
      const out = { ...cells, [timestamp.name]: ts.text };
      for (const c of contract.columns) if (c.type === 'date') out[c.name] = ts.date;
      return out;
    });
}

/** How a cell is written: plainly when possible, else quoted; sometimes quoted anyway. */
const quote = (cell: string, force: boolean) =>
  force || /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;

export interface GeneratedCsv {
  readonly text: string | Buffer;
  /** What the file is meant to exercise, for failure messages. */
  readonly note: string;
}

type HeaderShape = 'plain' | 'shuffled' | 'extra' | 'dropOptional' | 'dropRequired' | 'duplicated';

/**
 * A whole CSV file for a contract. `plain` files have no quoting, blank lines or ragged rows
 * (cells needing quotes are replaced), the shape DuckDB's reader takes over in staging.
 */
export function csvFileArb(
  contract: DatasetContract,
  { plain = false, maxLines = 24 } = {},
): fc.Arbitrary<GeneratedCsv> {
  const header = fc.record({
    shape: fc.oneof(
      { weight: 12, arbitrary: fc.constant<HeaderShape>('plain') },
      { weight: 4, arbitrary: fc.constantFrom<HeaderShape>('shuffled', 'extra', 'dropOptional') },
      { weight: 1, arbitrary: fc.constantFrom<HeaderShape>('dropRequired', 'duplicated') },
    ),
    order: fc.shuffledSubarray(
      contract.columns.map((c) => c.name),
      { minLength: contract.columns.length, maxLength: contract.columns.length },
    ),
    decorate: fc.boolean(),
  });
  const row = rowArb(contract).map((cells) => ({ kind: 'row' as const, cells }));
  const line = plain
    ? row
    : fc.oneof(
        { weight: 20, arbitrary: row },
        {
          weight: 1,
          arbitrary: fc
            .array(fc.constantFrom(...LINE_SPACES), { maxLength: 3 })
            .map((spaces) => ({ kind: 'blank' as const, blank: spaces.join('') })),
        },
        {
          weight: 1,
          arbitrary: fc
            .tuple(awkwardCellArb, fc.nat())
            .map(([cell, at]) => ({ kind: 'awkward' as const, cell, at })),
        },
        {
          weight: 1,
          arbitrary: fc
            .integer({ min: -2, max: 2 })
            .filter((n) => n !== 0)
            .map((delta) => ({ kind: 'width' as const, delta })),
        },
      );
  return fc
    .record({
      header,
      // Forced quoting is kept rare so that many files stay "simple" (the DuckDB staging path).
      lines: fc.array(
        fc.tuple(
          line,
          rowArb(contract),
          fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
        ),
        { maxLength: maxLines },
      ),
      crlf: fc.boolean(),
      mixedEndings: fc.integer({ min: 0, max: 7 }).map((n) => !plain && n === 0),
      corruption: plain
        ? fc.constant('none' as const)
        : fc.oneof(
            { weight: 6, arbitrary: fc.constant('none' as const) },
            {
              weight: 3,
              arbitrary: fc.constantFrom('loneCR' as const, 'nul' as const, 'invalidUtf8' as const),
            },
          ),
      bom: fc.boolean(),
      ending: plain
        ? fc.constantFrom('newline', 'none')
        : fc.oneof(
            { weight: 8, arbitrary: fc.constantFrom('newline', 'newline', 'none') },
            { weight: 1, arbitrary: fc.constantFrom('brokenQuote', 'binary') },
          ),
    })
    .map(({ header: h, lines, crlf, mixedEndings, corruption, bom, ending }) => {
      let names = h.shape === 'plain' ? contract.columns.map((c) => c.name) : [...h.order];
      const optional = contract.columns.find((c) => !c.required)?.name;
      if (h.shape === 'extra') names.splice(1, 0, 'colour');
      if (h.shape === 'dropOptional' && optional) names = names.filter((n) => n !== optional);
      if (h.shape === 'dropRequired') names = names.filter((n) => n !== contract.columns[1].name);
      if (h.shape === 'duplicated') names.push(names[0].toUpperCase());
      const written = h.decorate ? names.map((n, i) => (i % 2 === 0 ? ` ${n.toUpperCase()} ` : n)) : names;
      const eol = crlf ? '\r\n' : '\n';
      const body = lines.map(([l, base, forceQuotes]) => {
        if (l.kind === 'blank') return l.blank;
        const cells = names.map((n) => (l.kind === 'row' ? l.cells : base)[n] ?? 'red');
        if (l.kind === 'width') {
          if (l.delta > 0) cells.push(...Array.from({ length: l.delta }, () => 'extra'));
          else cells.splice(cells.length + l.delta);
        }
        if (plain) return cells.map((c) => c.replace(/[",\r\n]/g, '_').trim()).join(',');
        const written = cells.map((c) => quote(c, forceQuotes));
        if (l.kind === 'awkward') written[l.at % written.length] = l.cell;
        return written.join(',');
      });
      if (body.length > 0 && corruption !== 'none') {
        const at = body.length >> 1;
        body[at] += { loneCR: '\rx', nul: '\u0000', invalidUtf8: '\udc80' }[corruption];
      }
      // Mixed endings: every third line ends with the other delimiter.
      const other = crlf ? '\n' : '\r\n';
      let text = (bom ? '\ufeff' : '') + written.join(',');
      for (const [i, line] of body.entries()) text += (mixedEndings && i % 3 === 2 ? other : eol) + line;
      if (ending === 'newline') text += eol;
      if (ending === 'brokenQuote') text += `${eol}1,"unterminated`;
      const note = `${contract.name} header=${h.shape} lines=${lines.length} ending=${ending} corruption=${corruption} mixedEndings=${mixedEndings}`;
      if (ending === 'binary')
        return { text: Buffer.concat([Buffer.from(text), Buffer.from([0xff, 0xfe, 0x00, 0x41])]), note };
      // A lone surrogate stands for bytes that are not UTF-8.
      if (text.includes('\udc80')) {
        const [before, after] = text.split('\udc80');
        return {
          text: Buffer.concat([Buffer.from(before), Buffer.from([0xc3, 0x28]), Buffer.from(after)]),
          note,
        };
      }
      return { text, note };
    });
}

/** Byte sequences that are not UTF-8: stray continuation, bad second byte, overlong, truncated, surrogate, 5-byte. */
const INVALID_UTF8 = [
  [0x80],
  [0xff],
  [0xc3, 0x28],
  [0xc0, 0xaf],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
];

/** Cells a spreadsheet would run as a formula (CSV injection): they are data, read as any text. */
const FORMULAS = [
  '=SUM(A1:A9)',
  '+1+1',
  '-2+3',
  '@cmd',
  '=HYPERLINK("http://x","y")',
  '\t=1',
  '=1,2',
  "'=1",
  "=cmd|' /C calc'!A0",
];

const CONTROL_CHARACTERS = [
  ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)),
  '\u007f',
  '\u0085',
  '\u009f',
  '\u2028',
  '\u2029',
  '\ufffe',
];

const LINE_BREAKS = ['\r', '\n', '\r\n', '\n\r', '\r\r\n', '\r\n\n'];

/** Repeats a unit to about `length` characters. */
const repeatArb = (units: readonly string[], maxExponent: number) =>
  fc
    .tuple(fc.constantFrom(...units), fc.integer({ min: 8, max: maxExponent }), fc.nat(999))
    .map(([unit, exponent, jitter]) => unit.repeat(Math.ceil((2 ** exponent + jitter) / unit.length)));

/** One defect, written as bytes inserted at a position (or, for `truncate`, the cut there). */
type Mutation = { readonly kind: string; readonly at: number; readonly bytes?: Buffer };

const insertion = (kind: string, bytes: fc.Arbitrary<Buffer | string>, weight: number) => ({
  weight,
  arbitrary: fc.tuple(bytes, fc.nat()).map(([b, at]): Mutation => ({ kind, at, bytes: Buffer.from(b) })),
});

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  insertion('quote', fc.constantFrom('"', '""', '"x', 'x"', '",', ',"', '"\n'), 8),
  insertion('fields', fc.constantFrom(',', ',,', ',,,,,,,,', ',""'), 6),
  insertion(
    'invalidUtf8',
    fc.constantFrom(...INVALID_UTF8).map((b) => Buffer.from(b)),
    5,
  ),
  insertion('control', fc.constantFrom(...CONTROL_CHARACTERS), 6),
  insertion('lineBreak', fc.constantFrom(...LINE_BREAKS), 6),
  insertion('formula', fc.constantFrom(...FORMULAS), 4),
  insertion(
    'bom',
    fc.constantFrom('\ufeff', '\ufeff\ufeff', Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff])),
    3,
  ),
  insertion('nul', fc.constantFrom('\u0000', '\u0000\u0000\u0000'), 3),
  insertion('unicode', fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }), 3),
  { weight: 2, arbitrary: fc.nat().map((at): Mutation => ({ kind: 'truncate', at })) },
);

/** Huge fields and very long lines, up to ~2 MB (DuckDB's line limit): rare, they cost the most. */
const hugeMutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  insertion('hugeField', repeatArb(['x', 'é', '"', ' ', '😀'], 21), 1),
  insertion('longLine', repeatArb([',a', ',', ',"q"'], 20), 1),
);

/**
 * A malformed CSV file for the fuzz suite: a generated file (`csvFileArb`, itself with defects)
 * with one to four more defects written over its bytes — broken quoting, wrong field counts,
 * bytes that are not UTF-8, control characters, CR/LF mixtures, formula-looking cells, BOMs
 * (UTF-8 and UTF-16, anywhere), NULs, Unicode, truncation; one file in `hugeOneIn` also gets a
 * huge field or a very long line. Files are short (up to 8 lines): the defects are the point.
 */
export function malformedCsvArb(
  contract: DatasetContract,
  { hugeOneIn = 200 } = {},
): fc.Arbitrary<GeneratedCsv> {
  const maxLines = 8;
  return fc
    .tuple(
      fc.oneof(csvFileArb(contract, { maxLines }), csvFileArb(contract, { plain: true, maxLines })),
      fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
      fc.oneof(
        { weight: hugeOneIn - 1, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: hugeMutationArb },
      ),
    )
    .map(([base, small, huge]) => {
      const mutations = huge ? [...small, huge] : small;
      let bytes = Buffer.from(base.text);
      for (const m of mutations) {
        const at = bytes.length === 0 ? 0 : m.at % (bytes.length + 1);
        bytes = m.bytes
          ? Buffer.concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)])
          : bytes.subarray(0, at);
      }
      const defects = mutations.map((m) => `${m.kind}@${m.at}${m.bytes ? `(${m.bytes.length} B)` : ''}`);
      return { text: bytes, note: `${base.note} + ${defects.join(' ')}` };
    });
}
