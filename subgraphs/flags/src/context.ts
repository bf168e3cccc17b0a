import type { RequestContext } from '@switchyard/server-kit';
import type { AuthService } from './auth/auth.service';
import type { FlagLoaders } from './flags/flag.loaders';
import type { FlagService } from './flags/flag.service';

/** Per-request context of the flags subgraph. */
export interface SubgraphContext extends RequestContext {
  flags: FlagService;
  loaders: FlagLoaders;
  auth: AuthService;
}
