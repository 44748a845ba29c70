import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { build, type Metafile, type Plugin } from 'esbuild';

/**
 * Lambda's limit is far higher; this one keeps cold starts short and catches a heavy import early.
 * The validate bundle, the largest, is about 1.05 MiB: zod (the event and document schemas) ~200
 * KiB, the S3 client ~165 KiB, Smithy ~155 KiB, the X-Ray SDK (Tracer) ~75 KiB.
 */
export const MAX_BUNDLE_BYTES = 1.5 * 1024 * 1024;

export interface BundleReport {
  readonly app: string;
  readonly file: string;
  readonly bytes: number;
  readonly mapBytes: number;
  /** Milliseconds to `require` the bundle in a fresh Node process (module loading and top-level code). */
  readonly coldRequireMs: number;
  /** The packages that weigh the most in the bundle, bytes of output each. */
  readonly heaviest: readonly { readonly module: string; readonly bytes: number }[];
}

/**
 * zod's namespace object re-exports every translation of its error messages (~350 KiB); the
 * Powertools parser schemas import that namespace, so tree shaking cannot drop them. No function
 * switches zod's language (English stays, imported on its own), so the bundle gets an empty
 * `locales` module instead.
 */
const withoutZodTranslations: Plugin = {
  name: 'without-zod-translations',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'empty' } : undefined,
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

/**
 * Bundles `<appRoot>/src/handler.ts` for the nodejs22.x runtime on arm64: one minified CommonJS
 * file with the AWS SDK v3 inside (the bundle pins its own versions instead of the runtime's),
 * linked source maps (run with NODE_OPTIONS=--enable-source-maps) and class and function names
 * kept, because Step Functions matches errors by their name. Fails over MAX_BUNDLE_BYTES.
 */
export async function bundleLambda(
  workspaceRoot: string,
  appRoot: string,
  outdir = join(workspaceRoot, 'dist', appRoot),
): Promise<BundleReport> {
  const app = basename(appRoot);
  const file = join(outdir, 'index.js');
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const result = await build({
    absWorkingDir: workspaceRoot,
    entryPoints: [join(appRoot, 'src', 'handler.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    keepNames: true,
    sourcemap: 'linked',
    sourcesContent: false,
    // ES module builds of the SDK and Powertools tree-shake better than their CommonJS ones.
    mainFields: ['module', 'main'],
    tsconfig: join(workspaceRoot, 'tsconfig.base.json'),
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    plugins: [withoutZodTranslations],
  });
  await writeFile(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  const bytes = (await stat(file)).size;
  if (bytes > MAX_BUNDLE_BYTES) {
    throw new Error(
      `${app}: the bundle is ${kib(bytes)}, over ${kib(MAX_BUNDLE_BYTES)}; heaviest: ${heaviest(
        result.metafile,
      )
        .map((m) => `${m.module} ${kib(m.bytes)}`)
        .join(', ')}`,
    );
  }
  return {
    app,
    file,
    bytes,
    mapBytes: (await stat(`${file}.map`)).size,
    coldRequireMs: coldRequireMs(file),
    heaviest: heaviest(result.metafile),
  };
}

/** Requires the bundle in a fresh process and returns the milliseconds the require took. */
export function coldRequireMs(file: string): number {
  const script =
    'const t = process.hrtime.bigint(); require(process.argv[1]); ' +
    'process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));';
  return Number(execFileSync(process.execPath, ['-e', script, resolve(file)], { encoding: 'utf8' }));
}

/** Output bytes per package (or per workspace project), the five largest. */
function heaviest(metafile: Metafile): { module: string; bytes: number }[] {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint)!;
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    const module = match ? match[1] : input.split('/').slice(0, 2).join('/');
    totals.set(module, (totals.get(module) ?? 0) + bytesInOutput);
  }
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([module, bytes]) => ({ module, bytes }));
}

export const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** One line per bundle, for the build log. */
export function describe(report: BundleReport): string {
  return (
    `${report.app}: ${kib(report.bytes)} (map ${kib(report.mapBytes)}), cold require ${report.coldRequireMs.toFixed(0)} ms; ` +
    `heaviest: ${report.heaviest.map((m) => `${m.module} ${kib(m.bytes)}`).join(', ')}`
  );
}

export async function readMetafile(outdir: string): Promise<Metafile> {
  return JSON.parse(await readFile(join(outdir, 'meta.json'), 'utf8')) as Metafile;
}
