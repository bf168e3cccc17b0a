import type { Identity, ProjectDirectory, RequestContext } from '@switchyard/server-kit';
import type { AssignmentService } from './assignments/assignment.service';
import type { ExperimentLoaders } from './experiments/experiment.loaders';
import type { ExperimentRepository } from './experiments/experiment.repository';
import type { ExperimentService } from './experiments/experiment.service';

export interface SubgraphContext extends RequestContext {
  identity: Identity;
  /** Whether a project exists (asked of the flags subgraph) and the caller's permission in it. */
  projects: ProjectDirectory;
  experiments: ExperimentService;
  experimentRepository: ExperimentRepository;
  assignments: AssignmentService;
  loaders: ExperimentLoaders;
}
