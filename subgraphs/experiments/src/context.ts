import type { Identity, RequestContext } from '@switchyard/server-kit';
import type { AssignmentService } from './assignments/assignment.service';
import type { ExperimentLoaders } from './experiments/experiment.loaders';
import type { ExperimentRepository } from './experiments/experiment.repository';
import type { ExperimentService } from './experiments/experiment.service';

export interface SubgraphContext extends RequestContext {
  identity: Identity;
  experiments: ExperimentService;
  experimentRepository: ExperimentRepository;
  assignments: AssignmentService;
  loaders: ExperimentLoaders;
}
