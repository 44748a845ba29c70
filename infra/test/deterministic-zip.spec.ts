import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipDirectory } from '../src/assets/deterministic-zip';

function bundle(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zip-spec-'));
  mkdirSync(join(dir, 'lib'));
  writeFileSync(join(dir, 'index.js'), 'exports.handler = async () => 1;\n');
  writeFileSync(join(dir, 'lib', 'ünïcode.txt'), 'x'.repeat(10_000));
  writeFileSync(join(dir, 'empty.map'), '');
  return dir;
}

/** Python's zipfile reads the archive back: names, CRCs (testzip) and contents. */
function readWithPython(zip: Buffer): { names: string[]; bad: string | null; sizes: number[] } {
  const file = join(mkdtempSync(join(tmpdir(), 'zip-read-')), 'a.zip');
  writeFileSync(file, zip);
  const script =
    'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nprint(json.dumps({"names":z.namelist(),"bad":z.testzip(),"sizes":[len(z.read(n)) for n in z.namelist()]}))';
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }));
}

describe('zipDirectory', () => {
  it('writes an archive another implementation reads back, entries sorted, CRCs right', () => {
    expect(readWithPython(zipDirectory(bundle()))).toEqual({
      names: ['empty.map', 'index.js', 'lib/ünïcode.txt'],
      bad: null,
      sizes: [0, 33, 10_000],
    });
  });

  it('gives the same bytes for the same content whatever the timestamps', () => {
    const a = bundle();
    const b = bundle();
    utimesSync(join(b, 'index.js'), new Date('2001-02-03'), new Date('2001-02-03'));
    expect(zipDirectory(a).equals(zipDirectory(b))).toBe(true);
    writeFileSync(join(b, 'index.js'), 'exports.handler = async () => 2;\n');
    expect(zipDirectory(a).equals(zipDirectory(b))).toBe(false);
  });

  it('refuses a missing or empty directory', () => {
    expect(() => zipDirectory(join(tmpdir(), 'no-such-bundle-dir'))).toThrow();
    expect(() => zipDirectory(mkdtempSync(join(tmpdir(), 'zip-empty-')))).toThrow(/holds no file/);
  });
});
