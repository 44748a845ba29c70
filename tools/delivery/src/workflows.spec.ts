import { validateAction, validateWorkflow } from '@action-validator/core';
import { ENVIRONMENTS } from '@lakehouse/environments';
import { workspaceRoot, type ProjectGraph } from '@nx/devkit';
import { workspaceGraph } from './affected';
import {
  allSteps,
  environmentOf,
  needsOf,
  readActions,
  readWorkflows,
  type Job,
  type Step,
  type Workflow,
  type YamlFile,
} from './github-workflows';
import { nxCalls } from './nx-commands';

const workflows = readWorkflows(workspaceRoot);
const actions = readActions(workspaceRoot);
const steps = allSteps(workflows, actions);
const workflow = (name: string): Workflow => {
  const found = workflows.find((w) => w.path.endsWith(`/${name}`));
  if (!found) throw new Error(`no workflow ${name}`);
  return found.document;
};
const deploy = workflow('deploy.yml');
const perEnvironment = workflow('deploy-environment.yml');
const plan = workflow('terraform-plan.yml');
const jobs = workflows.flatMap(({ path, document }) =>
  Object.entries(document.jobs).map(([id, job]) => ({ where: `${path} ${id}`, id, job })),
);

const PROMOTION_ORDER = ENVIRONMENTS.map((environment) => environment.name);
const TERRAFORM_ACTION = './.github/actions/terraform';
const SETUP_ACTION = './.github/actions/setup';
const usesAction = (job: Job, action: string) => (job.steps ?? []).some((s) => s.uses === action);
const names = (files: readonly YamlFile<unknown>[]) => files.map((f) => f.path);

describe('the workflow files are valid GitHub Actions', () => {
  it.each(names(workflows))('%s', (path) => {
    const { source } = workflows.find((w) => w.path === path)!;
    expect(validateWorkflow(source).errors).toEqual([]);
  });

  it.each(names(actions))('%s', (path) => {
    const { source } = actions.find((a) => a.path === path)!;
    expect(validateAction(source).errors).toEqual([]);
  });

  it('the validator refuses a misspelt key and a wrong value', () => {
    const { source } = workflows[0];
    expect(validateWorkflow(source.replace('runs-on:', 'runs_on:')).errors).not.toEqual([]);
    expect(validateWorkflow(source.replace('contents: read', 'contents: maybe')).errors).not.toEqual([]);
  });
});

describe('least privilege', () => {
  it('every workflow grants nothing by default', () => {
    for (const { path, document } of workflows) expect([path, document.permissions]).toEqual([path, {}]);
  });

  it('every job says what it needs, and writes only an OIDC token or the review comment', () => {
    for (const { where, job } of jobs) {
      expect([where, typeof job.permissions]).toEqual([where, 'object']);
      const writes = Object.entries(job.permissions as Record<string, string>)
        .filter(([, level]) => level === 'write')
        .map(([scope]) => scope);
      for (const scope of writes) {
        // An OIDC token only where AWS credentials are assumed (here or in the called workflow).
        if (scope === 'id-token')
          expect([where, usesAction(job, TERRAFORM_ACTION) || !!job.uses]).toEqual([where, true]);
        // The pull-request comment only in the job that posts the plan review.
        else if (scope === 'pull-requests')
          expect([
            where,
            (job.steps ?? []).some((s) => s.uses?.startsWith('actions/github-script@')),
          ]).toEqual([where, true]);
        else throw new Error(`${where} writes ${scope}`);
      }
    }
  });
});

describe('cloud access', () => {
  it('uses OIDC role credentials, never stored keys or any repository secret', () => {
    for (const { where, step } of steps) {
      const keys = Object.keys(step.with ?? {}).filter((k) => /access-key|secret|session-token/.test(k));
      expect([where, keys]).toEqual([where, []]);
      expect([where, JSON.stringify(step).includes('secrets.')]).toEqual([where, false]);
    }
  });

  it('assumes a role only in a job bound to a GitHub environment, with an OIDC token', () => {
    const assuming = jobs.filter(({ job }) => usesAction(job, TERRAFORM_ACTION));
    expect(assuming.length).toBeGreaterThan(0);
    for (const { where, job } of assuming) {
      expect([where, environmentOf(job)]).toEqual([
        where,
        expect.stringMatching(/\$\{\{ inputs\.environment \}\}/),
      ]);
      expect([where, (job.permissions as Record<string, string>)['id-token']]).toEqual([where, 'write']);
    }
  });
});

describe('supply chain', () => {
  it('pins every action from another repository to a commit, with its version named', () => {
    for (const { where, step } of steps.filter(({ step }) => step.uses && !step.uses.startsWith('./'))) {
      expect([where, step.uses]).toEqual([where, expect.stringMatching(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/)]);
    }
    for (const { path, source } of [...workflows, ...actions])
      for (const line of source.split('\n').filter((l) => /uses: [\w.-]+\/[\w.-]+@/.test(l)))
        expect([path, line]).toEqual([path, expect.stringMatching(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/)]);
  });

  it('checks out without leaving the token in the git config', () => {
    const checkouts = steps.filter(({ step }) => step.uses?.startsWith('actions/checkout@'));
    expect(checkouts.length).toBeGreaterThan(0);
    for (const { where, step } of checkouts)
      expect([where, step.with?.['persist-credentials']]).toEqual([where, false]);
  });
});

describe('node and npm', () => {
  const setup = actions.find((a) => a.path.endsWith('/setup/action.yml'))!.document;
  const setupNode = setup.runs.steps!.find((s) => s.uses?.startsWith('actions/setup-node@'))!;

  it('takes Node from .nvmrc with the npm cache, and installs exactly the lock file', () => {
    expect(setupNode.with).toEqual({ 'node-version-file': '.nvmrc', cache: 'npm' });
    expect(setup.runs.steps!.map((s) => s.run?.trim()).filter(Boolean)).toEqual([
      expect.stringMatching(/^npm ci\b/),
    ]);
  });

  it('sets up the workspace before any job runs npx', () => {
    const runsNpx = (s: Step) => /\bnpx\b/.test(s.run ?? '');
    for (const { where, job } of jobs.filter(({ job }) => (job.steps ?? []).some(runsNpx))) {
      const firstNpx = job.steps!.findIndex(runsNpx);
      const setupAt = job.steps!.findIndex((s) => s.uses === SETUP_ACTION);
      expect([where, setupAt >= 0 && setupAt < firstNpx]).toEqual([where, true]);
    }
  });
});

describe('promotion', () => {
  it('applies the plan file its plan job uploaded, in the environment that guards it', () => {
    const apply = perEnvironment.jobs['apply'];
    expect(needsOf(apply)).toEqual(['plan']);
    expect(perEnvironment.jobs['plan'].uses).toBe('./.github/workflows/terraform-plan.yml');
    expect(environmentOf(apply)).toBe('${{ inputs.environment }}');
    const uploaded = plan.jobs['plan'].steps!.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    const downloaded = apply.steps!.find((s) => s.uses?.startsWith('actions/download-artifact@'))!;
    expect(downloaded.with?.['name']).toBe(uploaded.with?.['name']);
    // The whole stack folder travels (the apply uploads its assets), to where the apply reads it.
    expect(String(uploaded.with?.['path']).split('\n')).toEqual([
      '${{ env.STACK_DIR }}/',
      '!${{ env.STACK_DIR }}/.terraform/**',
      '',
    ]);
    expect(downloaded.with?.['path']).toBe('${{ env.STACK_DIR }}');
    // A plan that changes nothing is neither approved nor applied.
    expect(apply.if).toBe("needs.plan.outputs.changes == 'true'");
    const changesOutput = (plan.on as { workflow_call: { outputs: Record<string, { value: string }> } })
      .workflow_call.outputs['changes'];
    expect(changesOutput.value).toBe('${{ jobs.plan.outputs.changes }}');
    expect((plan.jobs['plan'] as Job & { outputs: Record<string, string> }).outputs['changes']).toBe(
      '${{ steps.text.outputs.changes }}',
    );
    const downloadAt = apply.steps!.indexOf(downloaded);
    const applyAt = apply.steps!.findIndex((s) => /:deploy\b/.test(s.run ?? ''));
    expect(applyAt).toBeGreaterThan(downloadAt);
  });

  it('deploys each environment after the one before it, one deploy per environment at a time', () => {
    const chain = Object.entries(deploy.jobs).filter(
      ([, job]) => job.uses === './.github/workflows/deploy-environment.yml',
    );
    expect(chain.map(([id]) => id)).toEqual(PROMOTION_ORDER);
    chain.forEach(([id, job], i) => {
      expect(job.with).toEqual({ environment: id });
      expect(job.concurrency).toEqual({ group: `deploy-${id}`, 'cancel-in-progress': false });
      expect(needsOf(job)).toEqual(i === 0 ? ['affected'] : ['affected', chain[i - 1][0]]);
      // An environment the change does not affect is skipped; the next one still deploys.
      if (i > 0) expect(job.if).toContain(`needs.${chain[i - 1][0]}.result == 'skipped'`);
      expect(job.if).toContain(`contains(fromJSON(needs.affected.outputs.environments), '${id}')`);
    });
  });

  it('deploys on a push to main, never from a pull request', () => {
    expect(deploy.on).toEqual({ push: { branches: ['main'] } });
    expect(workflow('pull-request.yml').on).toEqual({ pull_request: { branches: ['main'] } });
    const pullRequestCalls = Object.values(workflow('pull-request.yml').jobs).map((j) => j.uses);
    expect(pullRequestCalls).not.toContain('./.github/workflows/deploy-environment.yml');
  });
});

describe('every nx target the workflows call exists', () => {
  let graph: ProjectGraph;
  beforeAll(async () => {
    graph = await workspaceGraph();
  });
  const calls = steps.flatMap(({ where, step }) => nxCalls(step.run ?? '').map((call) => ({ where, call })));
  const hasTarget = (project: string, target: string) => !!graph.nodes[project]?.data.targets?.[target];

  it('reads the calls of every job that runs nx', () => {
    expect(calls.map(({ call }) => call.kind)).toEqual(expect.arrayContaining(['targets', 'run']));
  });

  it.each(calls.map(({ where, call }) => [where, call.line.trim(), call] as const))(
    '%s: %s',
    (_where, _line, call) => {
      if (call.kind === 'targets') {
        const missing = call.targets.filter((t) => !Object.keys(graph.nodes).some((p) => hasTarget(p, t)));
        expect(missing).toEqual([]);
        return;
      }
      // A project named by an expression is the environment the reusable workflow was called for.
      const projects = /^\$/.test(call.project) ? PROMOTION_ORDER : [call.project];
      expect(projects.filter((p) => !hasTarget(p, call.target))).toEqual([]);
    },
  );

  it('looks for each stack where the environment’s synth target writes it', () => {
    for (const job of [plan.jobs['plan'], perEnvironment.jobs['apply']])
      for (const environment of PROMOTION_ORDER) {
        const stackDir = job.env?.['STACK_DIR']?.replace('${{ inputs.environment }}', environment);
        expect(graph.nodes[environment].data.targets?.['synth']?.outputs).toEqual([
          `{workspaceRoot}/${stackDir}`,
        ]);
      }
  });

  it('deploys exactly the environment projects', () => {
    const deployable = Object.keys(graph.nodes).filter((p) => hasTarget(p, 'deploy'));
    expect(deployable.sort()).toEqual([...PROMOTION_ORDER].sort());
  });
});
