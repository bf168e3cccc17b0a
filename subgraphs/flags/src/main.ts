import { subgraphTypeDefs } from '@switchyard/schema';
import { runSubgraph, type SubgraphDeps } from '@switchyard/server-kit';
import type { SubgraphContext } from './context';
import { EnvironmentRow } from './environments/environment.entity';
import { FlagEnvironmentRow, FlagRow } from './flags/flag.entity';
import { createFlagLoaders } from './flags/flag.loaders';
import { FlagRepository } from './flags/flag.repository';
import { FlagService } from './flags/flag.service';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { seedDemo } from './seed/demo';

function setup({ ds, outbox }: SubgraphDeps) {
  const repo = new FlagRepository(ds);
  return { repo, flags: new FlagService(ds, repo, outbox) };
}
type Services = ReturnType<typeof setup>;

void runSubgraph<SubgraphContext, Services>({
  name: 'flags',
  schema: 'flags',
  portVariable: 'FLAGS_PORT',
  defaultPort: 4001,
  typeDefs: subgraphTypeDefs('flags'),
  entities: [EnvironmentRow, FlagRow, FlagEnvironmentRow],
  migrations,
  resolvers,
  setup,
  buildContext: (base, services: Services) => ({
    ...base,
    flags: services.flags,
    loaders: createFlagLoaders(services.repo),
  }),
  seed: (deps, services: Services) => seedDemo(deps, services.flags),
}).catch((err) => {
  console.error(`flags subgraph failed to start: ${(err as Error).message}`);
  process.exit(1);
});
