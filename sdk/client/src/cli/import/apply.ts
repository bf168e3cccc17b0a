// Carries out an import plan, one audited mutation per planned write, in the plan's order: environments, segments,
// then one importFlag per flag (a flag's metadata and targeting in every environment written together). A
// replaced flag or segment carries the version read when planning, so an edit made by someone else meanwhile is
// refused with CONFLICT rather than overwritten.

import type { GraphRequest } from '../graph-client';
import type { GraphState } from '../export/read-graph';
import { inProject } from '../graph-client';
import type { PlannedWrite } from './plan';

const MUTATIONS: Record<PlannedWrite['kind'], string> = {
  createEnvironment:
    'mutation ImportCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { key } }',
  createSegment:
    'mutation ImportCreateSegment($input: CreateSegmentInput!) { result: createSegment(input: $input) { version } }',
  updateSegment:
    'mutation ImportUpdateSegment($project: String, $key: String!, $v: Int!, $input: UpdateSegmentInput!) { result: updateSegment(key: $key, project: $project, expectedVersion: $v, input: $input) { version } }',
  importFlag:
    'mutation ImportFlag($v: Int, $input: ImportFlagInput!) { result: importFlag(input: $input, expectedVersion: $v) { version } }',
};

export interface ApplyReport {
  written: PlannedWrite[];
}

export async function applyPlan(
  request: GraphRequest,
  writes: PlannedWrite[],
  state: GraphState,
  onWrite: (write: PlannedWrite) => void = () => {},
  project: string | null = null,
): Promise<ApplyReport> {
  const written: PlannedWrite[] = [];
  const send = inProject(request, project);
  for (const w of writes) {
    // Segments and flags are created in the project (environments belong to the installation).
    const into = project && (w.kind === 'createSegment' || w.kind === 'importFlag');
    const variables: Record<string, unknown> = { input: into ? { ...w.input, project } : w.input };
    if (w.kind === 'updateSegment') {
      variables.key = w.key;
      variables.v = state.segmentVersions.get(w.key);
    }
    if (w.kind === 'importFlag') variables.v = w.replaces ? state.flagVersions.get(w.key) : null;
    await send(`${w.kind} ${w.key}`, MUTATIONS[w.kind], variables);
    written.push(w);
    onWrite(w);
  }
  return { written };
}
