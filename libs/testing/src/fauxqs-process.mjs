// The fauxqs child process of `startFauxqs` (fauxqs.ts). fauxqs is an ES module only, which Jest's
// CommonJS runtime cannot load, so it runs here, in a plain Node process: it prints its port as one
// JSON line on stdout and stops when asked (SIGTERM) or when its parent goes away (stdin closes).
import process from 'node:process';
import { startFauxqs } from 'fauxqs';

const server = await startFauxqs({ port: 0, logger: false });
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop().catch(() => undefined);
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
