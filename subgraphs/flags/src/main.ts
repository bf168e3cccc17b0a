import { subgraphTypeDefs } from '@switchyard/schema';
import { loadSessionKeys, runSubgraph, type SubgraphDeps } from '@switchyard/server-kit';
import { loadAuthConfig } from './auth/auth.config';
import { apiKeyRoute } from './auth/api-key.route';
import { ApiKeyRow, RefreshTokenRow, UserRow } from './auth/auth.entities';
import { AuthRepository } from './auth/auth.repository';
import { AuthService } from './auth/auth.service';
import { sessionRoute } from './auth/session.route';
import { ssoSignInRoute } from './auth/sso-sign-in.route';
import { roleEntities } from './roles/role.entity';
import { RoleRepository } from './roles/role.repository';
import { RoleService } from './roles/role.service';
import { slackCommandRoute } from './integrations/slack-command';
import type { SubgraphContext } from './context';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { seedDemo } from './seed/demo';
import { createFlagServices, flagContext, flagEntities, startFlagBackground } from './services';

async function setup(deps: SubgraphDeps) {
  const { ds, bus, logger } = deps;
  const flags = createFlagServices(deps);
  const authRepo = new AuthRepository(ds);
  const roleRepo = new RoleRepository(ds);
  const auth = new AuthService(
    ds,
    authRepo,
    await loadSessionKeys(),
    bus,
    loadAuthConfig(),
    logger,
    flags.writer,
    roleRepo,
  );
  const roles = new RoleService(roleRepo, authRepo, flags.writer, (change) => auth.sessionsChanged(change));
  await auth.bootstrapAdmin();
  return { ...flags, auth, roles };
}
type Services = Awaited<ReturnType<typeof setup>>;

void runSubgraph<SubgraphContext, Services>({
  name: 'flags',
  schema: 'flags',
  portVariable: 'FLAGS_PORT',
  defaultPort: 4001,
  typeDefs: subgraphTypeDefs('flags'),
  entities: [...flagEntities, UserRow, RefreshTokenRow, ApiKeyRow, ...roleEntities],
  migrations,
  resolvers,
  setup,
  buildContext: (base, services: Services) => ({
    ...base,
    ...flagContext(services, base.identity),
    auth: services.auth,
    roles: services.roles,
  }),
  internalRoutes: {
    apiKey: apiKeyRoute,
    session: sessionRoute,
    ssoSignIn: ssoSignInRoute,
    slackCommand: slackCommandRoute,
  },
  seed: (deps, services: Services) => seedDemo(deps, services),
  background: (deps, services: Services) => startFlagBackground(deps, services),
}).catch((err) => {
  console.error(`flags subgraph failed to start: ${(err as Error).message}`);
  process.exit(1);
});
