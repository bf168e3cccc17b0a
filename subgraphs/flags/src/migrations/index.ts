import { CreateFlags1732300000100 } from './1732300000100-create-flags';
import { CreateSegments1732300100100 } from './1732300100100-create-segments';
import { CreateAuth1732300500100 } from './1732300500100-create-auth';
import { FlagListOrder1732300600100 } from './1732300600100-flag-list-order';
import { CreateIntegrations1732301700100 } from './1732301700100-create-integrations';
import { CreateRetention1732301800100 } from './1732301800100-create-retention';
import { ReleasePlans1732301900100 } from './1732301900100-release-plans';
import { ChangeRequests1796412941328 } from './1796412941328-change-requests';
import { Sessions1796500000000 } from './1796500000000-sessions';
import { ChangeRequestApplyAt1796600000000 } from './1796600000000-change-request-apply-at';
import { ReleaseTemplates1796600000100 } from './1796600000100-release-templates';
import { ChangeRequestKinds1796700000200 } from './1796700000200-change-request-kinds';
import { SlackUserLinks1796800000000 } from './1796800000000-slack-user-links';
import { AccountLockoutAndDeletion1796800000100 } from './1796800000100-account-lockout-and-deletion';
import { CodeReferences1796800000200 } from './1796800000200-code-references';
import { SingleSignOn1796900000100 } from './1796900000100-single-sign-on';
import { FlagLifecycle1796900000200 } from './1796900000200-flag-lifecycle';
import { RecentContexts1796900000300 } from './1796900000300-recent-contexts';
import { Projects1797000000100 } from './1797000000100-projects';
import { CodeReferenceProjects1797000000600 } from './1797000000600-code-reference-projects';
import { RecentContextProjects1797000000720 } from './1797000000720-recent-context-projects';
import { CustomRoles1797000000500 } from './1797000000500-custom-roles';
import { ReleaseProjects1797000000700 } from './1797000000700-release-projects';
import { IntegrationProjects1797000000800 } from './1797000000800-integration-projects';

/** In order; a new migration is appended here. */
export const migrations = [
  CreateFlags1732300000100,
  CreateSegments1732300100100,
  CreateAuth1732300500100,
  FlagListOrder1732300600100,
  CreateIntegrations1732301700100,
  CreateRetention1732301800100,
  ReleasePlans1732301900100,
  ChangeRequests1796412941328,
  Sessions1796500000000,
  ChangeRequestApplyAt1796600000000,
  ReleaseTemplates1796600000100,
  ChangeRequestKinds1796700000200,
  SlackUserLinks1796800000000,
  AccountLockoutAndDeletion1796800000100,
  CodeReferences1796800000200,
  SingleSignOn1796900000100,
  FlagLifecycle1796900000200,
  RecentContexts1796900000300,
  Projects1797000000100,
  CustomRoles1797000000500,
  CodeReferenceProjects1797000000600,
  ReleaseProjects1797000000700,
  RecentContextProjects1797000000720,
  IntegrationProjects1797000000800,
];
