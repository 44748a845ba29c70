import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { build, type Metafile, type Plugin } from 'esbuild';

/**
 * Lambda's limit is far higher; this one keeps cold starts short and catches a heavy import early.
 * zod (the event and document schemas), Smithy, the S3 client and the X-Ray SDK (Tracer) weigh
 * the most; `describe` prints each bundle's heaviest packages.
 */
export const MAX_BUNDLE_BYTES = 1024 * 1024;

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

/** This tool's credentials module, as a path inside the workspace being bundled. */
const CREDENTIALS_MODULE = relative(
  join(__dirname, '..', '..', '..'),
  join(__dirname, 'lambda-credentials.ts'),
);

/** Resolves the SDK clients' default credential chain to the environment provider alone. */
const withEnvironmentCredentials = (workspaceRoot: string): Plugin => ({
  name: 'with-environment-credentials',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
      path: join(workspaceRoot, CREDENTIALS_MODULE),
    }));
  },
});

/**
 * The adapters of libs/storage and libs/aws load their SDK operations lazily
 * (`import('./s3-commands')`, `import('./commands/<client>')`) so that importing a library stays
 * cheap. In a one-file bundle that saves nothing, and esbuild wraps whatever a dynamic import
 * reaches in a lazy initialiser that it cannot tree-shake: the whole client, every command, came
 * with it. The bundle imports those modules' exports by name instead, and marks the modules free
 * of side effects, so that a function that never calls the adapter keeps none of them.
 */
const COMMANDS_MODULE = String.raw`\.\/(?:[\w-]+-commands|commands\/[\w-]+)`;
const LAZY_COMMANDS = new RegExp(String.raw`\bimport\((['"])(${COMMANDS_MODULE})\1\)`, 'g');
const withStaticCommands: Plugin = {
  name: 'with-static-commands',
  setup(esbuild) {
    esbuild.onResolve({ filter: new RegExp(`^${COMMANDS_MODULE}$`) }, (args) =>
      args.importer.includes(`${sep}libs${sep}`)
        ? { path: join(args.resolveDir, `${args.path}.ts`), sideEffects: false }
        : undefined,
    );
    esbuild.onLoad({ filter: /[\\/]libs[\\/].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const specifiers = [...new Set([...source.matchAll(LAZY_COMMANDS)].map((m) => m[2]))];
      if (specifiers.length === 0) return undefined;
      const names = new Map<string, string[]>();
      for (const specifier of specifiers)
        names.set(specifier, await exportedNames(join(dirname(args.path), `${specifier}.ts`)));
      const imports = specifiers.map((s) => `import { ${names.get(s)!.join(', ')} } from '${s}';`);
      const contents = source.replace(
        LAZY_COMMANDS,
        (_match, _quote, s: string) => `Promise.resolve({ ${names.get(s)!.join(', ')} })`,
      );
      return { contents: `${imports.join('\n')}\n${contents}`, loader: 'ts' };
    });
  },
};

/** The names a commands module re-exports (`export { A, B } from '…'`, its only statements). */
async function exportedNames(file: string): Promise<string[]> {
  const source = await readFile(file, 'utf8');
  const names = [...source.matchAll(/export\s*\{([^}]*)\}/g)].flatMap((m) =>
    m[1]
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean),
  );
  if (names.length === 0 || names.some((n) => !/^\w+$/.test(n)))
    throw new Error(`${file}: a commands module re-exports plain names only (export { A, B } from '…')`);
  return names;
}

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
    // Paths as the workspace sees them: a checkout whose node_modules is a link (the plan review's
    // base worktree) builds the same bytes, so an unchanged function shows no change in a review.
    preserveSymlinks: true,
    // ES module builds of the SDK and Powertools tree-shake better than their CommonJS ones.
    mainFields: ['module', 'main'],
    tsconfig: join(workspaceRoot, 'tsconfig.base.json'),
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    plugins: [withoutZodTranslations, withEnvironmentCredentials(workspaceRoot), withStaticCommands],
  });
  await writeFile(metafilePath(outdir), JSON.stringify(result.metafile));
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

/**
 * esbuild's metafile of a bundle: beside its folder, not in it, since the folder is the function's
 * package (zipped whole by infra) and the metafile is as large as the bundle and not run.
 */
export const metafilePath = (outdir: string) => `${outdir}.meta.json`;

export async function readMetafile(outdir: string): Promise<Metafile> {
  return JSON.parse(await readFile(metafilePath(outdir), 'utf8')) as Metafile;
}
