import { createProjectGraphAsync, type ProjectGraph } from '@nx/devkit';
// Nx's own affected computation, the one `nx affected --files=…` runs; not part of the public devkit.
import { calculateFileChanges } from 'nx/src/devkit-internals';
import { filterAffected } from 'nx/src/project-graph/affected/affected-project-graph';

/** The workspace's project graph, built the way `nx affected` builds it. */
export const workspaceGraph = (): Promise<ProjectGraph> => createProjectGraphAsync({ exitOnError: true });

/**
 * The projects `nx affected` selects when these files (workspace-relative, existing) change as a
 * whole, sorted. Files Nx ignores (.gitignore, .nxignore) touch nothing, as in CI.
 */
export async function affectedBy(graph: ProjectGraph, files: readonly string[]): Promise<string[]> {
  const affected = await filterAffected(graph, calculateFileChanges([...files]));
  return Object.keys(affected.nodes).sort();
}
