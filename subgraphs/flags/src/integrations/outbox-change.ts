import { DEFAULT_PROJECT } from '@switchyard/server-kit';
import { type ConsolePage, consoleAddress, flagPage } from './console-link';

/**
 * One outbox change as integrations see it: the `config_changes` row joined with its
 * audit entry (actor, action, before/after). `seq` is the idempotency key receivers use.
 */
export interface OutboxChange {
  seq: number;
  kind: string;
  action: string;
  resourceType: string;
  resourceKey: string;
  environment: string | null;
  /**
   * The project the change was in (a project's own settings: that project); null for what belongs to no
   * project (users, API keys, custom roles, integrations, environments).
   */
  project: string | null;
  actor: { id: string; name: string };
  at: string;
  before: unknown;
  after: unknown;
}

/** The groups of changes an integration subscribes to, by the changed resource's type. */
export const changeCategories = {
  FLAG: ['flag', 'flag_digest'],
  SEGMENT: ['segment'],
  // A project's environments (which, their order, their colours) are environment settings.
  ENVIRONMENT: ['environment', 'project'],
  EXPERIMENT: ['experiment'],
  METRIC: ['metric'],
  RELEASE_PLAN: ['release_plan', 'scheduled_change'],
  CHANGE_REQUEST: ['change_request'],
  // Users, and the custom roles and group mappings that decide what they may do.
  USER: ['user', 'role', 'roleGroupMapping'],
  API_KEY: ['apiKey'],
  INTEGRATION: ['integration'],
} as const satisfies Record<string, readonly string[]>;
export type ChangeCategory = keyof typeof changeCategories;

export function resourceTypesOf(categories: readonly string[]): string[] {
  return categories.flatMap((c) => [...(changeCategories[c as ChangeCategory] ?? [])]);
}

/**
 * A change request a person now has to review: submitted, or created already submitted (the
 * default of createChangeRequest, recorded as `change_request.created`).
 */
export function waitsForReview(change: Pick<OutboxChange, 'action' | 'after'>): boolean {
  if (change.action === 'change_request.submitted') return true;
  const after = (change.after ?? {}) as Record<string, unknown>;
  return change.action === 'change_request.created' && after.status === 'SUBMITTED';
}

/**
 * Where a change happened, as a message says it: " in production", " in production of project checkout",
 * " in project checkout" or nothing. The default project goes unnamed (its messages read as before
 * projects), and so does a project's own settings change (the project is what changed). `show` marks up
 * each name (Slack: bold, escaped).
 */
export function placeOf(
  change: Pick<OutboxChange, 'environment' | 'project' | 'resourceType'>,
  show: (name: string) => string = (name) => name,
): string {
  const environment = change.environment ? ` in ${show(change.environment)}` : '';
  const project =
    change.project && change.project !== DEFAULT_PROJECT && change.resourceType !== 'project'
      ? change.project
      : null;
  if (!project) return environment;
  return `${environment}${environment ? ' of' : ' in'} project ${show(project)}`;
}

/** The console page of the changed resource (a release plan's is its flag's, in its environment). */
function pageOf(
  change: Pick<OutboxChange, 'resourceType' | 'resourceKey'> &
    Partial<Pick<OutboxChange, 'environment' | 'after'>>,
): ConsolePage {
  const key = change.resourceKey;
  const after = (change.after ?? {}) as Record<string, unknown>;
  const planFlag = typeof after.flagKey === 'string' ? flagPage(after.flagKey, change.environment) : null;
  switch (change.resourceType) {
    case 'flag':
      return flagPage(key, change.environment);
    case 'segment':
      return { path: '/segments' };
    case 'experiment':
      return { path: `/experiments/${encodeURIComponent(key)}` };
    case 'change_request':
      return { path: '/changes', query: { request: key } };
    case 'scheduled_change':
    case 'release_plan':
      return planFlag ?? { path: '/audit', query: { resourceKey: key } };
    case 'integration':
      return { path: '/integrations' };
    case 'project':
      return { path: '/projects' };
    case 'flag_digest':
      return { path: '/flags', query: { lifecycle: 'STALE,ROLLED_OUT' } };
    default:
      return { path: '/audit', query: { resourceKey: key } };
  }
}

/** The address of the changed resource's console page, in the change's project. */
export function consoleLink(
  base: string,
  change: Pick<OutboxChange, 'resourceType' | 'resourceKey'> &
    Partial<Pick<OutboxChange, 'environment' | 'after' | 'project'>>,
): string {
  return consoleAddress(base, pageOf(change), change.project);
}

/** A stand-in change for the test-send button. */
export function testChange(integrationId: string, actor: { id: string; name: string }): OutboxChange {
  return {
    seq: 0,
    kind: 'INTEGRATION_TEST',
    action: 'integration.test',
    resourceType: 'integration',
    resourceKey: integrationId,
    environment: null,
    project: null,
    actor,
    at: new Date().toISOString(),
    before: null,
    after: { message: 'A test delivery from Switchyard' },
  };
}
