import { ENVIRONMENTS } from '@lakehouse/environments';
import type { ProjectGraph } from '@nx/devkit';
import { affectedBy, workspaceGraph } from './affected';

/** What reaches AWS: the environments (deploy), the Lambda apps (build) and the Glue runner (bundle). */
const DEPLOYABLE_TARGETS = ['deploy', 'build', 'bundle'];
const ENVIRONMENT_NAMES = ENVIRONMENTS.map((environment) => environment.name);

let graph: ProjectGraph;
beforeAll(async () => {
  graph = await workspaceGraph();
});

const withTarget = (target: string) =>
  Object.keys(graph.nodes).filter((project) => graph.nodes[project].data.targets?.[target]);
const deployable = (projects: readonly string[]) =>
  projects.filter((p) => DEPLOYABLE_TARGETS.some((t) => graph.nodes[p].data.targets?.[t])).sort();
const deployableAffectedBy = async (...files: string[]) => deployable(await affectedBy(graph, files));
const sorted = (...lists: (readonly string[])[]) => [...new Set(lists.flat())].sort();

describe('what a change marks affected', () => {
  it('finds the deployable projects it reasons about', () => {
    expect(withTarget('deploy').sort()).toEqual([...ENVIRONMENT_NAMES].sort());
    expect(withTarget('build').length).toBeGreaterThan(0);
    expect(withTarget('bundle')).toEqual(['glue-jobs']);
  });

  it('a documentation-only change marks nothing', async () => {
    expect(await affectedBy(graph, ['README.md', 'libs/contracts/README.md', 'docs/contracts.md'])).toEqual(
      [],
    );
  });

  it.each(ENVIRONMENT_NAMES)(
    'a change to the configuration of %s marks only that environment',
    async (name) => {
      expect(await deployableAffectedBy(`environments/${name}/config.ts`)).toEqual([name]);
    },
  );

  it('a contract change marks the engine, the plans, the Glue assets and every environment', async () => {
    const affected = await affectedBy(graph, ['libs/contracts/src/index.ts']);
    // infra compiles the plans into each stack; glue-jobs carries the runner and its generated job arguments.
    expect(affected).toEqual(expect.arrayContaining(['engine', 'infra', 'glue-jobs', ...ENVIRONMENT_NAMES]));
  });

  it('a change to the Lambda handler library marks every Lambda app and every environment, nothing else deployable', async () => {
    // libs/lambda wraps every handler, and infra reads the functions' variables from it.
    expect(await deployableAffectedBy('libs/lambda/src/handler.ts')).toEqual(
      sorted(withTarget('build'), ENVIRONMENT_NAMES),
    );
  });

  it('a change to the Glue runner marks it and every environment, no Lambda app', async () => {
    expect(await deployableAffectedBy('apps/glue-jobs/src/lakehouse_runner/main.py')).toEqual(
      sorted(['glue-jobs'], ENVIRONMENT_NAMES),
    );
  });

  it('a change to a construct marks every environment and no app', async () => {
    expect(await deployableAffectedBy('infra/src/index.ts')).toEqual(sorted(ENVIRONMENT_NAMES));
  });

  it('a change to the local command line marks nothing deployable', async () => {
    expect(await deployableAffectedBy('apps/cli/src/main.ts')).toEqual([]);
  });
});
