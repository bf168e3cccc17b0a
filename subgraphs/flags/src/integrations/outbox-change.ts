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

/** The console page of the changed resource (a release plan's is its flag's, in its environment). */
export function consoleLink(
  consoleUrl: string,
  change: Pick<OutboxChange, 'resourceType' | 'resourceKey'> &
    Partial<Pick<OutboxChange, 'environment' | 'after'>>,
) {
  const base = consoleUrl.replace(/\/$/, '');
  const key = encodeURIComponent(change.resourceKey);
  const after = (change.after ?? {}) as Record<string, unknown>;
  const env = change.environment ? `?env=${encodeURIComponent(change.environment)}` : '';
  const planFlag =
    typeof after.flagKey === 'string' ? `/flags/${encodeURIComponent(after.flagKey)}${env}` : null;
  const paths: Record<string, string | null> = {
    flag: `/flags/${key}${env}`,
    segment: '/segments',
    experiment: `/experiments/${key}`,
    change_request: `/changes?request=${key}`,
    scheduled_change: planFlag,
    release_plan: planFlag,
    integration: '/integrations',
    project: '/projects',
    flag_digest: '/flags?lifecycle=STALE,ROLLED_OUT',
  };
  return `${base}${paths[change.resourceType] ?? `/audit?resourceKey=${key}`}`;
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
    actor,
    at: new Date().toISOString(),
    before: null,
    after: { message: 'A test delivery from Switchyard' },
  };
}
