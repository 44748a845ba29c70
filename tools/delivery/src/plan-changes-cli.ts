/**
 * `tsx tools/delivery/src/plan-changes-cli.ts <plan.json>`: prints `changes=true` or `changes=false`
 * (a GitHub step output line) and, on stderr, what the plan changes.
 */
import { readPlan } from '@lakehouse/plan-review';
import { plannedChanges } from './plan-changes';

const [file] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: plan-changes-cli <terraform show -json output>\n');
  process.exit(2);
}
const changes = plannedChanges(readPlan(file));
process.stderr.write(changes.length > 0 ? `changes: ${changes.join(', ')}\n` : 'no changes\n');
process.stdout.write(`changes=${changes.length > 0}\n`);
