import type { RequestContext } from '@switchyard/server-kit';
import type { ExperimentLoaders } from './experiments/experiment.loaders';
import type { ExperimentService } from './experiments/experiment.service';

export interface SubgraphContext extends RequestContext {
  experiments: ExperimentService;
  loaders: ExperimentLoaders;
}
