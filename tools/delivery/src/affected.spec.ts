import type { ProjectGraph } from '@nx/devkit';
import { affectedBy, workspaceGraph } from './affected';

let graph: ProjectGraph;
beforeAll(async () => {
  graph = await workspaceGraph();
});

describe('what a change marks affected', () => {
  it('a documentation-only change marks nothing', async () => {
    expect(await affectedBy(graph, ['README.md', 'libs/contracts/README.md', 'docs/contracts.md'])).toEqual(
      [],
    );
  });
});
