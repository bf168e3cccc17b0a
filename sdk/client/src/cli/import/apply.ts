// Carries out an import plan, one normal audited mutation per planned write, in the plan's order. Each flag or
// segment write sends the version the previous write returned (or the one read when planning), so an edit made
// by someone else meanwhile is refused with CONFLICT rather than overwritten.

import type { GraphRequest } from '../graph-client';
import type { GraphState } from '../export/read-graph';
import type { PlannedWrite } from './plan';

const MUTATIONS: Record<PlannedWrite['kind'], string> = {
  createEnvironment:
    'mutation ImportCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { key } }',
  createSegment:
    'mutation ImportCreateSegment($input: CreateSegmentInput!) { result: createSegment(input: $input) { version } }',
  updateSegment:
    'mutation ImportUpdateSegment($key: String!, $v: Int!, $input: UpdateSegmentInput!) { result: updateSegment(key: $key, expectedVersion: $v, input: $input) { version } }',
  restoreFlag:
    'mutation ImportRestoreFlag($key: String!, $v: Int!) { result: restoreFlag(key: $key, expectedVersion: $v) { version } }',
  createFlag:
    'mutation ImportCreateFlag($input: CreateFlagInput!) { result: createFlag(input: $input) { version } }',
  updateFlag:
    'mutation ImportUpdateFlag($key: String!, $v: Int!, $input: UpdateFlagInput!) { result: updateFlag(key: $key, expectedVersion: $v, input: $input) { version } }',
  updateTargeting:
    'mutation ImportUpdateTargeting($key: String!, $env: String!, $v: Int!, $input: TargetingInput!) { result: updateTargeting(key: $key, environment: $env, expectedVersion: $v, input: $input) { version } }',
  archiveFlag:
    'mutation ImportArchiveFlag($key: String!, $v: Int!) { result: archiveFlag(key: $key, expectedVersion: $v) { version } }',
};

export interface ApplyReport {
  written: PlannedWrite[];
}

export async function applyPlan(
  request: GraphRequest,
  writes: PlannedWrite[],
  state: GraphState,
  onWrite: (write: PlannedWrite) => void = () => {},
): Promise<ApplyReport> {
  const flagVersions = new Map(state.flagVersions);
  const segmentVersions = new Map(state.segmentVersions);
  const written: PlannedWrite[] = [];
  for (const w of writes) {
    const segment = w.kind === 'createSegment' || w.kind === 'updateSegment';
    const versions = segment ? segmentVersions : flagVersions;
    const variables: Record<string, unknown> = { input: w.input };
    if (w.kind !== 'createEnvironment' && w.kind !== 'createSegment' && w.kind !== 'createFlag') {
      variables.key = w.key;
      variables.v = versions.get(w.key);
      if (w.environment) variables.env = w.environment;
    }
    if (w.kind === 'restoreFlag' || w.kind === 'archiveFlag') delete variables.input;
    const data = await request<{ result?: { version: number } }>(
      `${w.kind} ${w.key}${w.environment ? ` in ${w.environment}` : ''}`,
      MUTATIONS[w.kind],
      variables,
    );
    if (data.result) versions.set(w.key, data.result.version);
    written.push(w);
    onWrite(w);
  }
  return { written };
}
