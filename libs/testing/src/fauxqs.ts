import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { stopChild } from './child-process';
import type { RunningServer } from './running-server';

/** Set by the Jest global setup so every test file of a project shares one fauxqs process. */
export const FAUXQS_ENDPOINT_ENV = 'LAKEHOUSE_FAUXQS_ENDPOINT';

/** The region and credentials tests give their SDK clients for fauxqs (it accepts any). */
export const FAUXQS_REGION = 'us-east-1';
export const FAUXQS_CREDENTIALS = { accessKeyId: 'fauxqs', secretAccessKey: 'fauxqs' } as const;

/** Raised when fauxqs cannot be started; the message carries the child's output. */
export class FauxqsError extends Error {
  override readonly name = 'FauxqsError';
}

export interface FauxqsOptions {
  /** How long to wait for the port line. @default 30_000 */
  readonly startTimeoutMs?: number;
}

/**
 * Starts fauxqs (S3, SQS and SNS in one server) on a free port, in a child Node process running
 * `startFauxqs({ port: 0, logger: false })`, and resolves once it listens. Point SDK v3 clients at
 * `endpoint` with `FAUXQS_REGION`, `FAUXQS_CREDENTIALS` and, for S3, `forcePathStyle: true`.
 */
export async function startFauxqs(options: FauxqsOptions = {}): Promise<RunningServer> {
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  // process.execPath: the Node running the tests (22, from the `node` dev dependency), which fauxqs needs.
  const child = spawn(process.execPath, [join(__dirname, 'fauxqs-process.mjs')], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4_000)));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const port = await new Promise<number>((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      reject(new FauxqsError(`fauxqs did not start: ${reason}${stderr ? `\n${stderr.trim()}` : ''}`));
    };
    const timer = setTimeout(() => fail(`no port within ${timeoutMs} ms`), timeoutMs);
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => fail(`exited with ${code ?? signal}`));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve((JSON.parse(line) as { port: number }).port);
      } catch {
        fail(`unexpected output ${JSON.stringify(line)}`);
      }
    });
  }).catch(async (error: unknown) => {
    process.removeListener('exit', killOnExit);
    await stopChild(child);
    throw error;
  });

  let closed: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    close: () => {
      closed ??= stopChild(child).then(() => {
        process.removeListener('exit', killOnExit);
      });
      return closed;
    },
  };
}

/**
 * fauxqs for one test file: the project's shared server when the Jest global setup started one
 * (closing the handle then leaves it running for the other files), else a server of its own.
 */
export async function fauxqsForTests(options: FauxqsOptions = {}): Promise<RunningServer> {
  const shared = process.env[FAUXQS_ENDPOINT_ENV];
  if (shared) return { endpoint: shared, port: Number(new URL(shared).port), close: async () => undefined };
  return startFauxqs(options);
}
