import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './free-port';
import { stopChild } from './child-process';
import type { RunningServer } from './running-server';

export interface DynamoDbLocalOptions {
  /** @default a free port chosen by the OS */
  readonly port?: number;
  /** The `java` executable. @default 'java' (from PATH) */
  readonly javaPath?: string;
  /**
   * Folder holding `DynamoDBLocal.jar` and `DynamoDBLocal_lib/`.
   * @default the `emulator/` folder of the installed `amplify-dynamodb-simulator` package
   */
  readonly emulatorDir?: string;
  /** How long to wait for the first answer. @default 60_000 (the JVM needs 3–6 s on an idle machine) */
  readonly startTimeoutMs?: number;
  /**
   * Extra JVM flags. @default ['-Xmx512m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1']
   * (a small heap and the C1 compiler start faster and leave the CPU to the tests on small CI runners)
   */
  readonly jvmArgs?: readonly string[];
}

/** Raised when DynamoDB Local cannot be started; the message says what is missing and how to fix it. */
export class DynamoDbLocalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DynamoDbLocalError';
  }
}

const DEFAULT_JVM_ARGS = ['-Xmx512m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'];

/** The jar ships inside this npm package; resolving it through Node finds it wherever npm hoisted it. */
export function defaultEmulatorDir(): string {
  try {
    return join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
  } catch {
    throw new DynamoDbLocalError(
      'DynamoDB Local not found: the npm package amplify-dynamodb-simulator (which ships DynamoDBLocal.jar) ' +
        'is not installed. Run `npm ci` at the workspace root, or pass emulatorDir.',
    );
  }
}

function checkJava(javaPath: string): void {
  const probe = spawnSync(javaPath, ['-version'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.error || probe.status !== 0) {
    const why = probe.error ? probe.error.message : `exit code ${probe.status}: ${probe.stderr.trim()}`;
    throw new DynamoDbLocalError(
      `DynamoDB Local needs a Java runtime (17 or later) but "${javaPath} -version" failed (${why}). ` +
        'Install a JRE (e.g. `apt-get install openjdk-17-jre-headless`) or pass javaPath.',
    );
  }
}

function checkJar(emulatorDir: string): { jar: string; libDir: string } {
  const jar = join(emulatorDir, 'DynamoDBLocal.jar');
  const libDir = join(emulatorDir, 'DynamoDBLocal_lib');
  if (!existsSync(jar) || !existsSync(libDir)) {
    throw new DynamoDbLocalError(
      `DynamoDB Local not found: expected ${jar} and ${libDir}. ` +
        'Reinstall amplify-dynamodb-simulator (`npm ci`) or pass emulatorDir.',
    );
  }
  return { jar, libDir };
}

/** Any HTTP answer means the server is listening; DynamoDB Local answers an unsigned request with 400. */
async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
      },
      body: '{}',
      signal: AbortSignal.timeout(2_000),
    });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Keeps the tail of a stream so a failed start can say why without buffering megabytes of logs. */
function tail(stream: NodeJS.ReadableStream | null, limit = 4_000): () => string {
  let text = '';
  stream?.on('data', (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-limit);
  });
  return () => text.trim();
}

async function launch(
  port: number,
  javaPath: string,
  jar: string,
  libDir: string,
  jvmArgs: readonly string[],
  startTimeoutMs: number,
): Promise<RunningServer> {
  const args = [
    ...jvmArgs,
    `-Djava.library.path=${libDir}`,
    '-jar',
    jar,
    '-inMemory',
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(port),
  ];
  // DynamoDB Local writes dynamodb-local-metadata.json into its working directory: keep it out of the repo.
  const workDir = mkdtempSync(join(tmpdir(), 'dynamodb-local-'));
  const cleanUp = () => rmSync(workDir, { recursive: true, force: true });
  const child = spawn(javaPath, args, { cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = tail(child.stderr);
  const stdout = tail(child.stdout);
  // Never leave an orphaned JVM behind when the test process exits without calling close().
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + startTimeoutMs;
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));

  while (!(await answers(endpoint))) {
    if (spawnError || child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      const reason = spawnError
        ? spawnError.message
        : child.exitCode !== null || child.signalCode !== null
          ? `exited with ${child.exitCode ?? child.signalCode}`
          : `no answer within ${startTimeoutMs} ms`;
      process.removeListener('exit', killOnExit);
      await stopChild(child);
      cleanUp();
      const output = [stderr(), stdout()].filter(Boolean).join('\n');
      throw new DynamoDbLocalError(
        `DynamoDB Local on port ${port} did not start: ${reason}${output ? `\n${output}` : ''}`,
      );
    }
    await sleep(100);
  }

  let closed: Promise<void> | undefined;
  return {
    endpoint,
    port,
    close: () => {
      closed ??= stopChild(child).then(() => {
        process.removeListener('exit', killOnExit);
        cleanUp();
      });
      return closed;
    },
  };
}

/**
 * Starts the AWS DynamoDB Local jar (in memory, one shared database for every credential/region)
 * as a child process and resolves once it answers HTTP.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<RunningServer> {
  const javaPath = options.javaPath ?? 'java';
  const { jar, libDir } = checkJar(options.emulatorDir ?? defaultEmulatorDir());
  checkJava(javaPath);
  const jvmArgs = options.jvmArgs ?? DEFAULT_JVM_ARGS;
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  if (options.port !== undefined) {
    return launch(options.port, javaPath, jar, libDir, jvmArgs, startTimeoutMs);
  }
  // A free port can be taken by someone else before the JVM binds it: one retry on a fresh port.
  try {
    return await launch(await freePort(), javaPath, jar, libDir, jvmArgs, startTimeoutMs);
  } catch (error) {
    if (
      !(error instanceof DynamoDbLocalError) ||
      !/address already in use|BindException/i.test(error.message)
    ) {
      throw error;
    }
    return launch(await freePort(), javaPath, jar, libDir, jvmArgs, startTimeoutMs);
  }
}
