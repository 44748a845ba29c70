import { mkdtemp, readdir, readFile, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { bundleLambda, MAX_BUNDLE_BYTES, readMetafile } from './bundle';

const root = join(__dirname, '..', '..', '..');

describe('a Lambda bundle', () => {
  it('is one minified file under 1 MiB that keeps error names and leaves DuckDB and the credential chain out', async () => {
    const outdir = await mkdtemp(join(tmpdir(), 'lakehouse-bundle-'));
    const report = await bundleLambda(root, 'apps/validate', outdir);
    expect(MAX_BUNDLE_BYTES).toBe(1024 * 1024);
    expect(report.bytes).toBeLessThan(MAX_BUNDLE_BYTES);
    expect(report.mapBytes).toBeGreaterThan(0);
    // The folder is the function's package: the code and its map, nothing the function does not run.
    expect((await readdir(outdir)).sort()).toEqual(['index.js', 'index.js.map']);
    const metafile = await readMetafile(outdir);
    const inputs = Object.keys(metafile.inputs);
    const output = Object.values(metafile.outputs).find((o) => o.entryPoint)!;
    const kept = Object.keys(output.inputs).filter((i) => output.inputs[i].bytesInOutput > 0);
    expect(inputs.filter((i) => i.includes('@duckdb') || i.includes('aws-local-stepfunctions'))).toEqual([]);
    expect(inputs.some((i) => i.includes('@aws-sdk/client-s3'))).toBe(true); // the SDK is bundled, not the runtime's
    // Credentials come from Lambda's environment: no SSO/STS providers, no nested clients.
    expect(inputs.filter((i) => /credential-provider-(node|sso|ini)|nested-clients/.test(i))).toEqual([]);
    expect(kept.some((i) => i.includes('credential-provider-env'))).toBe(true);
    // Only the S3 operations the object store sends: not the aggregated client with every command.
    expect(kept.filter((i) => /client-s3\/dist-es\/(S3\.js|commands\/ListBucketsCommand)/.test(i))).toEqual(
      [],
    );
    expect(kept.some((i) => i.includes('client-s3/dist-es/commands/GetObjectCommand'))).toBe(true);

    // Step Functions matches errors by name: minified, the class must still be MalformedEventError.
    const { handler } = (await import(join(outdir, 'index.js'))) as {
      handler: (e: unknown, c: unknown) => Promise<unknown>;
    };
    const error = await handler({ runId: 'run-1' }, { functionName: 'f', awsRequestId: 'r' }).catch(
      (e: Error) => e,
    );
    expect(error).toMatchObject({
      name: 'MalformedEventError',
      message: expect.stringMatching(
        /^malformed validate task input: runStart: Invalid input: expected string/,
      ),
    });
  }, 120_000);

  it("names its sources inside the checkout it was built from, even through links (as the plan review's base worktree has)", async () => {
    // Source paths that resolve through a link would differ between two checkouts of the same
    // code, and every function would look changed in a plan review.
    const checkout = await mkdtemp(join(tmpdir(), 'lakehouse-linked-checkout-'));
    for (const entry of ['apps', 'libs', 'tools', 'node_modules', 'tsconfig.base.json']) {
      await symlink(join(root, entry), join(checkout, entry));
    }
    const report = await bundleLambda(checkout, 'apps/claim');
    const map = JSON.parse(await readFile(`${report.file}.map`, 'utf8')) as { sources: string[] };
    const outside = map.sources.filter((s) =>
      relative(checkout, resolve(dirname(report.file), s)).startsWith('..'),
    );
    expect(map.sources.length).toBeGreaterThan(100);
    expect(outside).toEqual([]);
  }, 120_000);

  it('keeps nothing of an adapter its function never calls', async () => {
    const outdir = await mkdtemp(join(tmpdir(), 'lakehouse-bundle-'));
    await bundleLambda(root, 'apps/trigger', outdir); // registers and starts executions: no object store
    const metafile = await readMetafile(outdir);
    const output = Object.values(metafile.outputs).find((o) => o.entryPoint)!;
    const kept = Object.keys(output.inputs).filter((i) => output.inputs[i].bytesInOutput > 0);
    expect(
      kept.filter((i) => /@aws-sdk\/(client-s3|lib-storage|client-glue|client-athena)\//.test(i)),
    ).toEqual([]);
    expect(kept.some((i) => i.includes('client-sfn/dist-es/commands/StartExecutionCommand'))).toBe(true);
  }, 120_000);
});
