import { subgraphTypeDefs } from '@switchyard/schema';
import { runSubgraph, type SubgraphDeps } from '@switchyard/server-kit';
import type { SubgraphContext } from './context';
import { EventRow, ExposureRow } from './events/event.entity';
import { createEventLoaders } from './events/event.loaders';
import { EventRepository } from './events/event.repository';
import { EventService } from './events/event.service';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { seedDemo } from './seed/demo';

function setup({ ds }: SubgraphDeps) {
  const repo = new EventRepository(ds);
  return { repo, events: new EventService(repo) };
}
type Services = ReturnType<typeof setup>;

void runSubgraph<SubgraphContext, Services>({
  name: 'analytics',
  schema: 'analytics',
  portVariable: 'ANALYTICS_PORT',
  defaultPort: 4003,
  typeDefs: subgraphTypeDefs('analytics'),
  entities: [EventRow, ExposureRow],
  migrations,
  resolvers,
  setup,
  buildContext: (base, services) => ({
    ...base,
    events: services.events,
    loaders: createEventLoaders(services.repo),
  }),
  seed: (deps, services) => seedDemo(deps, services.events),
}).catch((err) => {
  console.error(`analytics subgraph failed to start: ${(err as Error).message}`);
  process.exit(1);
});
