import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chunked } from '../test/helpers';
import { openCsv } from './reader';
import { MalformedFileError } from './errors';

const spectrumDir = dirname(require.resolve('csv-spectrum/package.json'));
const spectrum = readdirSync(join(spectrumDir, 'csvs')).map((f) => f.replace(/\.csv$/, ''));

async function readObjects(data: Buffer): Promise<Record<string, string>[]> {
  const file = await openCsv(chunked(data, 5), 'spectrum.csv');
  const rows: Record<string, string>[] = [];
  for await (const r of file.records)
    rows.push(Object.fromEntries(file.header!.map((h, i) => [h, r.cells[i]])));
  return rows;
}

/**
 * csv-spectrum 2.0's location_coordinates.json disagrees with its own CSV: it is a single object
 * (not a list) and carries a different phone number. Every other cell is checked as shipped.
 */
const FIXTURE_ERRATA: Record<string, (expected: unknown) => unknown> = {
  location_coordinates: (expected) => [{ ...(expected as object), 'Contact Phone Number': '2095257564' }],
};

describe('csv-spectrum conformance', () => {
  it('has the 12 cases', () => expect(spectrum).toHaveLength(12));

  it.each(spectrum)('%s', async (name) => {
    const data = readFileSync(join(spectrumDir, 'csvs', `${name}.csv`));
    const shipped = JSON.parse(readFileSync(join(spectrumDir, 'json', `${name}.json`), 'utf8'));
    const expected = FIXTURE_ERRATA[name]?.(shipped) ?? shipped;
    expect(await readObjects(data)).toEqual(expected);
  });
});

describe('reader', () => {
  const read = async (text: string | Buffer) => {
    const file = await openCsv(chunked(Buffer.from(text as string)), 'f.csv');
    const records = [];
    for await (const r of file.records) records.push(r);
    return { header: file.header, records };
  };

  it('strips a BOM, skips blank lines without counting them, and numbers data rows and lines', async () => {
    const { header, records } = await read('\uFEFFa,b\r\n1,2\r\n\r\n"x\ny",3\n   \n4,5\n\n');
    expect(header).toEqual(['a', 'b']);
    expect(records).toEqual([
      { row: 1, line: 2, cells: ['1', '2'] },
      { row: 2, line: 4, cells: ['x\ny', '3'] },
      { row: 3, line: 7, cells: ['4', '5'] },
    ]);
  });

  it('keeps cells untrimmed (trimming belongs to typing)', async () => {
    const { records } = await read('a,b\n  1 , x \n');
    expect(records[0].cells).toEqual(['  1 ', ' x ']);
  });

  it('keeps field counts as written (a short or long row is the validator’s MALFORMED_ROW)', async () => {
    const { records } = await read('a,b\n1\n1,2,3\n');
    expect(records.map((r) => r.cells.length)).toEqual([1, 3]);
  });

  it('has no header for an empty file', async () => expect((await read('')).header).toBeUndefined());

  it.each([
    [
      'an unclosed quote',
      'a,b\n1,"2\n3,4\n',
      /^f\.csv: MALFORMED_FILE: quote not closed: a quoted field never ends$/,
    ],
    [
      'invalid UTF-8, naming the byte and its offset',
      Buffer.from([0x61, 0x0a, 0xc3, 0x28, 0x0a]),
      /^f\.csv: MALFORMED_FILE: not valid UTF-8 text: byte 0xc3 at byte offset 2$/,
    ],
    [
      'invalid UTF-8 far into the file, past many chunks',
      Buffer.concat([Buffer.from('a,b\n' + '1,é\n'.repeat(100)), Buffer.from([0x31, 0x2c, 0xff, 0x0a])]),
      /not valid UTF-8 text: byte 0xff at byte offset 506$/,
    ],
    [
      'a multi-byte character cut short at the end of the file',
      Buffer.concat([Buffer.from('a,b\n1,'), Buffer.from([0xe2, 0x82])]),
      /not valid UTF-8 text: byte 0xe2 at byte offset 6$/,
    ],
    [
      'NUL bytes',
      'a,b\n1,\u00002\n',
      /MALFORMED_FILE: contains a NUL byte \(binary data\) at byte offset 6$/,
    ],
    [
      'CR-only line endings (never one long header and EMPTY)',
      'a,b\r1,2\r3,4\r',
      /^f\.csv: MALFORMED_FILE: a carriage return \(CR\) not followed by a line feed at byte offset 3: line endings must be LF or CRLF$/,
    ],
    [
      'a lone CR inside an unquoted cell',
      'a,b\r\n1,x\ry\r\n',
      /not followed by a line feed at byte offset 8:/,
    ],
    ['a CR at the very end', 'a,b\n1,2\r', /not followed by a line feed at byte offset 7:/],
    ['a lone CR after a closing quote', 'a,b\n1,"2"\r3\n', /not followed by a line feed at byte offset 9:/],
    ['a lone CR in a blank line', 'a,b\n\r\r\n1,2\n', /not followed by a line feed at byte offset 4:/],
  ])('refuses %s as a malformed file', async (_what, text, message) => {
    const attempt = read(text as string);
    await expect(attempt).rejects.toThrow(MalformedFileError);
    await expect(read(text as string)).rejects.toThrow(message);
  });

  it('keeps a CR inside quotes as data, and reads CRLF and LF, mixed', async () => {
    const { header, records } = await read('a,b\r\n1,"x\ry"\n2,"\r"\r\n3,"a""\r""b"\n');
    expect(header).toEqual(['a', 'b']);
    expect(records.map((r) => r.cells)).toEqual([
      ['1', 'x\ry'],
      ['2', '\r'],
      ['3', 'a"\r"b'],
    ]);
  });

  it('decodes multi-byte characters split across chunks', async () => {
    const { records } = await read('name\nCrème brûlée 🍮\n');
    expect(records[0].cells).toEqual(['Crème brûlée 🍮']);
  });

  it.each([1, 2, 3, 4, 5])('checks UTF-8 across chunk boundaries of %i bytes', async (size) => {
    const cells = async (data: Buffer) => {
      const out: (readonly string[])[] = [];
      for await (const r of (await openCsv(chunked(data, size), 'f.csv')).records) out.push(r.cells);
      return out;
    };
    expect(await cells(Buffer.from('n\né€𐍈\n€𐍈é\n'))).toEqual([['é€𐍈'], ['€𐍈é']]);
    // A sequence cut short at the end of the file, and a lead byte followed by a non-continuation byte.
    for (const bad of [
      [0x6e, 0x0a, 0xe2, 0x82],
      [0x6e, 0x0a, 0xf0, 0x90, 0x41, 0x0a],
    ])
      await expect(cells(Buffer.from(bad))).rejects.toThrow(/f\.csv: MALFORMED_FILE: not valid UTF-8/);
  });
});
