/** A local server started for tests (or for the local pipeline): where it answers, how to stop it. */
export interface RunningServer {
  /** e.g. `http://127.0.0.1:8123` */
  readonly endpoint: string;
  readonly port: number;
  /** Stops the server; safe to call twice. */
  close(): Promise<void>;
}
