import { subgraphTypeDefs } from '@switchyard/schema';
import { runSubgraph, type SubgraphDeps } from '@switchyard/server-kit';
import type { SubgraphContext } from './context';
import { ExperimentRow } from './experiments/experiment.entity';
import { createExperimentLoaders } from './experiments/experiment.loaders';
import { ExperimentRepository } from './experiments/experiment.repository';
import { ExperimentService } from './experiments/experiment.service';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { seedDemo } from './seed/demo';

function setup({ ds, outbox }: SubgraphDeps) {
  const repo = new ExperimentRepository(ds);
  return { repo, experiments: new ExperimentService(ds, repo, outbox) };
}
type Services = ReturnType<typeof setup>;

void runSubgraph<SubgraphContext, Services>({
  name: 'experiments',
  schema: 'experiments',
  portVariable: 'EXPERIMENTS_PORT',
  defaultPort: 4002,
  typeDefs: subgraphTypeDefs('experiments'),
  entities: [ExperimentRow],
  migrations,
  resolvers,
  setup,
  buildContext: (base, services) => ({
    ...base,
    experiments: services.experiments,
    loaders: createExperimentLoaders(services.repo),
  }),
  seed: (deps, services) => seedDemo(deps, services.experiments),
}).catch((err) => {
  console.error(`experiments subgraph failed to start: ${(err as Error).message}`);
  process.exit(1);
});
