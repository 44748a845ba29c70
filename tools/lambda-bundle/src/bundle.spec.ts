import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleLambda, MAX_BUNDLE_BYTES, readMetafile } from './bundle';

const root = join(__dirname, '..', '..', '..');

describe('a Lambda bundle', () => {
  it('is one minified file under the limit that keeps error names and leaves DuckDB out', async () => {
    const outdir = await mkdtemp(join(tmpdir(), 'lakehouse-bundle-'));
    const report = await bundleLambda(root, 'apps/validate', outdir);
    expect(report.bytes).toBeLessThan(MAX_BUNDLE_BYTES);
    expect(report.mapBytes).toBeGreaterThan(0);
    const inputs = Object.keys((await readMetafile(outdir)).inputs);
    expect(inputs.filter((i) => i.includes('@duckdb') || i.includes('aws-local-stepfunctions'))).toEqual([]);
    expect(inputs.some((i) => i.includes('@aws-sdk/client-s3'))).toBe(true); // the SDK is bundled, not the runtime's

    // Step Functions matches errors by name: minified, the class must still be MalformedEventError.
    const { handler } = (await import(join(outdir, 'index.js'))) as {
      handler: (e: unknown, c: unknown) => Promise<unknown>;
    };
    const error = await handler({ runId: 'run-1' }, { functionName: 'f', awsRequestId: 'r' }).catch(
      (e: Error) => e,
    );
    expect(error).toMatchObject({
      name: 'MalformedEventError',
      message: expect.stringMatching(/^malformed validate task input: runStart: Invalid input: expected string/),
    });
  }, 120_000);
});
