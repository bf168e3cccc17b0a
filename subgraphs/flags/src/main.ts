import { subgraphTypeDefs } from '@switchyard/schema';
import { loadSessionKeys, runSubgraph, type SubgraphDeps } from '@switchyard/server-kit';
import { loadAuthConfig } from './auth/auth.config';
import { ApiKeyRow, RefreshTokenRow, UserRow } from './auth/auth.entities';
import { AuthRepository } from './auth/auth.repository';
import { AuthService } from './auth/auth.service';
import type { SubgraphContext } from './context';
import { EnvironmentRow } from './environments/environment.entity';
import { FlagEnvironmentRow, FlagRow } from './flags/flag.entity';
import { createFlagLoaders } from './flags/flag.loaders';
import { FlagRepository } from './flags/flag.repository';
import { FlagService } from './flags/flag.service';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { seedDemo } from './seed/demo';

async function setup({ ds, outbox, bus, logger }: SubgraphDeps) {
  const repo = new FlagRepository(ds);
  const auth = new AuthService(ds, new AuthRepository(ds), await loadSessionKeys(), bus, loadAuthConfig(), logger);
  await auth.bootstrapAdmin();
  return { repo, flags: new FlagService(ds, repo, outbox), auth };
}
type Services = Awaited<ReturnType<typeof setup>>;

void runSubgraph<SubgraphContext, Services>({
  name: 'flags',
  schema: 'flags',
  portVariable: 'FLAGS_PORT',
  defaultPort: 4001,
  typeDefs: subgraphTypeDefs('flags'),
  entities: [EnvironmentRow, FlagRow, FlagEnvironmentRow, UserRow, RefreshTokenRow, ApiKeyRow],
  migrations,
  resolvers,
  setup,
  buildContext: (base, services: Services) => ({
    ...base,
    flags: services.flags,
    loaders: createFlagLoaders(services.repo),
    auth: services.auth,
  }),
  seed: (deps, services: Services) => seedDemo(deps, services.flags),
}).catch((err) => {
  console.error(`flags subgraph failed to start: ${(err as Error).message}`);
  process.exit(1);
});
