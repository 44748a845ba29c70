import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonLinesRejectSink } from './sinks';

const row = { cells: { a: '1' }, _source_file: 'f.csv', _row: 1, _reasons: ['TYPE:a'] };

describe('JsonLinesRejectSink', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'sink-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes rejected rows as JSON Lines', async () => {
    const path = join(dir, 'out.jsonl');
    const sink = new JsonLinesRejectSink(path);
    await sink.rejected(row);
    await sink.close();
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      a: '1',
      _source_file: 'f.csv',
      _row: 1,
      _reasons: ['TYPE:a'],
    });
  });

  it('reports a file it cannot write as an error of its calls, never as an unhandled error event', async () => {
    const path = join(dir, 'missing-folder', 'out.jsonl');
    const sink = new JsonLinesRejectSink(path);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the open fails in the background
    await expect(sink.rejected(row)).rejects.toThrow(`cannot write rejected rows to ${path}: ENOENT`);
    await expect(sink.close()).rejects.toThrow(/ENOENT/);
  });
});
