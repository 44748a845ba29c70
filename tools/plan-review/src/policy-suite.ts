import { runPolicySuite, stackFromJson } from '@lakehouse/policy';
import type { PolicySuite } from './policy';

/** The workspace's policy suite (tools/policy), the same rules `nx run <env>:policy` runs. */
export const workspacePolicySuite: PolicySuite = (stack) => {
  const { failures, suppressed } = runPolicySuite(stackFromJson(stack.config, stack.name));
  return { failures, suppressed };
};
