// A `lakehouse run` in its own process that kills itself with SIGKILL at one point of the
// execution: `between <state>` when the state is entered, `inside <state>` when the state's task
// has done its work and not yet returned. Arguments: raw home runStart mode state.
import { runLocalPipeline } from '../src/local-run';

const [raw, home, runStart, mode, state] = process.argv.slice(2);
const crash = (at: string) => {
  if (at === state) process.kill(process.pid, 'SIGKILL');
};
const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

runLocalPipeline({
  raw,
  home,
  runStart: new Date(runStart),
  logger: silent as never,
  faults: mode === 'between' ? { stateEntered: crash } : { taskDone: crash },
}).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(String(error));
    process.exit(1);
  },
);
