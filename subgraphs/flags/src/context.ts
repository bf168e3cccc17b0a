import type { RequestContext } from '@switchyard/server-kit';
import type { AuthService } from './auth/auth.service';
import type { RoleService } from './roles/role.service';
import type { FlagContext } from './services';

/** Per-request context of the flags subgraph. */
export interface SubgraphContext extends RequestContext, FlagContext {
  auth: AuthService;
  roles: RoleService;
}
