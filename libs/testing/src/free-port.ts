import { createServer } from 'node:net';

/**
 * Asks the OS for a TCP port that is free right now on `host`.
 *
 * There is an unavoidable window between closing the probe and the caller binding the port;
 * launchers that spawn a separate process (DynamoDB Local) retry once on "address in use".
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      if (address === null || typeof address === 'string') {
        probe.close();
        reject(new Error(`could not read the port of a probe socket on ${host}`));
        return;
      }
      probe.close(() => resolve(address.port));
    });
  });
}
