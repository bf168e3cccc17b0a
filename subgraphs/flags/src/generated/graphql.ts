import { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import { FlagRow } from '../flags/flag.entity';
import { SegmentRow } from '../segments/segment.entity';
import { EnvironmentRow } from '../environments/environment.entity';
import { ProjectRow } from '../projects/project.service';
import { ConfigChange as ConfigChangeEvent } from '@switchyard/server-kit';
import { IntegrationRow } from '../integrations/integration.repository';
import { ReleasePlanRow, ReleasePlanEventRow, ScheduledChangeRow } from '../releases/release.entities';
import { SubgraphContext } from '../context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO-8601 timestamp with time zone, e.g. 2026-11-23T09:00:00.000Z. */
  DateTime: { input: Date | string; output: Date | string; }
  /** Any JSON value. */
  JSON: { input: unknown; output: unknown; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type ApiKey = {
  __typename?: 'ApiKey';
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Scalars['String']['output']>;
  /** Keys of a TOKEN's custom roles. */
  customRoles: Array<Scalars['String']['output']>;
  /** The environment of an SDK key; null for a TOKEN. */
  environment?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  kind: ApiKeyKind;
  name: Scalars['String']['output'];
  permissions: Array<Scalars['String']['output']>;
  /** The first characters of the secret, to recognise it. */
  prefix: Scalars['String']['output'];
  /** The project of an SDK key, whose flags it reads and evaluates; null for a TOKEN (its roles say where it acts). */
  project?: Maybe<Scalars['String']['output']>;
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The preset role a TOKEN acts with; null for SDK keys, and for a TOKEN acting with custom roles only. */
  role?: Maybe<Role>;
};

/** SERVER and CLIENT are per-environment SDK keys; TOKEN acts with a role, for automation. */
export type ApiKeyKind =
  | 'CLIENT'
  | 'SERVER'
  | 'TOKEN';

/**
 * An environment whose writes go only through approved change requests: flag targeting and enable/disable,
 * starting release plans and their RESUME / ADVANCE, reverts of its targeting, and updates of segments a flag
 * uses there.
 */
export type ApprovalPolicy = {
  __typename?: 'ApprovalPolicy';
  /** Admins may apply a request that lacks approvals (`applyChangeRequest(bypass: true)`), audited as a bypass. */
  adminBypass: Scalars['Boolean']['output'];
  environment: Scalars['String']['output'];
  /** Approvals (by others than the author) a change request needs; 0: no approval needed. */
  requiredApprovals: Scalars['Int']['output'];
  version: Scalars['Int']['output'];
};

/** One append-only audit entry. */
export type AuditEntry = {
  __typename?: 'AuditEntry';
  /** Dotted verb, e.g. flag.created, flag.targeting.updated. */
  action: Scalars['String']['output'];
  actorId: Scalars['String']['output'];
  actorName: Scalars['String']['output'];
  after?: Maybe<Scalars['JSON']['output']>;
  at: Scalars['DateTime']['output'];
  before?: Maybe<Scalars['JSON']['output']>;
  environment?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  ip?: Maybe<Scalars['String']['output']>;
  /** The project of the resource, for flags, segments, experiments and metrics; null for installation-wide ones. */
  project?: Maybe<Scalars['String']['output']>;
  resourceKey: Scalars['String']['output'];
  resourceType: Scalars['String']['output'];
  /** The change sequence number written in the same transaction. */
  seq: Scalars['Int']['output'];
  userAgent?: Maybe<Scalars['String']['output']>;
};

export type AuditEntryConnection = {
  __typename?: 'AuditEntryConnection';
  nodes: Array<AuditEntry>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type AuditLogFilter = {
  /** An action (`flag.created`) or a prefix ending in a dot (`flag.`). */
  action?: InputMaybe<Scalars['String']['input']>;
  /** Actor id or name. */
  actor?: InputMaybe<Scalars['String']['input']>;
  environment?: InputMaybe<Scalars['String']['input']>;
  from?: InputMaybe<Scalars['DateTime']['input']>;
  /** Entries about one project's flags, segments, experiments and metrics (every entry when omitted). */
  project?: InputMaybe<Scalars['String']['input']>;
  resourceKey?: InputMaybe<Scalars['String']['input']>;
  resourceType?: InputMaybe<Scalars['String']['input']>;
  to?: InputMaybe<Scalars['DateTime']['input']>;
};

/** The audit retention policy and what its scheduled job did last. */
export type AuditRetention = {
  __typename?: 'AuditRetention';
  /** Entries older than this many days are deleted (AUDIT_RETENTION_DAYS, default 2557: 7 years). */
  auditLogDays: Scalars['Float']['output'];
  /** The last run deleted entries older than this. */
  lastCutoff?: Maybe<Scalars['DateTime']['output']>;
  lastDeleted: Scalars['Int']['output'];
  lastRunAt?: Maybe<Scalars['DateTime']['output']>;
  nextRunAt: Scalars['DateTime']['output'];
  oldestAuditEntryAt?: Maybe<Scalars['DateTime']['output']>;
  totalDeleted: Scalars['Int']['output'];
};

export type BooleanFlagValue = FlagValue & {
  __typename?: 'BooleanFlagValue';
  errorCode?: Maybe<Scalars['String']['output']>;
  errorMessage?: Maybe<Scalars['String']['output']>;
  experimentKey?: Maybe<Scalars['String']['output']>;
  inExperiment: Scalars['Boolean']['output'];
  key: Scalars['String']['output'];
  prerequisiteKey?: Maybe<Scalars['String']['output']>;
  reason: EvaluationReasonKind;
  ruleId?: Maybe<Scalars['String']['output']>;
  value?: Maybe<Scalars['Boolean']['output']>;
  variation?: Maybe<Scalars['String']['output']>;
};

/** Groups of changes an integration subscribes to, by the changed resource. */
export type ChangeCategory =
  | 'API_KEY'
  | 'CHANGE_REQUEST'
  | 'ENVIRONMENT'
  | 'EXPERIMENT'
  | 'FLAG'
  /** Integrations themselves, e.g. one disabled after failing. */
  | 'INTEGRATION'
  | 'METRIC'
  /** Release plans and scheduled changes. */
  | 'RELEASE_PLAN'
  | 'SEGMENT'
  /** Users, and the custom roles and single sign-on group mappings that decide what they may do. */
  | 'USER';

/**
 * A proposed write to an environment that requires approval: a flag's targeting or enable/disable, a
 * revert of it, starting a release plan or an action on one, or an update (or revert) of a segment a flag
 * uses there. Applied by the same code as the direct write.
 */
export type ChangeRequest = {
  __typename?: 'ChangeRequest';
  appliedAt?: Maybe<Scalars['DateTime']['output']>;
  appliedBy?: Maybe<Scalars['String']['output']>;
  /** When an APPROVED request will be applied by the executor (applyChangeRequest with `at`); null: not scheduled. */
  applyAt?: Maybe<Scalars['DateTime']['output']>;
  approvals: Scalars['Int']['output'];
  /** Applied by an admin without its approvals. */
  bypassed: Scalars['Boolean']['output'];
  comment?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  createdBy: Scalars['String']['output'];
  /**
   * Per field it changes: { current, proposed } against the state now (a flag's targeting fields; a plan's
   * status, stage and percent; a segment's name, description, rules, and included / excluded as
   * { count } with the keys added and removed).
   */
  diff: Scalars['JSON']['output'];
  /** The environment that requires the approval (for a segment: the one, of those where a flag uses it, needing most approvals). */
  environment: Scalars['String']['output'];
  /** The flag changed; null for a SEGMENT request. */
  flagKey?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  kind: ChangeRequestKind;
  /** For ENABLE, DISABLE and TARGETING: how recently evaluated contexts would move if it were applied now (null for other kinds, or once it no longer applies cleanly). */
  preview?: Maybe<TargetingPreview>;
  /** The project of the flag or segment it changes (it follows its flag when the flag moves). */
  project: Scalars['String']['output'];
  /** The full proposed change, as it will be applied (see ChangeRequestKind). */
  proposed: Scalars['JSON']['output'];
  /** Why the last apply was refused (the fields that changed meanwhile). */
  reason?: Maybe<Scalars['String']['output']>;
  /** For RELEASE_PLAN_ACTION the plan acted on; for RELEASE_PLAN the plan started, once applied. */
  releasePlan?: Maybe<ReleasePlan>;
  /** For RELEASE_PLAN_ACTION. */
  releasePlanAction?: Maybe<ReleasePlanAction>;
  requiredApprovals: Scalars['Int']['output'];
  /** For a revert: the audit entry whose state it restores. */
  revertedTo?: Maybe<Scalars['ID']['output']>;
  reviews: Array<ChangeRequestReview>;
  /** For SEGMENT. */
  segmentKey?: Maybe<Scalars['String']['output']>;
  status: ChangeRequestStatus;
  /** For TARGETING: the TargetingInput to apply. */
  targeting?: Maybe<Scalars['JSON']['output']>;
  version: Scalars['Int']['output'];
  /**
   * The version the request was made against: of the flag (flag kinds, RELEASE_PLAN), the release plan
   * (RELEASE_PLAN_ACTION) or the segment (SEGMENT). Applying refuses with CONFLICT if what it changes moved
   * since: for a flag, a field it sets; for a plan or segment, its version.
   */
  writtenAgainstVersion: Scalars['Int']['output'];
};

export type ChangeRequestDecision =
  | 'APPROVE'
  | 'COMMENT'
  | 'REJECT';

export type ChangeRequestFilter = {
  environment?: InputMaybe<Scalars['String']['input']>;
  flagKey?: InputMaybe<Scalars['String']['input']>;
  /** Only this project's requests (default `default`). */
  project?: InputMaybe<Scalars['String']['input']>;
  segmentKey?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<ChangeRequestStatus>;
};

/**
 * Exactly one of `enabled`, `targeting` (both with `flagKey` and `environment`), `releasePlan`,
 * `releasePlanAction`, `segment` and `revertTo`.
 */
export type ChangeRequestInput = {
  comment?: InputMaybe<Scalars['String']['input']>;
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  environment?: InputMaybe<Scalars['String']['input']>;
  /**
   * The version the change is made against: the flag's (enabled, targeting, releasePlan, revertTo of a flag's
   * entry), the release plan's (releasePlanAction) or the segment's (segment, revertTo of a segment's entry).
   */
  expectedVersion: Scalars['Int']['input'];
  flagKey?: InputMaybe<Scalars['String']['input']>;
  /** The project of the flag or segment (default `default`); a releasePlan names its own, which must agree. */
  project?: InputMaybe<Scalars['String']['input']>;
  /** Start a release plan (its flagKey and environment say where). */
  releasePlan?: InputMaybe<CreateReleasePlanInput>;
  releasePlanAction?: InputMaybe<ReleasePlanActionRequest>;
  /**
   * Restore what this audit entry recorded, as revertFlag / revertSegment would: an environment's entry of a
   * flag (its targeting there), or a segment's entry (a segment a flag uses in an environment that requires
   * approval).
   */
  revertTo?: InputMaybe<Scalars['ID']['input']>;
  /** Only for a segment a flag uses in an environment that requires approval (else updateSegment). */
  segment?: InputMaybe<SegmentChangeRequest>;
  /** false: keep it as a DRAFT (submitChangeRequest later). */
  submit?: InputMaybe<Scalars['Boolean']['input']>;
  targeting?: InputMaybe<TargetingInput>;
};

export type ChangeRequestKind =
  | 'DISABLE'
  | 'ENABLE'
  /** Starts a release plan (`proposed` holds its CreateReleasePlanInput). */
  | 'RELEASE_PLAN'
  /** An action on `releasePlan` (`releasePlanAction`). */
  | 'RELEASE_PLAN_ACTION'
  /** Updates or reverts segment `segmentKey` (`proposed.update` holds its UpdateSegmentInput). */
  | 'SEGMENT'
  | 'TARGETING'
  /** Restores the targeting an audit entry recorded (`revertedTo`). */
  | 'TARGETING_REVERT';

export type ChangeRequestReview = {
  __typename?: 'ChangeRequestReview';
  at: Scalars['DateTime']['output'];
  by: Scalars['String']['output'];
  comment?: Maybe<Scalars['String']['output']>;
  decision: ChangeRequestDecision;
};

export type ChangeRequestStatus =
  | 'APPLIED'
  | 'APPROVED'
  | 'DRAFT'
  | 'REJECTED'
  | 'SUBMITTED';

/** One place a repository's code uses a flag (file, line and a few lines around it). */
export type CodeReference = {
  __typename?: 'CodeReference';
  /** The commit the scan read. */
  commit: Scalars['String']['output'];
  context: Scalars['String']['output'];
  line: Scalars['Int']['output'];
  path: Scalars['String']['output'];
  repository: Scalars['String']['output'];
};

export type CodeReferenceInput = {
  /** At most 2,048 characters. */
  context: Scalars['String']['input'];
  flagKey: Scalars['String']['input'];
  /** 1 or more. */
  line: Scalars['Int']['input'];
  /** Relative to the repository root, at most 1,024 characters. */
  path: Scalars['String']['input'];
};

/** What one repository's last upload of code references was. */
export type CodeReferenceUpload = {
  __typename?: 'CodeReferenceUpload';
  commit: Scalars['String']['output'];
  count: Scalars['Int']['output'];
  repository: Scalars['String']['output'];
  uploadedAt: Scalars['DateTime']['output'];
  uploadedBy: Scalars['String']['output'];
};

/**
 * One test on the evaluation context. `attribute` is a dotted path (`user.plan`); `operator` is one of
 * equals, notEquals, in, notIn, contains, startsWith, endsWith, matches, gt, gte, lt, lte, before, after,
 * semverEq, semverLt, semverGt, exists, inSegment, stringGt, stringGte, stringLt, stringLte, deepEquals,
 * isString, isNumber, isBoolean, isList, isObject, anyOf, allOf, noneOf, sizeEq, sizeGt, sizeGte, sizeLt,
 * sizeLte, anyElement, ipInRange, looseVersionEq, looseVersionLt, looseVersionGt (exact meanings in
 * sdk/core/README.md). `negate` inverts the outcome.
 */
export type Condition = {
  __typename?: 'Condition';
  attribute: Scalars['String']['output'];
  /** Strings compared ignoring case (string operators, list membership, and the `i` flag of matches). */
  caseInsensitive: Scalars['Boolean']['output'];
  negate: Scalars['Boolean']['output'];
  operator: Scalars['String']['output'];
  /** `matches` only: distinct letters of `ims`. */
  regexFlags?: Maybe<Scalars['String']['output']>;
  values: Array<Scalars['JSON']['output']>;
};

export type ConditionInput = {
  attribute: Scalars['String']['input'];
  caseInsensitive?: InputMaybe<Scalars['Boolean']['input']>;
  negate?: InputMaybe<Scalars['Boolean']['input']>;
  operator: Scalars['String']['input'];
  regexFlags?: InputMaybe<Scalars['String']['input']>;
  values?: InputMaybe<Array<Scalars['JSON']['input']>>;
};

/** One config change from the outbox, in global sequence order. */
export type ConfigChange = {
  __typename?: 'ConfigChange';
  at: Scalars['DateTime']['output'];
  /** When resourceType is change_request. */
  changeRequest?: Maybe<ChangeRequest>;
  /** null: the change concerns every environment. */
  environment?: Maybe<Scalars['String']['output']>;
  experiment?: Maybe<Experiment>;
  /** When resourceType is flag (null once deleted). */
  flag?: Maybe<Flag>;
  kind: Scalars['String']['output'];
  /** The project of the changed flag, segment, experiment or metric; null for installation-wide changes. */
  project?: Maybe<Scalars['String']['output']>;
  /** When resourceType is release_plan. */
  releasePlan?: Maybe<ReleasePlan>;
  resourceKey: Scalars['String']['output'];
  resourceType: Scalars['String']['output'];
  /** When resourceType is scheduled_change. */
  scheduledChange?: Maybe<ScheduledChange>;
  segment?: Maybe<Segment>;
  /** The global change sequence number (the config version). */
  seq: Scalars['Int']['output'];
};

export type CreateApiKeyInput = {
  /** Custom role keys for a TOKEN (their grants add to the role's). */
  customRoles?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Required for SERVER and CLIENT keys. */
  environment?: InputMaybe<Scalars['String']['input']>;
  kind: ApiKeyKind;
  name: Scalars['String']['input'];
  permissions?: InputMaybe<Array<Scalars['String']['input']>>;
  /** SERVER and CLIENT keys: the project whose flags the key serves (`default` when omitted); it must use `environment`. */
  project?: InputMaybe<Scalars['String']['input']>;
  /** A TOKEN needs a role, custom roles, or both. */
  role?: InputMaybe<Role>;
};

export type CreateEnvironmentInput = {
  /** Copy every flag's targeting from this environment (switched off); otherwise flags start off. */
  copyFrom?: InputMaybe<Scalars['String']['input']>;
  /** Same rules as flag keys. */
  key: Scalars['String']['input'];
  name: Scalars['String']['input'];
};

export type CreateFlagInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  key: Scalars['String']['input'];
  name: Scalars['String']['input'];
  owner?: InputMaybe<Scalars['String']['input']>;
  /** The project the flag belongs to (`default` when omitted); its key is unique there. */
  project?: InputMaybe<Scalars['String']['input']>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  type?: FlagType;
  /** Defaults to on/off for BOOLEAN flags; required for the other types. */
  variations?: InputMaybe<Array<VariationInput>>;
};

export type CreateIntegrationInput = {
  changeKinds?: InputMaybe<Array<ChangeCategory>>;
  environments?: InputMaybe<Array<Scalars['String']['input']>>;
  kind: IntegrationKind;
  name: Scalars['String']['input'];
  /** Project keys (NOT_FOUND naming input.projects[i] when one does not exist); empty or omitted: every project. */
  projects?: InputMaybe<Array<Scalars['String']['input']>>;
  /**
   * WEBHOOK: the signing secret, 16–256 characters (required). SLACK: optionally the Slack app's signing secret,
   * which turns on the /switchyard slash command at `POST /slack/commands/<integration id>` on the gateway.
   */
  secret?: InputMaybe<Scalars['String']['input']>;
  /** WEBHOOK and SLACK: an http(s) URL (private addresses refused). EMAIL: recipients, comma-separated. */
  target: Scalars['String']['input'];
};

export type CreateProjectInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  /** The installation's environments the project uses, in its order. At least one. */
  environments: Array<ProjectEnvironmentInput>;
  /** Same rules as flag keys. */
  key: Scalars['String']['input'];
  name: Scalars['String']['input'];
};

/** `stages` and `guards` default to the template's; one of `template` and `stages` is needed. */
export type CreateReleasePlanInput = {
  environment: Scalars['String']['input'];
  flagKey: Scalars['String']['input'];
  guards?: InputMaybe<Array<ReleaseGuardInput>>;
  /** The flag's project (default `default`). */
  project?: InputMaybe<Scalars['String']['input']>;
  ruleId?: InputMaybe<Scalars['String']['input']>;
  stages?: InputMaybe<Array<ReleaseStageInput>>;
  template?: InputMaybe<Scalars['String']['input']>;
  variation: Scalars['String']['input'];
};

export type CreateRoleInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  grants: Array<RoleGrantInput>;
  /** Lower-case letters, digits and dashes; not a preset's key. */
  key: Scalars['ID']['input'];
  name: Scalars['String']['input'];
};

export type CreateSegmentInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  excluded?: InputMaybe<Array<Scalars['String']['input']>>;
  included?: InputMaybe<Array<Scalars['String']['input']>>;
  key: Scalars['String']['input'];
  name: Scalars['String']['input'];
  /** The project the segment belongs to (`default` when omitted); its key is unique there. */
  project?: InputMaybe<Scalars['String']['input']>;
  rules?: InputMaybe<Array<SegmentRuleInput>>;
};

export type CreateUserInput = {
  email: Scalars['String']['input'];
  name?: InputMaybe<Scalars['String']['input']>;
  /** At least 10 characters. */
  password: Scalars['String']['input'];
  permissions?: InputMaybe<Array<Scalars['String']['input']>>;
  role: Role;
};

/** The secret is shown only here, once; Switchyard keeps only its hash. */
export type CreatedApiKey = {
  __typename?: 'CreatedApiKey';
  apiKey: ApiKey;
  secret: Scalars['String']['output'];
};

export type Environment = {
  __typename?: 'Environment';
  createdAt: Scalars['DateTime']['output'];
  key: Scalars['String']['output'];
  name: Scalars['String']['output'];
  sortOrder: Scalars['Int']['output'];
};

/** Why a flag served what it served (OpenFeature reasons). */
export type EvaluationReasonKind =
  | 'ERROR'
  | 'FALLTHROUGH'
  | 'OFF'
  | 'PREREQUISITE_FAILED'
  | 'RULE_MATCH'
  | 'SCHEDULED_OFF'
  | 'TARGET_MATCH';

export type Experiment = {
  __typename?: 'Experiment';
  key: Scalars['String']['output'];
  project: Scalars['String']['output'];
};

export type ExperimentRuleInput = {
  /** Conditions a user must meet to be eligible (ANDed). */
  audience?: InputMaybe<Array<ConditionInput>>;
  /** Share of eligible users enrolled, 0–1 (the experiment's traffic allocation / 100). */
  coverage: Scalars['Float']['input'];
  key: Scalars['String']['input'];
  layer?: InputMaybe<LayerInput>;
  variants: Array<WeightedVariationInput>;
};

/**
 * Other subgraphs refer to a flag by `project key`. The graph never enters this subgraph by `key` alone
 * (`resolvable: false`): it would name the default project's flag of that key, whatever project the flag is in.
 */
export type Flag = {
  __typename?: 'Flag';
  archived: Scalars['Boolean']['output'];
  /**
   * Where code uses this flag, as `switchyard refs` last uploaded each repository (at most 500, by repository,
   * path and line). Empty while some repository was uploaded: no code references it, it may be removable.
   */
  codeReferences: Array<CodeReference>;
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Scalars['String']['output']>;
  description?: Maybe<Scalars['String']['output']>;
  environment?: Maybe<FlagEnvironment>;
  environments: Array<FlagEnvironment>;
  /** Immutable identifier, `^[a-z0-9][a-z0-9._-]{0,127}$`. */
  key: Scalars['String']['output'];
  lifecycle: FlagLifecycle;
  name: Scalars['String']['output'];
  owner?: Maybe<Scalars['String']['output']>;
  /** The project the flag belongs to (its key is unique there). */
  project: Scalars['String']['output'];
  /** Release plans of this flag, newest first. */
  releasePlans: Array<ReleasePlan>;
  /** Scheduled changes of this flag, soonest first. */
  scheduledChanges: Array<ScheduledChange>;
  tags: Array<Scalars['String']['output']>;
  type: FlagType;
  updatedAt: Scalars['DateTime']['output'];
  updatedBy?: Maybe<Scalars['String']['output']>;
  variations: Array<Variation>;
  /** Incremented on every change; send it back as `expectedVersion` when updating. */
  version: Scalars['Int']['output'];
};


/**
 * Other subgraphs refer to a flag by `project key`. The graph never enters this subgraph by `key` alone
 * (`resolvable: false`): it would name the default project's flag of that key, whatever project the flag is in.
 */
export type FlagEnvironmentArgs = {
  key: Scalars['String']['input'];
};


/**
 * Other subgraphs refer to a flag by `project key`. The graph never enters this subgraph by `key` alone
 * (`resolvable: false`): it would name the default project's flag of that key, whatever project the flag is in.
 */
export type FlagReleasePlansArgs = {
  environment?: InputMaybe<Scalars['String']['input']>;
};


/**
 * Other subgraphs refer to a flag by `project key`. The graph never enters this subgraph by `key` alone
 * (`resolvable: false`): it would name the default project's flag of that key, whatever project the flag is in.
 */
export type FlagScheduledChangesArgs = {
  environment?: InputMaybe<Scalars['String']['input']>;
};

export type FlagConnection = {
  __typename?: 'FlagConnection';
  edges: Array<FlagEdge>;
  nodes: Array<Flag>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type FlagEdge = {
  __typename?: 'FlagEdge';
  cursor: Scalars['String']['output'];
  node: Flag;
};

/** A flag's targeting in one environment. */
export type FlagEnvironment = {
  __typename?: 'FlagEnvironment';
  /** The kill switch: when false the flag serves `offVariation`. */
  enabled: Scalars['Boolean']['output'];
  endsAt?: Maybe<Scalars['DateTime']['output']>;
  environment: Scalars['String']['output'];
  fallthrough: Serve;
  offVariation: Scalars['String']['output'];
  prerequisites: Array<Prerequisite>;
  rules: Array<Rule>;
  /** Outside [startsAt, endsAt) the flag serves its off variation. */
  startsAt?: Maybe<Scalars['DateTime']['output']>;
  targets: Array<Target>;
  updatedAt: Scalars['DateTime']['output'];
};

export type FlagFilter = {
  archived?: InputMaybe<Scalars['Boolean']['input']>;
  /** Flags switched on (or off) in `environment`. */
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  /** With `enabled`: the environment whose kill switch is tested. Also the environment of a STATUS order without `orderBy.environment`. */
  environment?: InputMaybe<Scalars['String']['input']>;
  /** Flags in any of these lifecycle states. */
  lifecycle?: InputMaybe<Array<FlagLifecycleState>>;
  /** Matches key, name or description, case-insensitively. */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Flags carrying all of these tags. */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type FlagLifecycle = {
  __typename?: 'FlagLifecycle';
  /** When the state was last derived; null: not yet (the flag is newer than the last run). */
  computedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The most recent evaluation, any environment; null: none known. */
  lastEvaluatedAt?: Maybe<Scalars['DateTime']['output']>;
  /**
   * No uploaded repository references the flag (`switchyard refs`): the code no longer uses it, it can be
   * archived. null while no repository was uploaded.
   */
  removable?: Maybe<Scalars['Boolean']['output']>;
  /** Since when (as the lifecycle job saw it; a NEW flag's creation). */
  since: Scalars['DateTime']['output'];
  state: FlagLifecycleState;
  /** ROLLED_OUT: the variation everyone gets. */
  variation?: Maybe<Scalars['String']['output']>;
};

export type FlagLifecycleCount = {
  __typename?: 'FlagLifecycleCount';
  count: Scalars['Int']['output'];
  state: FlagLifecycleState;
};

/**
 * Where a flag is in its life, derived every FLAG_LIFECYCLE_INTERVAL_MS from its evaluations (any
 * environment; README, "Flag lifecycle").
 */
export type FlagLifecycleState =
  | 'ARCHIVED'
  /** Evaluated recently, serving more than one variation. */
  | 'LIVE'
  /** Never evaluated, and younger than FLAG_STALE_DAYS. */
  | 'NEW'
  /** Every evaluation of the last FLAG_ROLLED_OUT_DAYS served one variation: the code can keep that branch only. */
  | 'ROLLED_OUT'
  /** No evaluation for FLAG_STALE_DAYS (or never, and older than that). */
  | 'STALE';

/**
 * How `flags` is ordered. Cursors remember the order they were returned with: send the same `orderBy`
 * with `after` (a cursor from another order is BAD_USER_INPUT; start again without `after`).
 */
export type FlagOrder = {
  direction?: OrderDirection;
  /** The environment whose status orders the flags, for STATUS (default: `filter.environment`). */
  environment?: InputMaybe<Scalars['String']['input']>;
  field?: FlagOrderField;
};

/** What the flag list is ordered by. Ties are always broken by key, A to Z, so the order is total. */
export type FlagOrderField =
  /** The flag key (the default order). */
  | 'KEY'
  /** The name, case-insensitively (`Beta` and `beta` tie). */
  | 'NAME'
  /**
   * The kill switch in `orderBy.environment`, as the list's status column shows it: ASC lists the flags
   * that are on first, then those that are off; DESC lists off first, then on. Archived flags come last
   * in both directions, as they serve nothing.
   */
  | 'STATUS'
  /** When the flag last changed: its metadata or its targeting in any environment. ASC is oldest first. */
  | 'UPDATED_AT';

/** An environment's whole configuration, for server SDKs that evaluate locally with @switchyard/core. */
export type FlagSet = {
  __typename?: 'FlagSet';
  environment: Scalars['String']['output'];
  /** @switchyard/core FlagConfig[]: pass to compileFlagSet. */
  flags: Scalars['JSON']['output'];
  /** The project whose flags and segments these are. */
  project: Scalars['String']['output'];
  /** @switchyard/core Segment[]. */
  segments: Scalars['JSON']['output'];
  /** The global change sequence number this configuration reflects. */
  version: Scalars['Int']['output'];
};

export type FlagType =
  | 'BOOLEAN'
  | 'JSON'
  | 'NUMBER'
  | 'STRING';

/** One flag's value for one context; the concrete type follows the flag's type. */
export type FlagValue = {
  /** FLAG_NOT_FOUND, TYPE_MISMATCH, MALFORMED_FLAG, INVALID_CONTEXT or GENERAL when reason is ERROR. */
  errorCode?: Maybe<Scalars['String']['output']>;
  errorMessage?: Maybe<Scalars['String']['output']>;
  experimentKey?: Maybe<Scalars['String']['output']>;
  inExperiment: Scalars['Boolean']['output'];
  key: Scalars['String']['output'];
  prerequisiteKey?: Maybe<Scalars['String']['output']>;
  reason: EvaluationReasonKind;
  ruleId?: Maybe<Scalars['String']['output']>;
  /** The served variation; null on ERROR. */
  variation?: Maybe<Scalars['String']['output']>;
};

/** One environment's targeting in an importFlag. */
export type ImportFlagEnvironmentInput = {
  environment: Scalars['String']['input'];
  targeting: TargetingInput;
};

/**
 * A whole flag as `switchyard import` writes it. Metadata fields replace the flag's (omitted ones are cleared);
 * `environments` lists the environments whose targeting is set (as updateTargeting sets it); the others keep theirs,
 * and a new flag starts off in them.
 */
export type ImportFlagInput = {
  archived?: InputMaybe<Scalars['Boolean']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  environments?: InputMaybe<Array<ImportFlagEnvironmentInput>>;
  key: Scalars['String']['input'];
  name: Scalars['String']['input'];
  owner?: InputMaybe<Scalars['String']['input']>;
  /** The project the flag is imported into (default `default`). */
  project?: InputMaybe<Scalars['String']['input']>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  type?: FlagType;
  /** Defaults to on/off for BOOLEAN flags; required for the other types. */
  variations?: InputMaybe<Array<VariationInput>>;
};

/**
 * An integration consuming the change outbox in seq order. Its secret (a webhook's signing
 * secret, a Slack webhook URL) is write-only: never returned.
 */
export type Integration = {
  __typename?: 'Integration';
  /** Empty: every kind. */
  changeKinds: Array<ChangeCategory>;
  createdAt: Scalars['DateTime']['output'];
  /** The last change seq handled (delivered or not subscribed to). */
  deliveredSeq: Scalars['Int']['output'];
  /** Newest first. */
  deliveries: Array<IntegrationDelivery>;
  /** Why it was disabled automatically (sustained failure). */
  disabledReason?: Maybe<Scalars['String']['output']>;
  enabled: Scalars['Boolean']['output'];
  /** Empty: every environment. Changes concerning every environment always match. */
  environments: Array<Scalars['String']['output']>;
  /** Since when deliveries fail; null while healthy. */
  failingSince?: Maybe<Scalars['DateTime']['output']>;
  /** Whether a signing secret is set. */
  hasSecret: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  kind: IntegrationKind;
  name: Scalars['String']['output'];
  nextAttemptAt?: Maybe<Scalars['DateTime']['output']>;
  /**
   * The projects (keys) whose changes it receives; empty: every project's, and the changes of no project
   * (users, API keys, custom roles, integrations, environments), which an integration limited to projects
   * does not receive.
   */
  projects: Array<Scalars['String']['output']>;
  /** WEBHOOK: the endpoint URL. SLACK: the start of the URL only. EMAIL: the recipients, comma-separated. */
  target: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
  version: Scalars['Int']['output'];
};


/**
 * An integration consuming the change outbox in seq order. Its secret (a webhook's signing
 * secret, a Slack webhook URL) is write-only: never returned.
 */
export type IntegrationDeliveriesArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** One attempt to deliver one change (or a test). */
export type IntegrationDelivery = {
  __typename?: 'IntegrationDelivery';
  at: Scalars['DateTime']['output'];
  attempt: Scalars['Int']['output'];
  error?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  latencyMs: Scalars['Int']['output'];
  /** A manual redelivery or test-send. */
  manual: Scalars['Boolean']['output'];
  /** The first KiB of the answer. */
  responseExcerpt?: Maybe<Scalars['String']['output']>;
  /** null for a test-send. */
  seq?: Maybe<Scalars['Int']['output']>;
  /** The HTTP status the receiver answered, if any. */
  statusCode?: Maybe<Scalars['Int']['output']>;
  succeeded: Scalars['Boolean']['output'];
};

/** Where an integration delivers: a signed HTTP webhook, a Slack incoming webhook, or email over SMTP. */
export type IntegrationKind =
  | 'EMAIL'
  | 'SLACK'
  | 'WEBHOOK';

export type JsonFlagValue = FlagValue & {
  __typename?: 'JsonFlagValue';
  errorCode?: Maybe<Scalars['String']['output']>;
  errorMessage?: Maybe<Scalars['String']['output']>;
  experimentKey?: Maybe<Scalars['String']['output']>;
  inExperiment: Scalars['Boolean']['output'];
  key: Scalars['String']['output'];
  prerequisiteKey?: Maybe<Scalars['String']['output']>;
  reason: EvaluationReasonKind;
  ruleId?: Maybe<Scalars['String']['output']>;
  value?: Maybe<Scalars['JSON']['output']>;
  variation?: Maybe<Scalars['String']['output']>;
};

export type LayerInput = {
  key: Scalars['String']['input'];
  rangeEnd: Scalars['Float']['input'];
  rangeStart: Scalars['Float']['input'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Applies an APPROVED request in one transaction; CONFLICT when a field it sets changed since its version.
   * With `at` (in the future) it is applied then instead, by the executor in the caller's name, with the same
   * checks; a refusal then is kept in `reason` and the request stays APPROVED, unscheduled.
   */
  applyChangeRequest: ChangeRequest;
  /** Archived flags are evaluated as unknown and hidden from the default list. */
  archiveFlag: Flag;
  /** Inserts or replaces, as the first rule of the environment, the rule `experiment:<key>` (the flag of the experiment's project). */
  attachExperiment: Flag;
  cancelScheduledChange: ScheduledChange;
  /**
   * The signed-in user's own password (not for API keys): `currentPassword` must match; at least 10 characters.
   * Every other session of the user ends. Audited.
   */
  changePassword: User;
  /**
   * Replaces the targeting of `toEnvironment` with that of `fromEnvironment` (experiment rules are not copied).
   * FORBIDDEN (reason APPROVAL_REQUIRED) when `toEnvironment` requires approval: propose the targeting with
   * createChangeRequest.
   */
  copyTargeting: Flag;
  createApiKey: CreatedApiKey;
  createChangeRequest: ChangeRequest;
  createEnvironment: Environment;
  createFlag: Flag;
  /** Admins only. Changes to integrations are audited; secrets never appear in the audit log. */
  createIntegration: Integration;
  /** Admins only. CONFLICT naming input.key when the key exists; audited. */
  createProject: Project;
  /** Starts a release plan: writes its first stage at once. */
  createReleasePlan: ReleasePlan;
  /** Admins only. Audited. */
  createRole: RoleDefinition;
  createSegment: Segment;
  createUser: User;
  /** Admins only, never oneself: refuses sign-in, ends every session and open subscription of the user, and stops the API keys they made. Audited. */
  deactivateUser: User;
  /** Only archived flags can be deleted. Returns the deleted key. */
  deleteFlag: Scalars['String']['output'];
  deleteIntegration: Scalars['Boolean']['output'];
  deleteReleaseTemplate: Scalars['Boolean']['output'];
  /** Admins only; presets cannot be deleted, and a role still assigned to a user, key or group is refused (CONFLICT): unassign it first. Audited. */
  deleteRole: Scalars['Boolean']['output'];
  /** Refused while a flag or segment uses it. Returns the deleted key. */
  deleteSegment: Scalars['String']['output'];
  /**
   * Admins only, never oneself or the last admin: sign-in refused, every session ended and every API key the user
   * made revoked, on every gateway at once. The audit log keeps their name; the email may be used again. Audited.
   */
  deleteUser: Scalars['Boolean']['output'];
  /** Removes the experiment's rule; with rollOutVariation, also serves it as the fallthrough and enables the flag. */
  detachExperiment: Flag;
  /**
   * Writes a whole flag (metadata, archived state, targeting per listed environment) as one change: one version,
   * one audit entry (flag.imported). Without `expectedVersion` it creates the flag (CONFLICT if the key exists);
   * with it, it replaces the flag at that version. Needs the write grant of every listed environment; FORBIDDEN
   * (reason APPROVAL_REQUIRED) when a listed environment requires approval (propose its targeting with
   * createChangeRequest).
   */
  importFlag: Flag;
  /**
   * Admins only: the Slack user (its member id, e.g. U024BE7LH) runs /switchyard commands as this user, with
   * the user's role and through change requests where an environment requires approval. Replaces an earlier
   * link of that Slack user; audited.
   */
  linkSlackUser: SlackUserLink;
  login: Session;
  /** Ends the session of this refresh token: its access tokens are refused from the next request on. Other sessions of the user stay open. */
  logout: Scalars['Boolean']['output'];
  /**
   * Moves a flag from `project` (default when omitted) to `toProject`: one version, audited in both projects
   * (flag.moved). Needs flags:write in both. CONFLICT while an experiment runs on the flag, while another flag has
   * it as a prerequisite, or when `toProject` has a flag of that key; BAD_USER_INPUT when `toProject` lacks a
   * segment or prerequisite flag the targeting names.
   */
  moveFlag: Flag;
  /** Admins only: the user may sign in again (ended sessions stay ended) and the API keys they made work again. Audited. */
  reactivateUser: User;
  /** Sends change `seq` to the integration again now, outside the ordered stream; logged as manual. */
  redeliverIntegrationChange: IntegrationDelivery;
  /** Exchanges a refresh token for a new session; the old refresh token stops working. */
  refreshSession: Session;
  releasePlanAction: ReleasePlan;
  /** Moves a pending change to another time. */
  rescheduleChange: ScheduledChange;
  /** Admins only: a random temporary password, shown once; every session of the user ends and a lock-out is lifted. Audited. */
  resetUserPassword: PasswordReset;
  restoreFlag: Flag;
  /**
   * Restores what audit entry `auditEntryId` of this flag recorded: an environment's entry restores that
   * environment's targeting (experiment rules stay as they are; where the environment requires approval,
   * FORBIDDEN with reason APPROVAL_REQUIRED: propose it with `createChangeRequest(input: { revertTo })`),
   * any other entry the name, description, tags, owner and variations.
   * A normal write: validated, one version, one audit entry (flag.reverted or flag.targeting.reverted,
   * with `revertedTo`).
   */
  revertFlag: Flag;
  /**
   * Restores the segment to what it was after audit entry `auditEntryId`: name, description, rules and
   * key lists. One version, one audit entry (segment.reverted, with `revertedTo`). Like updateSegment, refused
   * (APPROVAL_REQUIRED) for a segment a flag uses in an environment that requires approval: propose it with
   * `createChangeRequest(input: { revertTo })`.
   */
  revertSegment: Segment;
  /** APPROVE / REJECT (never by the author) or COMMENT; enough approvals make it APPROVED. */
  reviewChangeRequest: ChangeRequest;
  revokeApiKey: ApiKey;
  /** Saves a team's template: without expectedVersion it must be new (CONFLICT if the key exists); with it, replaces that version. */
  saveReleaseTemplate: ReleaseTemplate;
  scheduleChange: ScheduledChange;
  /**
   * Admins only: replaces the custom roles of a TOKEN key (its preset role stays; a token without one needs at
   * least one custom role). Audited (apiKey.roles.updated). Every gateway forgets the key and closes its open
   * connections, so it acts with the new grants from its next request.
   */
  setApiKeyCustomRoles: ApiKey;
  /** Admins: make an environment require approvals (0 turns it off). */
  setApprovalPolicy: ApprovalPolicy;
  setFlagEnabled: Flag;
  /** Admins only: the custom roles of a single sign-on group; an empty list removes the mapping. Audited. */
  setRoleGroupMapping: RoleGroupMapping;
  /** Admins only: the custom roles assigned to a user directly (replacing the previous ones; the preset role stays). Audited. */
  setUserCustomRoles: User;
  /** The author submits a DRAFT for review. */
  submitChangeRequest: ChangeRequest;
  /** Sends a test message now and returns how it went. */
  testIntegration: IntegrationDelivery;
  /** Admins only; audited. false when the Slack user was not linked. */
  unlinkSlackUser: Scalars['Boolean']['output'];
  /** Admins only: lifts a sign-in lock-out now. Audited. */
  unlockUser: User;
  updateFlag: Flag;
  updateIntegration: Integration;
  /**
   * Admins only. Renames the project or changes the environments it uses; one version, audited. Dropping an
   * environment that a custom role's grant names in this project, or that an unrevoked SDK key of it serves, is
   * BAD_USER_INPUT naming input.environments and those roles and keys (extensions.roles, extensions.keys).
   */
  updateProject: Project;
  /** Admins only; presets cannot be changed. Everyone holding the role acts with the new grants from their next request. Audited. */
  updateRole: RoleDefinition;
  /**
   * FORBIDDEN (reason APPROVAL_REQUIRED) when a flag uses the segment, directly or through another segment,
   * in an environment that requires approval: propose it with `createChangeRequest(input: { segment })`.
   */
  updateSegment: Segment;
  updateTargeting: Flag;
  /** Takes effect on the user's next request, with the tokens they already hold. */
  updateUserRole: User;
  /**
   * Replaces everything known of `repository`'s code references with these (at most 50,000; the CLI's
   * `switchyard refs` sends them). Every flagKey must name a flag of `project` (default when omitted); each
   * project keeps its own uploads. Editors and TOKEN keys with flags:write.
   */
  uploadCodeReferences: CodeReferenceUpload;
};


export type MutationApplyChangeRequestArgs = {
  at?: InputMaybe<Scalars['DateTime']['input']>;
  bypass?: Scalars['Boolean']['input'];
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
};


export type MutationArchiveFlagArgs = {
  expectedVersion: Scalars['Int']['input'];
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};


export type MutationAttachExperimentArgs = {
  environment: Scalars['String']['input'];
  experiment: ExperimentRuleInput;
  flagKey: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};


export type MutationCancelScheduledChangeArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
};


export type MutationChangePasswordArgs = {
  currentPassword: Scalars['String']['input'];
  newPassword: Scalars['String']['input'];
};


export type MutationCopyTargetingArgs = {
  expectedVersion: Scalars['Int']['input'];
  fromEnvironment: Scalars['String']['input'];
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
  toEnvironment: Scalars['String']['input'];
};


export type MutationCreateApiKeyArgs = {
  input: CreateApiKeyInput;
};


export type MutationCreateChangeRequestArgs = {
  input: ChangeRequestInput;
};


export type MutationCreateEnvironmentArgs = {
  input: CreateEnvironmentInput;
};


export type MutationCreateFlagArgs = {
  input: CreateFlagInput;
};


export type MutationCreateIntegrationArgs = {
  input: CreateIntegrationInput;
};


export type MutationCreateProjectArgs = {
  input: CreateProjectInput;
};


export type MutationCreateReleasePlanArgs = {
  input: CreateReleasePlanInput;
};


export type MutationCreateRoleArgs = {
  input: CreateRoleInput;
};


export type MutationCreateSegmentArgs = {
  input: CreateSegmentInput;
};


export type MutationCreateUserArgs = {
  input: CreateUserInput;
};


export type MutationDeactivateUserArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteFlagArgs = {
  expectedVersion: Scalars['Int']['input'];
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};


export type MutationDeleteIntegrationArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
};


export type MutationDeleteReleaseTemplateArgs = {
  expectedVersion: Scalars['Int']['input'];
  key: Scalars['String']['input'];
};


export type MutationDeleteRoleArgs = {
  key: Scalars['ID']['input'];
};


export type MutationDeleteSegmentArgs = {
  expectedVersion: Scalars['Int']['input'];
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};


export type MutationDeleteUserArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDetachExperimentArgs = {
  environment: Scalars['String']['input'];
  experimentKey: Scalars['String']['input'];
  flagKey: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
  rollOutVariation?: InputMaybe<Scalars['String']['input']>;
};


export type MutationImportFlagArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  input: ImportFlagInput;
};


export type MutationLinkSlackUserArgs = {
  slackUserId: Scalars['String']['input'];
  userId: Scalars['ID']['input'];
};


export type MutationLoginArgs = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
};


export type MutationLogoutArgs = {
  refreshToken: Scalars['String']['input'];
};


export type MutationMoveFlagArgs = {
  expectedVersion: Scalars['Int']['input'];
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
  toProject: Scalars['String']['input'];
};


export type MutationReactivateUserArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRedeliverIntegrationChangeArgs = {
  id: Scalars['ID']['input'];
  seq: Scalars['Int']['input'];
};


export type MutationRefreshSessionArgs = {
  refreshToken: Scalars['String']['input'];
};


export type MutationReleasePlanActionArgs = {
  action: ReleasePlanAction;
  comment?: InputMaybe<Scalars['String']['input']>;
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
};


export type MutationRescheduleChangeArgs = {
  at: Scalars['DateTime']['input'];
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
};


export type MutationResetUserPasswordArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRestoreFlagArgs = {
  expectedVersion: Scalars['Int']['input'];
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};


export type MutationRevertFlagArgs = {
  auditEntryId: Scalars['ID']['input'];
  expectedVersion: Scalars['Int']['input'];
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};


export type MutationRevertSegmentArgs = {
  auditEntryId: Scalars['ID']['input'];
  expectedVersion: Scalars['Int']['input'];
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};


export type MutationReviewChangeRequestArgs = {
  comment?: InputMaybe<Scalars['String']['input']>;
  decision: ChangeRequestDecision;
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
};


export type MutationRevokeApiKeyArgs = {
  id: Scalars['ID']['input'];
};


export type MutationSaveReleaseTemplateArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  input: ReleaseTemplateInput;
};


export type MutationScheduleChangeArgs = {
  input: ScheduleChangeInput;
};


export type MutationSetApiKeyCustomRolesArgs = {
  id: Scalars['ID']['input'];
  roles: Array<Scalars['ID']['input']>;
};


export type MutationSetApprovalPolicyArgs = {
  adminBypass?: Scalars['Boolean']['input'];
  environment: Scalars['String']['input'];
  requiredApprovals: Scalars['Int']['input'];
};


export type MutationSetFlagEnabledArgs = {
  enabled: Scalars['Boolean']['input'];
  environment: Scalars['String']['input'];
  expectedVersion: Scalars['Int']['input'];
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};


export type MutationSetRoleGroupMappingArgs = {
  group: Scalars['String']['input'];
  roles: Array<Scalars['ID']['input']>;
};


export type MutationSetUserCustomRolesArgs = {
  id: Scalars['ID']['input'];
  roles: Array<Scalars['ID']['input']>;
};


export type MutationSubmitChangeRequestArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
};


export type MutationTestIntegrationArgs = {
  id: Scalars['ID']['input'];
};


export type MutationUnlinkSlackUserArgs = {
  slackUserId: Scalars['String']['input'];
};


export type MutationUnlockUserArgs = {
  id: Scalars['ID']['input'];
};


export type MutationUpdateFlagArgs = {
  expectedVersion: Scalars['Int']['input'];
  input: UpdateFlagInput;
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};


export type MutationUpdateIntegrationArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  input: UpdateIntegrationInput;
};


export type MutationUpdateProjectArgs = {
  expectedVersion: Scalars['Int']['input'];
  input: UpdateProjectInput;
  key: Scalars['String']['input'];
};


export type MutationUpdateRoleArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  input: UpdateRoleInput;
  key: Scalars['ID']['input'];
};


export type MutationUpdateSegmentArgs = {
  expectedVersion: Scalars['Int']['input'];
  input: UpdateSegmentInput;
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};


export type MutationUpdateTargetingArgs = {
  environment: Scalars['String']['input'];
  expectedVersion: Scalars['Int']['input'];
  input: TargetingInput;
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};


export type MutationUpdateUserRoleArgs = {
  id: Scalars['ID']['input'];
  permissions?: InputMaybe<Array<Scalars['String']['input']>>;
  role: Role;
};


export type MutationUploadCodeReferencesArgs = {
  commit: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
  references: Array<CodeReferenceInput>;
  repository: Scalars['String']['input'];
};

export type NumberFlagValue = FlagValue & {
  __typename?: 'NumberFlagValue';
  errorCode?: Maybe<Scalars['String']['output']>;
  errorMessage?: Maybe<Scalars['String']['output']>;
  experimentKey?: Maybe<Scalars['String']['output']>;
  inExperiment: Scalars['Boolean']['output'];
  key: Scalars['String']['output'];
  prerequisiteKey?: Maybe<Scalars['String']['output']>;
  reason: EvaluationReasonKind;
  ruleId?: Maybe<Scalars['String']['output']>;
  value?: Maybe<Scalars['Float']['output']>;
  variation?: Maybe<Scalars['String']['output']>;
};

/** Which way `orderBy.field` runs. */
export type OrderDirection =
  | 'ASC'
  | 'DESC';

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/** An admin's password reset: the temporary password is shown once, here, and never stored in the clear. */
export type PasswordReset = {
  __typename?: 'PasswordReset';
  temporaryPassword: Scalars['String']['output'];
  user: User;
};

/**
 * Another flag, evaluated with the same context, that gates this flag's targeting. Exactly one form: the parent
 * serves `variation`; the parent serves any of `variations`; or `off: true`, the parent does not serve (switched
 * off, outside its schedule, or its own prerequisites failed). Otherwise the flag serves its off variation
 * (reason PREREQUISITE_FAILED).
 */
export type Prerequisite = {
  __typename?: 'Prerequisite';
  flagKey: Scalars['String']['output'];
  /** True in the parent-must-be-off form. */
  off: Scalars['Boolean']['output'];
  /** The single-variation form; null in the other forms. */
  variation?: Maybe<Scalars['String']['output']>;
  /** The any-of form; null in the other forms. */
  variations?: Maybe<Array<Scalars['String']['output']>>;
};

/** Exactly one of `variation`, `variations` or `off: true` (see Prerequisite). */
export type PrerequisiteInput = {
  flagKey: Scalars['String']['input'];
  off?: InputMaybe<Scalars['Boolean']['input']>;
  variation?: InputMaybe<Scalars['String']['input']>;
  variations?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type PreviewedContext = {
  __typename?: 'PreviewedContext';
  /** Only the attributes of RECENT_CONTEXT_ATTRIBUTES. */
  attributes: Scalars['JSON']['output'];
  from?: Maybe<Scalars['String']['output']>;
  key: Scalars['String']['output'];
  to?: Maybe<Scalars['String']['output']>;
};

/**
 * A team's space: its flags and segments (and, in their services, experiments and metrics), and the
 * installation's environments it uses, in its own order and colours. Keys are unique within a project.
 * Requests that name no project work in `default`, where everything made before projects lives.
 */
export type Project = {
  __typename?: 'Project';
  createdAt: Scalars['DateTime']['output'];
  description?: Maybe<Scalars['String']['output']>;
  /** The environments this project uses, in its order. */
  environments: Array<ProjectEnvironment>;
  key: Scalars['String']['output'];
  name: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
  version: Scalars['Int']['output'];
};

/** An installation environment as one project uses it. */
export type ProjectEnvironment = {
  __typename?: 'ProjectEnvironment';
  /** A hex colour such as #1f7a4d, or null for the console's default. */
  colour?: Maybe<Scalars['String']['output']>;
  key: Scalars['String']['output'];
  name: Scalars['String']['output'];
};

export type ProjectEnvironmentInput = {
  /** #rrggbb */
  colour?: InputMaybe<Scalars['String']['input']>;
  /** An existing environment (see `environments`). */
  key: Scalars['String']['input'];
};

export type Query = {
  __typename?: 'Query';
  apiKeys: Array<ApiKey>;
  approvalPolicies: Array<ApprovalPolicy>;
  /** Newest first. */
  auditLog: AuditEntryConnection;
  auditRetention: AuditRetention;
  changeRequest?: Maybe<ChangeRequest>;
  /** Newest first. */
  changeRequests: Array<ChangeRequest>;
  /** The repositories `switchyard refs` uploaded for the project's flags, newest first. */
  codeReferenceRepositories: Array<CodeReferenceUpload>;
  /** Changes after `sinceVersion` in sequence order; with `environment`, that environment's and global ones. */
  configChanges: Array<ConfigChange>;
  environments: Array<Environment>;
  /** Every flag (or `keys`) for one context, typed by flag type. */
  evaluate: Array<FlagValue>;
  flag?: Maybe<Flag>;
  /**
   * How many of the project's flags (`default` when omitted; NOT_FOUND naming `project` when unknown) are in each
   * lifecycle state (states with none are left out).
   */
  flagLifecycleCounts: Array<FlagLifecycleCount>;
  /** NOT_FOUND when the environment does not exist or the project does not use it. */
  flagSet: FlagSet;
  /** A page of flags, by key unless `orderBy` says otherwise. */
  flags: FlagConnection;
  /** Admins only: what a custom role may grant. */
  grantablePermissions: Array<Scalars['String']['output']>;
  integration?: Maybe<Integration>;
  /** Admins only. */
  integrations: Array<Integration>;
  /** The signed-in user; null for API keys. */
  me?: Maybe<User>;
  /**
   * Before saving `updateTargeting(key, environment, input: targeting)`: how the environment's recently
   * evaluated contexts would move. The same validation as the write (BAD_USER_INPUT naming the field of
   * `targeting`), nothing written.
   */
  previewTargeting: TargetingPreview;
  /** null for an unknown project; FORBIDDEN (flags:read) for one the caller may not read. */
  project?: Maybe<Project>;
  /**
   * The projects the caller reads flags in (every one for a preset role, the granted ones for a custom role scoped
   * to projects), `default` first. FORBIDDEN (flags:read) for a caller reading flags nowhere.
   */
  projects: Array<Project>;
  releasePlan?: Maybe<ReleasePlan>;
  releaseTemplates: Array<ReleaseTemplate>;
  /** Admins only: a preset or custom role; null when there is none with the key. */
  role?: Maybe<RoleDefinition>;
  /** Admins only: which single sign-on groups get which custom roles. */
  roleGroupMappings: Array<RoleGroupMapping>;
  /** Admins only: the presets, then the custom roles by key. */
  roles: Array<RoleDefinition>;
  /** Soonest first; at most 500. */
  scheduledChanges: Array<ScheduledChange>;
  segment?: Maybe<Segment>;
  segments: Array<Segment>;
  /** Admins only: which Slack users run /switchyard as which Switchyard user. */
  slackUserLinks: Array<SlackUserLink>;
  users: Array<User>;
};


export type QueryApiKeysArgs = {
  includeRevoked?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryAuditLogArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AuditLogFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryChangeRequestArgs = {
  id: Scalars['ID']['input'];
};


export type QueryChangeRequestsArgs = {
  filter?: InputMaybe<ChangeRequestFilter>;
  first?: Scalars['Int']['input'];
};


export type QueryCodeReferenceRepositoriesArgs = {
  project?: InputMaybe<Scalars['String']['input']>;
};


export type QueryConfigChangesArgs = {
  environment?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  project?: InputMaybe<Scalars['String']['input']>;
  sinceVersion: Scalars['Int']['input'];
};


export type QueryEvaluateArgs = {
  context: Scalars['JSON']['input'];
  environment: Scalars['String']['input'];
  keys?: InputMaybe<Array<Scalars['String']['input']>>;
  project?: InputMaybe<Scalars['String']['input']>;
};


export type QueryFlagArgs = {
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};


export type QueryFlagLifecycleCountsArgs = {
  project?: InputMaybe<Scalars['String']['input']>;
};


export type QueryFlagSetArgs = {
  environment: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};


export type QueryFlagsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<FlagFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<FlagOrder>;
  project?: InputMaybe<Scalars['String']['input']>;
};


export type QueryIntegrationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryPreviewTargetingArgs = {
  environment: Scalars['String']['input'];
  flagKey: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
  targeting: TargetingInput;
};


export type QueryProjectArgs = {
  key: Scalars['String']['input'];
};


export type QueryReleasePlanArgs = {
  id: Scalars['ID']['input'];
};


export type QueryRoleArgs = {
  key: Scalars['ID']['input'];
};


export type QueryScheduledChangesArgs = {
  filter?: InputMaybe<ScheduledChangeFilter>;
};


export type QuerySegmentArgs = {
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};


export type QuerySegmentsArgs = {
  project?: InputMaybe<Scalars['String']['input']>;
};

export type ReleaseEventKind =
  | 'ABORTED'
  | 'ADVANCED'
  | 'COMPLETED'
  | 'PAUSED'
  | 'RESUMED'
  | 'ROLLED_BACK'
  | 'STARTED'
  /** The stage's time has passed but a guard lacks data (or the targeting was edited outside the plan). */
  | 'WAITING';

export type ReleaseGuard = {
  __typename?: 'ReleaseGuard';
  kind: ReleaseGuardKind;
  /** An analytics metric key. */
  metric: Scalars['String']['output'];
  /** Users served the released variation during the stage before the guard may pass. */
  minSample: Scalars['Int']['output'];
  threshold: Scalars['Float']['output'];
};

export type ReleaseGuardDecision =
  | 'BREACHED'
  | 'HEALTHY'
  /** Below the guard's minimum sample, or no data yet. */
  | 'INSUFFICIENT';

export type ReleaseGuardInput = {
  kind?: InputMaybe<ReleaseGuardKind>;
  metric: Scalars['String']['input'];
  minSample?: InputMaybe<Scalars['Int']['input']>;
  threshold: Scalars['Float']['input'];
};

export type ReleaseGuardKind =
  /** The released variation's metric value is above the threshold. */
  | 'ABSOLUTE'
  /** The released variation is worse than the users not yet released to by more than the threshold (always-valid sequential test). */
  | 'RELATIVE';

/** One guard's current value beside its threshold. */
export type ReleaseGuardReading = {
  __typename?: 'ReleaseGuardReading';
  decision: ReleaseGuardDecision;
  guard: ReleaseGuard;
  /** RELATIVE: the lower end of the always-valid interval of (released − rest); null without data. */
  lower?: Maybe<Scalars['Float']['output']>;
  /** Users served the released variation who were measured in this stage. */
  sample: Scalars['Int']['output'];
  /** RELATIVE: the upper end of that interval. */
  upper?: Maybe<Scalars['Float']['output']>;
  /** ABSOLUTE: the released variation's value; null without data. */
  value?: Maybe<Scalars['Float']['output']>;
};

/** A progressive rollout of one variation of a flag in one environment. */
export type ReleasePlan = {
  __typename?: 'ReleasePlan';
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Scalars['String']['output']>;
  currentPercent: Scalars['Float']['output'];
  /** Index into `stages` of the current stage. */
  currentStage: Scalars['Int']['output'];
  environment: Scalars['String']['output'];
  /** Oldest first. */
  events: Array<ReleasePlanEvent>;
  flagKey: Scalars['String']['output'];
  guards: Array<ReleaseGuard>;
  id: Scalars['ID']['output'];
  /** When the executor looks at the plan next (null unless ACTIVE). */
  nextCheckAt?: Maybe<Scalars['DateTime']['output']>;
  /** The flag's project (the plan follows its flag when the flag moves). */
  project: Scalars['String']['output'];
  /**
   * What each guard reads now over the current stage (ACTIVE and PAUSED plans; empty otherwise), read from
   * analytics on every request as the executor reads it.
   */
  readings: Array<ReleaseGuardReading>;
  /** The rule whose split the plan raises; null: the fallthrough. */
  ruleId?: Maybe<Scalars['String']['output']>;
  stageStartedAt: Scalars['DateTime']['output'];
  stages: Array<ReleaseStage>;
  status: ReleasePlanStatus;
  template?: Maybe<Scalars['String']['output']>;
  updatedAt: Scalars['DateTime']['output'];
  variation: Scalars['String']['output'];
  /** Incremented on every change; send it back as `expectedVersion`. */
  version: Scalars['Int']['output'];
  /** Why an ACTIVE plan is not advancing, else null. */
  waitingReason?: Maybe<Scalars['String']['output']>;
};

/**
 * Where the environment requires approval, RESUME and ADVANCE (which serve the release to more users)
 * go through a change request (`createChangeRequest(input: { releasePlanAction })`); PAUSE, ROLLBACK and
 * ABORT only stop a release, so they stay direct there too, for anyone who may write the environment.
 */
export type ReleasePlanAction =
  /** Direct also where the environment requires approval (a safety stop). */
  | 'ABORT'
  /** To the next stage now, whatever the timer and guards say (at the last stage: complete). */
  | 'ADVANCE'
  /** Direct also where the environment requires approval (a safety stop). */
  | 'PAUSE'
  | 'RESUME'
  /** Direct also where the environment requires approval (a safety stop). */
  | 'ROLLBACK';

/** An action on a release plan, proposed for approval. */
export type ReleasePlanActionRequest = {
  action: ReleasePlanAction;
  /** Kept on the plan's timeline event when applied. */
  comment?: InputMaybe<Scalars['String']['input']>;
  planId: Scalars['ID']['input'];
};

export type ReleasePlanEvent = {
  __typename?: 'ReleasePlanEvent';
  actor: Scalars['String']['output'];
  at: Scalars['DateTime']['output'];
  /** Why: for a guard, { guard, observed, threshold, sample }; for a manual action, its comment. */
  detail?: Maybe<Scalars['JSON']['output']>;
  kind: ReleaseEventKind;
  percent: Scalars['Float']['output'];
  stage: Scalars['Int']['output'];
};

export type ReleasePlanStatus =
  /** Stopped by a person; the targeting is left as it was. */
  | 'ABORTED'
  /** Moving through its stages; the executor checks it. */
  | 'ACTIVE'
  /** Reached 100 % and finished its last stage with healthy guards. */
  | 'COMPLETED'
  /** Held by a person or by a change it did not make; resume to continue. */
  | 'PAUSED'
  /** Restored what was served before the release (a breached guard or a person). */
  | 'ROLLED_BACK';

export type ReleaseStage = {
  __typename?: 'ReleaseStage';
  minDurationMinutes: Scalars['Int']['output'];
  /** Share of eligible users served the released variation. */
  percent: Scalars['Float']['output'];
};

export type ReleaseStageInput = {
  /** At least 1. */
  minDurationMinutes: Scalars['Int']['input'];
  /** 0 < percent <= 100, increasing from stage to stage, the last one 100. */
  percent: Scalars['Float']['input'];
};

/** A reusable plan shape: built in, or saved by a team (saveReleaseTemplate). */
export type ReleaseTemplate = {
  __typename?: 'ReleaseTemplate';
  /** Shipped with Switchyard: cannot be changed or deleted. */
  builtIn: Scalars['Boolean']['output'];
  guards: Array<ReleaseGuard>;
  key: Scalars['String']['output'];
  name: Scalars['String']['output'];
  stages: Array<ReleaseStage>;
  /** A saved template's version (expectedVersion to replace or delete it); null for a built-in one. */
  version?: Maybe<Scalars['Int']['output']>;
};

export type ReleaseTemplateInput = {
  guards?: InputMaybe<Array<ReleaseGuardInput>>;
  /** 1 to 63 lower-case letters, digits or dashes; not a built-in template's key. */
  key: Scalars['String']['input'];
  name: Scalars['String']['input'];
  stages: Array<ReleaseStageInput>;
};

/** What a user may do: ADMIN everything, EDITOR flags/segments/experiments/metrics, VIEWER read only. */
export type Role =
  | 'ADMIN'
  | 'EDITOR'
  | 'VIEWER';

/**
 * A set of grants: one of the built-in presets ADMIN, EDITOR, VIEWER (`preset`, read-only) or a custom role,
 * assigned to users, TOKEN keys and single sign-on groups.
 */
export type RoleDefinition = {
  __typename?: 'RoleDefinition';
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  description: Scalars['String']['output'];
  grants: Array<RoleGrant>;
  key: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  preset: Scalars['Boolean']['output'];
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Bumped by every change (optimistic concurrency: `updateRole(expectedVersion:)`). */
  version: Scalars['Int']['output'];
};

/**
 * One permission a role grants, in one project and environment (null: any). A grant naming an environment covers
 * only operations in that environment; one naming `production` includes the production grant.
 */
export type RoleGrant = {
  __typename?: 'RoleGrant';
  environment?: Maybe<Scalars['String']['output']>;
  permission: Scalars['String']['output'];
  project?: Maybe<Scalars['String']['output']>;
};

export type RoleGrantInput = {
  /** An environment the project uses; null: every environment. */
  environment?: InputMaybe<Scalars['String']['input']>;
  /** One of `grantablePermissions`. */
  permission: Scalars['String']['input'];
  /** A project key; null: every project. */
  project?: InputMaybe<Scalars['String']['input']>;
};

/** People in this identity-provider group (OIDC_GROUPS_CLAIM at single sign-on) get these custom roles. */
export type RoleGroupMapping = {
  __typename?: 'RoleGroupMapping';
  group: Scalars['String']['output'];
  roles: Array<Scalars['String']['output']>;
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
  version: Scalars['Int']['output'];
};

/** A percentage split. Users are bucketed by `bucketBy` (default the context key), salted with `salt` (default the flag key). */
export type Rollout = {
  __typename?: 'Rollout';
  bucketBy?: Maybe<Scalars['String']['output']>;
  experiment?: Maybe<RolloutExperiment>;
  salt?: Maybe<Scalars['String']['output']>;
  variations: Array<WeightedVariation>;
};

/** The experiment running on a split: only `coverage` (0–1) of matching users are enrolled. */
export type RolloutExperiment = {
  __typename?: 'RolloutExperiment';
  coverage: Scalars['Float']['output'];
  key: Scalars['String']['output'];
  layer?: Maybe<RolloutLayer>;
};

export type RolloutInput = {
  bucketBy?: InputMaybe<Scalars['String']['input']>;
  salt?: InputMaybe<Scalars['String']['input']>;
  variations: Array<WeightedVariationInput>;
};

/** A slice of traffic shared by mutually exclusive experiments, in percent. */
export type RolloutLayer = {
  __typename?: 'RolloutLayer';
  key: Scalars['String']['output'];
  rangeEnd: Scalars['Float']['output'];
  rangeStart: Scalars['Float']['output'];
};

/** Conditions are ANDed; the first matching rule serves. Rules with id `experiment:<key>` are managed by experiments. */
export type Rule = {
  __typename?: 'Rule';
  conditions: Array<Condition>;
  description?: Maybe<Scalars['String']['output']>;
  id: Scalars['String']['output'];
  serve: Serve;
};

export type RuleInput = {
  conditions: Array<ConditionInput>;
  description?: InputMaybe<Scalars['String']['input']>;
  /** Kept when given (stable ids keep reasons comparable); generated otherwise. */
  id?: InputMaybe<Scalars['String']['input']>;
  serve: ServeInput;
};

/** Exactly one of `enabled` and `targeting`. */
export type ScheduleChangeInput = {
  /** In the future. */
  at: Scalars['DateTime']['input'];
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  environment: Scalars['String']['input'];
  /** The flag version the change is written against. */
  expectedVersion: Scalars['Int']['input'];
  flagKey: Scalars['String']['input'];
  /** The flag's project (default `default`). */
  project?: InputMaybe<Scalars['String']['input']>;
  targeting?: InputMaybe<TargetingInput>;
};

/** A change to one environment of a flag, applied at `at` against the version it was written for. */
export type ScheduledChange = {
  __typename?: 'ScheduledChange';
  appliedAt?: Maybe<Scalars['DateTime']['output']>;
  at: Scalars['DateTime']['output'];
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Scalars['String']['output']>;
  environment: Scalars['String']['output'];
  flagKey: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  kind: ScheduledChangeKind;
  /** How recently evaluated contexts would move if the change were applied now (null once it no longer applies cleanly). */
  preview?: Maybe<TargetingPreview>;
  /** The flag's project (the change follows its flag when the flag moves). */
  project: Scalars['String']['output'];
  reason?: Maybe<Scalars['String']['output']>;
  status: ScheduledChangeStatus;
  /** For TARGETING: the TargetingInput to apply. */
  targeting?: Maybe<Scalars['JSON']['output']>;
  version: Scalars['Int']['output'];
  /** The flag version the change was written against. */
  writtenAgainstVersion: Scalars['Int']['output'];
};

export type ScheduledChangeFilter = {
  environment?: InputMaybe<Scalars['String']['input']>;
  flagKey?: InputMaybe<Scalars['String']['input']>;
  /** Only this project's changes (default `default`). */
  project?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<ScheduledChangeStatus>;
};

export type ScheduledChangeKind =
  | 'DISABLE'
  | 'ENABLE'
  | 'TARGETING';

export type ScheduledChangeStatus =
  | 'APPLIED'
  | 'CANCELLED'
  /** Not applied: the flag changed meanwhile in a conflicting way, or the change was no longer valid; see `reason`. */
  | 'FAILED'
  | 'PENDING';

/** A reusable group of users: excluded keys win, then included keys, then any matching rule. */
export type Segment = {
  __typename?: 'Segment';
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Scalars['String']['output']>;
  description?: Maybe<Scalars['String']['output']>;
  excluded: Array<Scalars['String']['output']>;
  excludedCount: Scalars['Int']['output'];
  /** Included context keys in key order, a page at a time (lists may hold 100,000 keys). */
  included: Array<Scalars['String']['output']>;
  includedCount: Scalars['Int']['output'];
  key: Scalars['String']['output'];
  name: Scalars['String']['output'];
  /** The project the segment belongs to (its key is unique there). */
  project: Scalars['String']['output'];
  rules: Array<SegmentRule>;
  updatedAt: Scalars['DateTime']['output'];
  updatedBy?: Maybe<Scalars['String']['output']>;
  /** Flags whose targeting uses this segment, in any environment. */
  usedByFlags: Array<Flag>;
  version: Scalars['Int']['output'];
};


/** A reusable group of users: excluded keys win, then included keys, then any matching rule. */
export type SegmentExcludedArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** A reusable group of users: excluded keys win, then included keys, then any matching rule. */
export type SegmentIncludedArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** An update of a segment, proposed for approval. */
export type SegmentChangeRequest = {
  key: Scalars['String']['input'];
  update: UpdateSegmentInput;
};

/** A condition group of a segment: a context matching every condition is a member. */
export type SegmentRule = {
  __typename?: 'SegmentRule';
  conditions: Array<Condition>;
  id: Scalars['String']['output'];
};

export type SegmentRuleInput = {
  conditions: Array<ConditionInput>;
  id?: InputMaybe<Scalars['String']['input']>;
};

/** What a rule or the fallthrough serves: exactly one of a variation or a split. */
export type Serve = {
  __typename?: 'Serve';
  rollout?: Maybe<Rollout>;
  variation?: Maybe<Scalars['String']['output']>;
};

export type ServeInput = {
  rollout?: InputMaybe<RolloutInput>;
  variation?: InputMaybe<Scalars['String']['input']>;
};

/** A signed-in session: a short-lived access token (send as `Authorization: Bearer`) and a refresh token. */
export type Session = {
  __typename?: 'Session';
  accessToken: Scalars['String']['output'];
  accessTokenExpiresAt: Scalars['DateTime']['output'];
  refreshToken: Scalars['String']['output'];
  refreshTokenExpiresAt: Scalars['DateTime']['output'];
  user: User;
};

/** A Slack user who may run the /switchyard slash command, as one Switchyard user. */
export type SlackUserLink = {
  __typename?: 'SlackUserLink';
  linkedAt: Scalars['DateTime']['output'];
  linkedBy: Scalars['String']['output'];
  slackUserId: Scalars['String']['output'];
  /** The linked user's email. */
  userEmail: Scalars['String']['output'];
  userId: Scalars['ID']['output'];
};

export type StringFlagValue = FlagValue & {
  __typename?: 'StringFlagValue';
  errorCode?: Maybe<Scalars['String']['output']>;
  errorMessage?: Maybe<Scalars['String']['output']>;
  experimentKey?: Maybe<Scalars['String']['output']>;
  inExperiment: Scalars['Boolean']['output'];
  key: Scalars['String']['output'];
  prerequisiteKey?: Maybe<Scalars['String']['output']>;
  reason: EvaluationReasonKind;
  ruleId?: Maybe<Scalars['String']['output']>;
  value?: Maybe<Scalars['String']['output']>;
  variation?: Maybe<Scalars['String']['output']>;
};

/** Served by the gateway over WebSocket (graphql-ws), on the same URL as HTTP. */
export type Subscription = {
  __typename?: 'Subscription';
  /**
   * Every config change after `sinceVersion` (or from now), in `seq` order, each once.
   * Select any field of the changed entity, including fields owned by other subgraphs.
   */
  configChanged: ConfigChange;
  /** For client keys: the re-evaluated values for `context`, pushed whenever a change affects them. */
  evaluatedConfig: Array<FlagValue>;
};


/** Served by the gateway over WebSocket (graphql-ws), on the same URL as HTTP. */
export type SubscriptionConfigChangedArgs = {
  environment: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
  sinceVersion?: InputMaybe<Scalars['Int']['input']>;
};


/** Served by the gateway over WebSocket (graphql-ws), on the same URL as HTTP. */
export type SubscriptionEvaluatedConfigArgs = {
  context: Scalars['JSON']['input'];
  environment: Scalars['String']['input'];
};

/** Context keys that always get one variation. */
export type Target = {
  __typename?: 'Target';
  values: Array<Scalars['String']['output']>;
  variation: Scalars['String']['output'];
};

export type TargetInput = {
  values: Array<Scalars['String']['input']>;
  variation: Scalars['String']['input'];
};

/**
 * Omitted fields are left as they are; `startsAt: null` / `endsAt: null` clear the schedule.
 * `rules` replaces every rule except the experiment rules, which stay first.
 */
export type TargetingInput = {
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  endsAt?: InputMaybe<Scalars['DateTime']['input']>;
  fallthrough?: InputMaybe<ServeInput>;
  offVariation?: InputMaybe<Scalars['String']['input']>;
  prerequisites?: InputMaybe<Array<PrerequisiteInput>>;
  rules?: InputMaybe<Array<RuleInput>>;
  startsAt?: InputMaybe<Scalars['DateTime']['input']>;
  targets?: InputMaybe<Array<TargetInput>>;
};

/** What a targeting change would do to the environment's recently evaluated contexts (see README, Impact preview). */
export type TargetingPreview = {
  __typename?: 'TargetingPreview';
  /** Of them, how many would get another variation. */
  changed: Scalars['Int']['output'];
  /** Recent contexts evaluated (sampled, at most RECENT_CONTEXTS_MAX). */
  contextsConsidered: Scalars['Int']['output'];
  environment: Scalars['String']['output'];
  flagKey: Scalars['String']['output'];
  /** The flag's project, whose recent contexts were evaluated. */
  project: Scalars['String']['output'];
  /** Up to 20 of the contexts that would change, with their allow-listed attributes. */
  sample: Array<PreviewedContext>;
  /** From which variation to which, most first (null: no variation, e.g. an unknown flag). */
  transitions: Array<VariationTransition>;
};

/** Omitted fields are left as they are. The type and key never change. */
export type UpdateFlagInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  owner?: InputMaybe<Scalars['String']['input']>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  /** The full list; a variation still served somewhere cannot be removed. */
  variations?: InputMaybe<Array<VariationInput>>;
};

export type UpdateIntegrationInput = {
  changeKinds?: InputMaybe<Array<ChangeCategory>>;
  /** true re-enables a disabled integration; it resumes after the last change it delivered. */
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  environments?: InputMaybe<Array<Scalars['String']['input']>>;
  name?: InputMaybe<Scalars['String']['input']>;
  /** Replaces the project keys; empty: every project; omitted: unchanged. */
  projects?: InputMaybe<Array<Scalars['String']['input']>>;
  /** A new signing secret; omitted keeps the current one. */
  secret?: InputMaybe<Scalars['String']['input']>;
  target?: InputMaybe<Scalars['String']['input']>;
};

export type UpdateProjectInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  /** Replaces the environments the project uses; their order is this list's. At least one. */
  environments?: InputMaybe<Array<ProjectEnvironmentInput>>;
  name?: InputMaybe<Scalars['String']['input']>;
};

export type UpdateRoleInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  grants: Array<RoleGrantInput>;
  name: Scalars['String']['input'];
};

/**
 * Omitted fields are left as they are. `included` / `excluded` replace a list; `addIncluded`,
 * `removeIncluded`, `addExcluded`, `removeExcluded` change large lists in batches.
 */
export type UpdateSegmentInput = {
  addExcluded?: InputMaybe<Array<Scalars['String']['input']>>;
  addIncluded?: InputMaybe<Array<Scalars['String']['input']>>;
  description?: InputMaybe<Scalars['String']['input']>;
  excluded?: InputMaybe<Array<Scalars['String']['input']>>;
  included?: InputMaybe<Array<Scalars['String']['input']>>;
  name?: InputMaybe<Scalars['String']['input']>;
  removeExcluded?: InputMaybe<Array<Scalars['String']['input']>>;
  removeIncluded?: InputMaybe<Array<Scalars['String']['input']>>;
  rules?: InputMaybe<Array<SegmentRuleInput>>;
};

export type User = {
  __typename?: 'User';
  createdAt: Scalars['DateTime']['output'];
  /** Keys of the custom roles assigned to the user directly; their grants add to the role's. */
  customRoles: Array<Scalars['String']['output']>;
  /** When an admin deactivated the user (null while active): no sign-in, sessions ended, their API keys refused. */
  deactivatedAt?: Maybe<Scalars['DateTime']['output']>;
  /**
   * Everything the user may do now: the role's permissions, extra grants and the custom roles' grants, each a
   * permission (everywhere) or `permission@project/environment` (`*`: any). For the user themself and admins; empty
   * for others.
   */
  effectivePermissions: Array<Scalars['String']['output']>;
  email: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /**
   * Until when sign-in is refused after too many failed attempts (SIGN_IN_LOCKOUT_*); null when not locked.
   * Admins only (null for others).
   */
  lockedUntil?: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  /** Extra grants, e.g. `production` (an editor may change production config). */
  permissions: Array<Scalars['String']['output']>;
  role: Role;
  /** The groups single sign-on reported at the user's last sign-in (OIDC_GROUPS_CLAIM); their mapped custom roles apply too. */
  ssoGroups: Array<Scalars['String']['output']>;
};

/** One value a flag can serve. `key` is stable and is what rules, targets and experiments refer to. */
export type Variation = {
  __typename?: 'Variation';
  description?: Maybe<Scalars['String']['output']>;
  key: Scalars['String']['output'];
  name?: Maybe<Scalars['String']['output']>;
  value?: Maybe<Scalars['JSON']['output']>;
};

export type VariationInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  key: Scalars['String']['input'];
  name?: InputMaybe<Scalars['String']['input']>;
  value?: InputMaybe<Scalars['JSON']['input']>;
};

export type VariationTransition = {
  __typename?: 'VariationTransition';
  count: Scalars['Int']['output'];
  from?: Maybe<Scalars['String']['output']>;
  to?: Maybe<Scalars['String']['output']>;
};

/** A variation and its share of a percentage split, in percent with at most 3 decimals. */
export type WeightedVariation = {
  __typename?: 'WeightedVariation';
  variation: Scalars['String']['output'];
  weight: Scalars['Float']['output'];
};

export type WeightedVariationInput = {
  variation: Scalars['String']['input'];
  weight: Scalars['Float']['input'];
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Environment: Environment;
  Flag: Flag;
  Project: Project;
  Segment: Segment;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Environment:
    ( { __typename: 'Environment' }
    & GraphQLRecursivePick<FederationTypes['Environment'], {"key":true}> );
  Flag:
    ( { __typename: 'Flag' }
    & GraphQLRecursivePick<FederationTypes['Flag'], {"project":true,"key":true}> );
  Project:
    ( { __typename: 'Project' }
    & GraphQLRecursivePick<FederationTypes['Project'], {"key":true}> );
  Segment:
    ( { __typename: 'Segment' }
    & GraphQLRecursivePick<FederationTypes['Segment'], {"key":true}> );
}>;


/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  FlagValue:
    | ( Partial<BooleanFlagValue> )
    | ( Partial<JsonFlagValue> )
    | ( Partial<NumberFlagValue> )
    | ( Partial<StringFlagValue> )
  ;
}>;

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  ApiKey: ResolverTypeWrapper<Partial<ApiKey>>;
  String: ResolverTypeWrapper<Partial<Scalars['String']['output']>>;
  ID: ResolverTypeWrapper<Partial<Scalars['ID']['output']>>;
  ApiKeyKind: ResolverTypeWrapper<Partial<ApiKeyKind>>;
  ApprovalPolicy: ResolverTypeWrapper<Partial<ApprovalPolicy>>;
  Boolean: ResolverTypeWrapper<Partial<Scalars['Boolean']['output']>>;
  Int: ResolverTypeWrapper<Partial<Scalars['Int']['output']>>;
  AuditEntry: ResolverTypeWrapper<Partial<AuditEntry>>;
  AuditEntryConnection: ResolverTypeWrapper<Partial<AuditEntryConnection>>;
  AuditLogFilter: ResolverTypeWrapper<Partial<AuditLogFilter>>;
  AuditRetention: ResolverTypeWrapper<Partial<AuditRetention>>;
  Float: ResolverTypeWrapper<Partial<Scalars['Float']['output']>>;
  BooleanFlagValue: ResolverTypeWrapper<Partial<BooleanFlagValue>>;
  ChangeCategory: ResolverTypeWrapper<Partial<ChangeCategory>>;
  ChangeRequest: ResolverTypeWrapper<Partial<Omit<ChangeRequest, 'releasePlan'> & { releasePlan?: Maybe<ResolversTypes['ReleasePlan']> }>>;
  ChangeRequestDecision: ResolverTypeWrapper<Partial<ChangeRequestDecision>>;
  ChangeRequestFilter: ResolverTypeWrapper<Partial<ChangeRequestFilter>>;
  ChangeRequestInput: ResolverTypeWrapper<Partial<ChangeRequestInput>>;
  ChangeRequestKind: ResolverTypeWrapper<Partial<ChangeRequestKind>>;
  ChangeRequestReview: ResolverTypeWrapper<Partial<ChangeRequestReview>>;
  ChangeRequestStatus: ResolverTypeWrapper<Partial<ChangeRequestStatus>>;
  CodeReference: ResolverTypeWrapper<Partial<CodeReference>>;
  CodeReferenceInput: ResolverTypeWrapper<Partial<CodeReferenceInput>>;
  CodeReferenceUpload: ResolverTypeWrapper<Partial<CodeReferenceUpload>>;
  Condition: ResolverTypeWrapper<Partial<Condition>>;
  ConditionInput: ResolverTypeWrapper<Partial<ConditionInput>>;
  ConfigChange: ResolverTypeWrapper<ConfigChangeEvent>;
  CreateApiKeyInput: ResolverTypeWrapper<Partial<CreateApiKeyInput>>;
  CreateEnvironmentInput: ResolverTypeWrapper<Partial<CreateEnvironmentInput>>;
  CreateFlagInput: ResolverTypeWrapper<Partial<CreateFlagInput>>;
  CreateIntegrationInput: ResolverTypeWrapper<Partial<CreateIntegrationInput>>;
  CreateProjectInput: ResolverTypeWrapper<Partial<CreateProjectInput>>;
  CreateReleasePlanInput: ResolverTypeWrapper<Partial<CreateReleasePlanInput>>;
  CreateRoleInput: ResolverTypeWrapper<Partial<CreateRoleInput>>;
  CreateSegmentInput: ResolverTypeWrapper<Partial<CreateSegmentInput>>;
  CreateUserInput: ResolverTypeWrapper<Partial<CreateUserInput>>;
  CreatedApiKey: ResolverTypeWrapper<Partial<CreatedApiKey>>;
  DateTime: ResolverTypeWrapper<Partial<Scalars['DateTime']['output']>>;
  Environment: ResolverTypeWrapper<EnvironmentRow>;
  EvaluationReasonKind: ResolverTypeWrapper<Partial<EvaluationReasonKind>>;
  Experiment: ResolverTypeWrapper<Partial<Experiment>>;
  ExperimentRuleInput: ResolverTypeWrapper<Partial<ExperimentRuleInput>>;
  Flag: ResolverTypeWrapper<FlagRow>;
  FlagConnection: ResolverTypeWrapper<Partial<Omit<FlagConnection, 'edges' | 'nodes'> & { edges: Array<ResolversTypes['FlagEdge']>, nodes: Array<ResolversTypes['Flag']> }>>;
  FlagEdge: ResolverTypeWrapper<Partial<Omit<FlagEdge, 'node'> & { node: ResolversTypes['Flag'] }>>;
  FlagEnvironment: ResolverTypeWrapper<Partial<FlagEnvironment>>;
  FlagFilter: ResolverTypeWrapper<Partial<FlagFilter>>;
  FlagLifecycle: ResolverTypeWrapper<Partial<FlagLifecycle>>;
  FlagLifecycleCount: ResolverTypeWrapper<Partial<FlagLifecycleCount>>;
  FlagLifecycleState: ResolverTypeWrapper<Partial<FlagLifecycleState>>;
  FlagOrder: ResolverTypeWrapper<Partial<FlagOrder>>;
  FlagOrderField: ResolverTypeWrapper<Partial<FlagOrderField>>;
  FlagSet: ResolverTypeWrapper<Partial<FlagSet>>;
  FlagType: ResolverTypeWrapper<Partial<FlagType>>;
  FlagValue: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['FlagValue']>;
  ImportFlagEnvironmentInput: ResolverTypeWrapper<Partial<ImportFlagEnvironmentInput>>;
  ImportFlagInput: ResolverTypeWrapper<Partial<ImportFlagInput>>;
  Integration: ResolverTypeWrapper<IntegrationRow>;
  IntegrationDelivery: ResolverTypeWrapper<Partial<IntegrationDelivery>>;
  IntegrationKind: ResolverTypeWrapper<Partial<IntegrationKind>>;
  JSON: ResolverTypeWrapper<Partial<Scalars['JSON']['output']>>;
  JsonFlagValue: ResolverTypeWrapper<Partial<JsonFlagValue>>;
  LayerInput: ResolverTypeWrapper<Partial<LayerInput>>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  NumberFlagValue: ResolverTypeWrapper<Partial<NumberFlagValue>>;
  OrderDirection: ResolverTypeWrapper<Partial<OrderDirection>>;
  PageInfo: ResolverTypeWrapper<Partial<PageInfo>>;
  PasswordReset: ResolverTypeWrapper<Partial<PasswordReset>>;
  Prerequisite: ResolverTypeWrapper<Partial<Prerequisite>>;
  PrerequisiteInput: ResolverTypeWrapper<Partial<PrerequisiteInput>>;
  PreviewedContext: ResolverTypeWrapper<Partial<PreviewedContext>>;
  Project: ResolverTypeWrapper<ProjectRow>;
  ProjectEnvironment: ResolverTypeWrapper<Partial<ProjectEnvironment>>;
  ProjectEnvironmentInput: ResolverTypeWrapper<Partial<ProjectEnvironmentInput>>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ReleaseEventKind: ResolverTypeWrapper<Partial<ReleaseEventKind>>;
  ReleaseGuard: ResolverTypeWrapper<Partial<ReleaseGuard>>;
  ReleaseGuardDecision: ResolverTypeWrapper<Partial<ReleaseGuardDecision>>;
  ReleaseGuardInput: ResolverTypeWrapper<Partial<ReleaseGuardInput>>;
  ReleaseGuardKind: ResolverTypeWrapper<Partial<ReleaseGuardKind>>;
  ReleaseGuardReading: ResolverTypeWrapper<Partial<ReleaseGuardReading>>;
  ReleasePlan: ResolverTypeWrapper<ReleasePlanRow>;
  ReleasePlanAction: ResolverTypeWrapper<Partial<ReleasePlanAction>>;
  ReleasePlanActionRequest: ResolverTypeWrapper<Partial<ReleasePlanActionRequest>>;
  ReleasePlanEvent: ResolverTypeWrapper<ReleasePlanEventRow>;
  ReleasePlanStatus: ResolverTypeWrapper<Partial<ReleasePlanStatus>>;
  ReleaseStage: ResolverTypeWrapper<Partial<ReleaseStage>>;
  ReleaseStageInput: ResolverTypeWrapper<Partial<ReleaseStageInput>>;
  ReleaseTemplate: ResolverTypeWrapper<Partial<ReleaseTemplate>>;
  ReleaseTemplateInput: ResolverTypeWrapper<Partial<ReleaseTemplateInput>>;
  Role: ResolverTypeWrapper<Partial<Role>>;
  RoleDefinition: ResolverTypeWrapper<Partial<RoleDefinition>>;
  RoleGrant: ResolverTypeWrapper<Partial<RoleGrant>>;
  RoleGrantInput: ResolverTypeWrapper<Partial<RoleGrantInput>>;
  RoleGroupMapping: ResolverTypeWrapper<Partial<RoleGroupMapping>>;
  Rollout: ResolverTypeWrapper<Partial<Rollout>>;
  RolloutExperiment: ResolverTypeWrapper<Partial<RolloutExperiment>>;
  RolloutInput: ResolverTypeWrapper<Partial<RolloutInput>>;
  RolloutLayer: ResolverTypeWrapper<Partial<RolloutLayer>>;
  Rule: ResolverTypeWrapper<Partial<Rule>>;
  RuleInput: ResolverTypeWrapper<Partial<RuleInput>>;
  ScheduleChangeInput: ResolverTypeWrapper<Partial<ScheduleChangeInput>>;
  ScheduledChange: ResolverTypeWrapper<ScheduledChangeRow>;
  ScheduledChangeFilter: ResolverTypeWrapper<Partial<ScheduledChangeFilter>>;
  ScheduledChangeKind: ResolverTypeWrapper<Partial<ScheduledChangeKind>>;
  ScheduledChangeStatus: ResolverTypeWrapper<Partial<ScheduledChangeStatus>>;
  Segment: ResolverTypeWrapper<SegmentRow>;
  SegmentChangeRequest: ResolverTypeWrapper<Partial<SegmentChangeRequest>>;
  SegmentRule: ResolverTypeWrapper<Partial<SegmentRule>>;
  SegmentRuleInput: ResolverTypeWrapper<Partial<SegmentRuleInput>>;
  Serve: ResolverTypeWrapper<Partial<Serve>>;
  ServeInput: ResolverTypeWrapper<Partial<ServeInput>>;
  Session: ResolverTypeWrapper<Partial<Session>>;
  SlackUserLink: ResolverTypeWrapper<Partial<SlackUserLink>>;
  StringFlagValue: ResolverTypeWrapper<Partial<StringFlagValue>>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Target: ResolverTypeWrapper<Partial<Target>>;
  TargetInput: ResolverTypeWrapper<Partial<TargetInput>>;
  TargetingInput: ResolverTypeWrapper<Partial<TargetingInput>>;
  TargetingPreview: ResolverTypeWrapper<Partial<TargetingPreview>>;
  UpdateFlagInput: ResolverTypeWrapper<Partial<UpdateFlagInput>>;
  UpdateIntegrationInput: ResolverTypeWrapper<Partial<UpdateIntegrationInput>>;
  UpdateProjectInput: ResolverTypeWrapper<Partial<UpdateProjectInput>>;
  UpdateRoleInput: ResolverTypeWrapper<Partial<UpdateRoleInput>>;
  UpdateSegmentInput: ResolverTypeWrapper<Partial<UpdateSegmentInput>>;
  User: ResolverTypeWrapper<Partial<User>>;
  Variation: ResolverTypeWrapper<Partial<Variation>>;
  VariationInput: ResolverTypeWrapper<Partial<VariationInput>>;
  VariationTransition: ResolverTypeWrapper<Partial<VariationTransition>>;
  WeightedVariation: ResolverTypeWrapper<Partial<WeightedVariation>>;
  WeightedVariationInput: ResolverTypeWrapper<Partial<WeightedVariationInput>>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  ApiKey: Partial<ApiKey>;
  String: Partial<Scalars['String']['output']>;
  ID: Partial<Scalars['ID']['output']>;
  ApprovalPolicy: Partial<ApprovalPolicy>;
  Boolean: Partial<Scalars['Boolean']['output']>;
  Int: Partial<Scalars['Int']['output']>;
  AuditEntry: Partial<AuditEntry>;
  AuditEntryConnection: Partial<AuditEntryConnection>;
  AuditLogFilter: Partial<AuditLogFilter>;
  AuditRetention: Partial<AuditRetention>;
  Float: Partial<Scalars['Float']['output']>;
  BooleanFlagValue: Partial<BooleanFlagValue>;
  ChangeRequest: Partial<Omit<ChangeRequest, 'releasePlan'> & { releasePlan?: Maybe<ResolversParentTypes['ReleasePlan']> }>;
  ChangeRequestFilter: Partial<ChangeRequestFilter>;
  ChangeRequestInput: Partial<ChangeRequestInput>;
  ChangeRequestReview: Partial<ChangeRequestReview>;
  CodeReference: Partial<CodeReference>;
  CodeReferenceInput: Partial<CodeReferenceInput>;
  CodeReferenceUpload: Partial<CodeReferenceUpload>;
  Condition: Partial<Condition>;
  ConditionInput: Partial<ConditionInput>;
  ConfigChange: ConfigChangeEvent;
  CreateApiKeyInput: Partial<CreateApiKeyInput>;
  CreateEnvironmentInput: Partial<CreateEnvironmentInput>;
  CreateFlagInput: Partial<CreateFlagInput>;
  CreateIntegrationInput: Partial<CreateIntegrationInput>;
  CreateProjectInput: Partial<CreateProjectInput>;
  CreateReleasePlanInput: Partial<CreateReleasePlanInput>;
  CreateRoleInput: Partial<CreateRoleInput>;
  CreateSegmentInput: Partial<CreateSegmentInput>;
  CreateUserInput: Partial<CreateUserInput>;
  CreatedApiKey: Partial<CreatedApiKey>;
  DateTime: Partial<Scalars['DateTime']['output']>;
  Environment: EnvironmentRow;
  Experiment: Partial<Experiment>;
  ExperimentRuleInput: Partial<ExperimentRuleInput>;
  Flag: FlagRow;
  FlagConnection: Partial<Omit<FlagConnection, 'edges' | 'nodes'> & { edges: Array<ResolversParentTypes['FlagEdge']>, nodes: Array<ResolversParentTypes['Flag']> }>;
  FlagEdge: Partial<Omit<FlagEdge, 'node'> & { node: ResolversParentTypes['Flag'] }>;
  FlagEnvironment: Partial<FlagEnvironment>;
  FlagFilter: Partial<FlagFilter>;
  FlagLifecycle: Partial<FlagLifecycle>;
  FlagLifecycleCount: Partial<FlagLifecycleCount>;
  FlagOrder: Partial<FlagOrder>;
  FlagSet: Partial<FlagSet>;
  FlagValue: ResolversInterfaceTypes<ResolversParentTypes>['FlagValue'];
  ImportFlagEnvironmentInput: Partial<ImportFlagEnvironmentInput>;
  ImportFlagInput: Partial<ImportFlagInput>;
  Integration: IntegrationRow;
  IntegrationDelivery: Partial<IntegrationDelivery>;
  JSON: Partial<Scalars['JSON']['output']>;
  JsonFlagValue: Partial<JsonFlagValue>;
  LayerInput: Partial<LayerInput>;
  Mutation: Record<PropertyKey, never>;
  NumberFlagValue: Partial<NumberFlagValue>;
  PageInfo: Partial<PageInfo>;
  PasswordReset: Partial<PasswordReset>;
  Prerequisite: Partial<Prerequisite>;
  PrerequisiteInput: Partial<PrerequisiteInput>;
  PreviewedContext: Partial<PreviewedContext>;
  Project: ProjectRow;
  ProjectEnvironment: Partial<ProjectEnvironment>;
  ProjectEnvironmentInput: Partial<ProjectEnvironmentInput>;
  Query: Record<PropertyKey, never>;
  ReleaseGuard: Partial<ReleaseGuard>;
  ReleaseGuardInput: Partial<ReleaseGuardInput>;
  ReleaseGuardReading: Partial<ReleaseGuardReading>;
  ReleasePlan: ReleasePlanRow;
  ReleasePlanActionRequest: Partial<ReleasePlanActionRequest>;
  ReleasePlanEvent: ReleasePlanEventRow;
  ReleaseStage: Partial<ReleaseStage>;
  ReleaseStageInput: Partial<ReleaseStageInput>;
  ReleaseTemplate: Partial<ReleaseTemplate>;
  ReleaseTemplateInput: Partial<ReleaseTemplateInput>;
  RoleDefinition: Partial<RoleDefinition>;
  RoleGrant: Partial<RoleGrant>;
  RoleGrantInput: Partial<RoleGrantInput>;
  RoleGroupMapping: Partial<RoleGroupMapping>;
  Rollout: Partial<Rollout>;
  RolloutExperiment: Partial<RolloutExperiment>;
  RolloutInput: Partial<RolloutInput>;
  RolloutLayer: Partial<RolloutLayer>;
  Rule: Partial<Rule>;
  RuleInput: Partial<RuleInput>;
  ScheduleChangeInput: Partial<ScheduleChangeInput>;
  ScheduledChange: ScheduledChangeRow;
  ScheduledChangeFilter: Partial<ScheduledChangeFilter>;
  Segment: SegmentRow;
  SegmentChangeRequest: Partial<SegmentChangeRequest>;
  SegmentRule: Partial<SegmentRule>;
  SegmentRuleInput: Partial<SegmentRuleInput>;
  Serve: Partial<Serve>;
  ServeInput: Partial<ServeInput>;
  Session: Partial<Session>;
  SlackUserLink: Partial<SlackUserLink>;
  StringFlagValue: Partial<StringFlagValue>;
  Subscription: Record<PropertyKey, never>;
  Target: Partial<Target>;
  TargetInput: Partial<TargetInput>;
  TargetingInput: Partial<TargetingInput>;
  TargetingPreview: Partial<TargetingPreview>;
  UpdateFlagInput: Partial<UpdateFlagInput>;
  UpdateIntegrationInput: Partial<UpdateIntegrationInput>;
  UpdateProjectInput: Partial<UpdateProjectInput>;
  UpdateRoleInput: Partial<UpdateRoleInput>;
  UpdateSegmentInput: Partial<UpdateSegmentInput>;
  User: Partial<User>;
  Variation: Partial<Variation>;
  VariationInput: Partial<VariationInput>;
  VariationTransition: Partial<VariationTransition>;
  WeightedVariation: Partial<WeightedVariation>;
  WeightedVariationInput: Partial<WeightedVariationInput>;
}>;

export type ApiKeyResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ApiKey'] = ResolversParentTypes['ApiKey']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  customRoles?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  environment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['ApiKeyKind'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  permissions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  prefix?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  project?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  role?: Resolver<Maybe<ResolversTypes['Role']>, ParentType, ContextType>;
}>;

export type ApprovalPolicyResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ApprovalPolicy'] = ResolversParentTypes['ApprovalPolicy']> = ResolversObject<{
  adminBypass?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  environment?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  requiredApprovals?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type AuditEntryResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['AuditEntry'] = ResolversParentTypes['AuditEntry']> = ResolversObject<{
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  actorId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  actorName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  after?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  before?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  environment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  ip?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  project?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  resourceKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  resourceType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  seq?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  userAgent?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type AuditEntryConnectionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['AuditEntryConnection'] = ResolversParentTypes['AuditEntryConnection']> = ResolversObject<{
  nodes?: Resolver<Array<ResolversTypes['AuditEntry']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type AuditRetentionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['AuditRetention'] = ResolversParentTypes['AuditRetention']> = ResolversObject<{
  auditLogDays?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  lastCutoff?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lastDeleted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lastRunAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  nextRunAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  oldestAuditEntryAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  totalDeleted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type BooleanFlagValueResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['BooleanFlagValue'] = ResolversParentTypes['BooleanFlagValue']> = ResolversObject<{
  errorCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  errorMessage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  experimentKey?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  inExperiment?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  prerequisiteKey?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['EvaluationReasonKind'], ParentType, ContextType>;
  ruleId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  variation?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ChangeRequestResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ChangeRequest'] = ResolversParentTypes['ChangeRequest']> = ResolversObject<{
  appliedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  appliedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  applyAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  approvals?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  bypassed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  comment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  diff?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  environment?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  flagKey?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['ChangeRequestKind'], ParentType, ContextType>;
  preview?: Resolver<Maybe<ResolversTypes['TargetingPreview']>, ParentType, ContextType>;
  project?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  proposed?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  releasePlan?: Resolver<Maybe<ResolversTypes['ReleasePlan']>, ParentType, ContextType>;
  releasePlanAction?: Resolver<Maybe<ResolversTypes['ReleasePlanAction']>, ParentType, ContextType>;
  requiredApprovals?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  revertedTo?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  reviews?: Resolver<Array<ResolversTypes['ChangeRequestReview']>, ParentType, ContextType>;
  segmentKey?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ChangeRequestStatus'], ParentType, ContextType>;
  targeting?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  writtenAgainstVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ChangeRequestReviewResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ChangeRequestReview'] = ResolversParentTypes['ChangeRequestReview']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  by?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  comment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  decision?: Resolver<ResolversTypes['ChangeRequestDecision'], ParentType, ContextType>;
}>;

export type CodeReferenceResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['CodeReference'] = ResolversParentTypes['CodeReference']> = ResolversObject<{
  commit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  context?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  line?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  path?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  repository?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type CodeReferenceUploadResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['CodeReferenceUpload'] = ResolversParentTypes['CodeReferenceUpload']> = ResolversObject<{
  commit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  repository?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  uploadedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  uploadedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ConditionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Condition'] = ResolversParentTypes['Condition']> = ResolversObject<{
  attribute?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  caseInsensitive?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  negate?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  operator?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  regexFlags?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  values?: Resolver<Array<ResolversTypes['JSON']>, ParentType, ContextType>;
}>;

export type ConfigChangeResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ConfigChange'] = ResolversParentTypes['ConfigChange']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  changeRequest?: Resolver<Maybe<ResolversTypes['ChangeRequest']>, ParentType, ContextType>;
  environment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  experiment?: Resolver<Maybe<ResolversTypes['Experiment']>, ParentType, ContextType>;
  flag?: Resolver<Maybe<ResolversTypes['Flag']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  project?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  releasePlan?: Resolver<Maybe<ResolversTypes['ReleasePlan']>, ParentType, ContextType>;
  resourceKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  resourceType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  scheduledChange?: Resolver<Maybe<ResolversTypes['ScheduledChange']>, ParentType, ContextType>;
  segment?: Resolver<Maybe<ResolversTypes['Segment']>, ParentType, ContextType>;
  seq?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type CreatedApiKeyResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['CreatedApiKey'] = ResolversParentTypes['CreatedApiKey']> = ResolversObject<{
  apiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType>;
  secret?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type EnvironmentResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Environment'] = ResolversParentTypes['Environment'], FederationReferenceType extends FederationReferenceTypes['Environment'] = FederationReferenceTypes['Environment']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Environment']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sortOrder?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ExperimentResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Experiment'] = ResolversParentTypes['Experiment']> = ResolversObject<{
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  project?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type FlagResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Flag'] = ResolversParentTypes['Flag'], FederationReferenceType extends FederationReferenceTypes['Flag'] = FederationReferenceTypes['Flag']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Flag']> | FederationReferenceType, FederationReferenceType, ContextType>;
  archived?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  codeReferences?: Resolver<Array<ResolversTypes['CodeReference']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  environment?: Resolver<Maybe<ResolversTypes['FlagEnvironment']>, ParentType, ContextType, RequireFields<FlagEnvironmentArgs, 'key'>>;
  environments?: Resolver<Array<ResolversTypes['FlagEnvironment']>, ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lifecycle?: Resolver<ResolversTypes['FlagLifecycle'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  owner?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  project?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  releasePlans?: Resolver<Array<ResolversTypes['ReleasePlan']>, ParentType, ContextType, Partial<FlagReleasePlansArgs>>;
  scheduledChanges?: Resolver<Array<ResolversTypes['ScheduledChange']>, ParentType, ContextType, Partial<FlagScheduledChangesArgs>>;
  tags?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['FlagType'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  variations?: Resolver<Array<ResolversTypes['Variation']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type FlagConnectionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['FlagConnection'] = ResolversParentTypes['FlagConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['FlagEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Flag']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type FlagEdgeResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['FlagEdge'] = ResolversParentTypes['FlagEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Flag'], ParentType, ContextType>;
}>;

export type FlagEnvironmentResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['FlagEnvironment'] = ResolversParentTypes['FlagEnvironment']> = ResolversObject<{
  enabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  endsAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  environment?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fallthrough?: Resolver<ResolversTypes['Serve'], ParentType, ContextType>;
  offVariation?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  prerequisites?: Resolver<Array<ResolversTypes['Prerequisite']>, ParentType, ContextType>;
  rules?: Resolver<Array<ResolversTypes['Rule']>, ParentType, ContextType>;
  startsAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  targets?: Resolver<Array<ResolversTypes['Target']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type FlagLifecycleResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['FlagLifecycle'] = ResolversParentTypes['FlagLifecycle']> = ResolversObject<{
  computedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lastEvaluatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  removable?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  since?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  state?: Resolver<ResolversTypes['FlagLifecycleState'], ParentType, ContextType>;
  variation?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type FlagLifecycleCountResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['FlagLifecycleCount'] = ResolversParentTypes['FlagLifecycleCount']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  state?: Resolver<ResolversTypes['FlagLifecycleState'], ParentType, ContextType>;
}>;

export type FlagSetResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['FlagSet'] = ResolversParentTypes['FlagSet']> = ResolversObject<{
  environment?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  flags?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  project?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  segments?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type FlagValueResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['FlagValue'] = ResolversParentTypes['FlagValue']> = ResolversObject<{
  __resolveType: TypeResolveFn<'BooleanFlagValue' | 'JsonFlagValue' | 'NumberFlagValue' | 'StringFlagValue', ParentType, ContextType>;
}>;

export type IntegrationResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Integration'] = ResolversParentTypes['Integration']> = ResolversObject<{
  changeKinds?: Resolver<Array<ResolversTypes['ChangeCategory']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  deliveredSeq?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  deliveries?: Resolver<Array<ResolversTypes['IntegrationDelivery']>, ParentType, ContextType, RequireFields<IntegrationDeliveriesArgs, 'first'>>;
  disabledReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  enabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  environments?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  failingSince?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  hasSecret?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['IntegrationKind'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  nextAttemptAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  projects?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  target?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type IntegrationDeliveryResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['IntegrationDelivery'] = ResolversParentTypes['IntegrationDelivery']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  attempt?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  latencyMs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  manual?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  responseExcerpt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  seq?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  statusCode?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  succeeded?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type JsonFlagValueResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['JsonFlagValue'] = ResolversParentTypes['JsonFlagValue']> = ResolversObject<{
  errorCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  errorMessage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  experimentKey?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  inExperiment?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  prerequisiteKey?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['EvaluationReasonKind'], ParentType, ContextType>;
  ruleId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  variation?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  applyChangeRequest?: Resolver<ResolversTypes['ChangeRequest'], ParentType, ContextType, RequireFields<MutationApplyChangeRequestArgs, 'bypass' | 'expectedVersion' | 'id'>>;
  archiveFlag?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<MutationArchiveFlagArgs, 'expectedVersion' | 'key'>>;
  attachExperiment?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<MutationAttachExperimentArgs, 'environment' | 'experiment' | 'flagKey'>>;
  cancelScheduledChange?: Resolver<ResolversTypes['ScheduledChange'], ParentType, ContextType, RequireFields<MutationCancelScheduledChangeArgs, 'expectedVersion' | 'id'>>;
  changePassword?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationChangePasswordArgs, 'currentPassword' | 'newPassword'>>;
  copyTargeting?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<MutationCopyTargetingArgs, 'expectedVersion' | 'fromEnvironment' | 'key' | 'toEnvironment'>>;
  createApiKey?: Resolver<ResolversTypes['CreatedApiKey'], ParentType, ContextType, RequireFields<MutationCreateApiKeyArgs, 'input'>>;
  createChangeRequest?: Resolver<ResolversTypes['ChangeRequest'], ParentType, ContextType, RequireFields<MutationCreateChangeRequestArgs, 'input'>>;
  createEnvironment?: Resolver<ResolversTypes['Environment'], ParentType, ContextType, RequireFields<MutationCreateEnvironmentArgs, 'input'>>;
  createFlag?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<MutationCreateFlagArgs, 'input'>>;
  createIntegration?: Resolver<ResolversTypes['Integration'], ParentType, ContextType, RequireFields<MutationCreateIntegrationArgs, 'input'>>;
  createProject?: Resolver<ResolversTypes['Project'], ParentType, ContextType, RequireFields<MutationCreateProjectArgs, 'input'>>;
  createReleasePlan?: Resolver<ResolversTypes['ReleasePlan'], ParentType, ContextType, RequireFields<MutationCreateReleasePlanArgs, 'input'>>;
  createRole?: Resolver<ResolversTypes['RoleDefinition'], ParentType, ContextType, RequireFields<MutationCreateRoleArgs, 'input'>>;
  createSegment?: Resolver<ResolversTypes['Segment'], ParentType, ContextType, RequireFields<MutationCreateSegmentArgs, 'input'>>;
  createUser?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationCreateUserArgs, 'input'>>;
  deactivateUser?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationDeactivateUserArgs, 'id'>>;
  deleteFlag?: Resolver<ResolversTypes['String'], ParentType, ContextType, RequireFields<MutationDeleteFlagArgs, 'expectedVersion' | 'key'>>;
  deleteIntegration?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationDeleteIntegrationArgs, 'expectedVersion' | 'id'>>;
  deleteReleaseTemplate?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationDeleteReleaseTemplateArgs, 'expectedVersion' | 'key'>>;
  deleteRole?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationDeleteRoleArgs, 'key'>>;
  deleteSegment?: Resolver<ResolversTypes['String'], ParentType, ContextType, RequireFields<MutationDeleteSegmentArgs, 'expectedVersion' | 'key'>>;
  deleteUser?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationDeleteUserArgs, 'id'>>;
  detachExperiment?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<MutationDetachExperimentArgs, 'environment' | 'experimentKey' | 'flagKey'>>;
  importFlag?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<MutationImportFlagArgs, 'input'>>;
  linkSlackUser?: Resolver<ResolversTypes['SlackUserLink'], ParentType, ContextType, RequireFields<MutationLinkSlackUserArgs, 'slackUserId' | 'userId'>>;
  login?: Resolver<ResolversTypes['Session'], ParentType, ContextType, RequireFields<MutationLoginArgs, 'email' | 'password'>>;
  logout?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationLogoutArgs, 'refreshToken'>>;
  moveFlag?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<MutationMoveFlagArgs, 'expectedVersion' | 'key' | 'toProject'>>;
  reactivateUser?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationReactivateUserArgs, 'id'>>;
  redeliverIntegrationChange?: Resolver<ResolversTypes['IntegrationDelivery'], ParentType, ContextType, RequireFields<MutationRedeliverIntegrationChangeArgs, 'id' | 'seq'>>;
  refreshSession?: Resolver<ResolversTypes['Session'], ParentType, ContextType, RequireFields<MutationRefreshSessionArgs, 'refreshToken'>>;
  releasePlanAction?: Resolver<ResolversTypes['ReleasePlan'], ParentType, ContextType, RequireFields<MutationReleasePlanActionArgs, 'action' | 'expectedVersion' | 'id'>>;
  rescheduleChange?: Resolver<ResolversTypes['ScheduledChange'], ParentType, ContextType, RequireFields<MutationRescheduleChangeArgs, 'at' | 'expectedVersion' | 'id'>>;
  resetUserPassword?: Resolver<ResolversTypes['PasswordReset'], ParentType, ContextType, RequireFields<MutationResetUserPasswordArgs, 'id'>>;
  restoreFlag?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<MutationRestoreFlagArgs, 'expectedVersion' | 'key'>>;
  revertFlag?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<MutationRevertFlagArgs, 'auditEntryId' | 'expectedVersion' | 'key'>>;
  revertSegment?: Resolver<ResolversTypes['Segment'], ParentType, ContextType, RequireFields<MutationRevertSegmentArgs, 'auditEntryId' | 'expectedVersion' | 'key'>>;
  reviewChangeRequest?: Resolver<ResolversTypes['ChangeRequest'], ParentType, ContextType, RequireFields<MutationReviewChangeRequestArgs, 'decision' | 'expectedVersion' | 'id'>>;
  revokeApiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType, RequireFields<MutationRevokeApiKeyArgs, 'id'>>;
  saveReleaseTemplate?: Resolver<ResolversTypes['ReleaseTemplate'], ParentType, ContextType, RequireFields<MutationSaveReleaseTemplateArgs, 'input'>>;
  scheduleChange?: Resolver<ResolversTypes['ScheduledChange'], ParentType, ContextType, RequireFields<MutationScheduleChangeArgs, 'input'>>;
  setApiKeyCustomRoles?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType, RequireFields<MutationSetApiKeyCustomRolesArgs, 'id' | 'roles'>>;
  setApprovalPolicy?: Resolver<ResolversTypes['ApprovalPolicy'], ParentType, ContextType, RequireFields<MutationSetApprovalPolicyArgs, 'adminBypass' | 'environment' | 'requiredApprovals'>>;
  setFlagEnabled?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<MutationSetFlagEnabledArgs, 'enabled' | 'environment' | 'expectedVersion' | 'key'>>;
  setRoleGroupMapping?: Resolver<ResolversTypes['RoleGroupMapping'], ParentType, ContextType, RequireFields<MutationSetRoleGroupMappingArgs, 'group' | 'roles'>>;
  setUserCustomRoles?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationSetUserCustomRolesArgs, 'id' | 'roles'>>;
  submitChangeRequest?: Resolver<ResolversTypes['ChangeRequest'], ParentType, ContextType, RequireFields<MutationSubmitChangeRequestArgs, 'expectedVersion' | 'id'>>;
  testIntegration?: Resolver<ResolversTypes['IntegrationDelivery'], ParentType, ContextType, RequireFields<MutationTestIntegrationArgs, 'id'>>;
  unlinkSlackUser?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationUnlinkSlackUserArgs, 'slackUserId'>>;
  unlockUser?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationUnlockUserArgs, 'id'>>;
  updateFlag?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<MutationUpdateFlagArgs, 'expectedVersion' | 'input' | 'key'>>;
  updateIntegration?: Resolver<ResolversTypes['Integration'], ParentType, ContextType, RequireFields<MutationUpdateIntegrationArgs, 'expectedVersion' | 'id' | 'input'>>;
  updateProject?: Resolver<ResolversTypes['Project'], ParentType, ContextType, RequireFields<MutationUpdateProjectArgs, 'expectedVersion' | 'input' | 'key'>>;
  updateRole?: Resolver<ResolversTypes['RoleDefinition'], ParentType, ContextType, RequireFields<MutationUpdateRoleArgs, 'input' | 'key'>>;
  updateSegment?: Resolver<ResolversTypes['Segment'], ParentType, ContextType, RequireFields<MutationUpdateSegmentArgs, 'expectedVersion' | 'input' | 'key'>>;
  updateTargeting?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<MutationUpdateTargetingArgs, 'environment' | 'expectedVersion' | 'input' | 'key'>>;
  updateUserRole?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationUpdateUserRoleArgs, 'id' | 'role'>>;
  uploadCodeReferences?: Resolver<ResolversTypes['CodeReferenceUpload'], ParentType, ContextType, RequireFields<MutationUploadCodeReferencesArgs, 'commit' | 'references' | 'repository'>>;
}>;

export type NumberFlagValueResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['NumberFlagValue'] = ResolversParentTypes['NumberFlagValue']> = ResolversObject<{
  errorCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  errorMessage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  experimentKey?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  inExperiment?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  prerequisiteKey?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['EvaluationReasonKind'], ParentType, ContextType>;
  ruleId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  variation?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type PasswordResetResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['PasswordReset'] = ResolversParentTypes['PasswordReset']> = ResolversObject<{
  temporaryPassword?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
}>;

export type PrerequisiteResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Prerequisite'] = ResolversParentTypes['Prerequisite']> = ResolversObject<{
  flagKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  off?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  variation?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  variations?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
}>;

export type PreviewedContextResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['PreviewedContext'] = ResolversParentTypes['PreviewedContext']> = ResolversObject<{
  attributes?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  from?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  to?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type ProjectResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Project'] = ResolversParentTypes['Project'], FederationReferenceType extends FederationReferenceTypes['Project'] = FederationReferenceTypes['Project']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Project']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  environments?: Resolver<Array<ResolversTypes['ProjectEnvironment']>, ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ProjectEnvironmentResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ProjectEnvironment'] = ResolversParentTypes['ProjectEnvironment']> = ResolversObject<{
  colour?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  apiKeys?: Resolver<Array<ResolversTypes['ApiKey']>, ParentType, ContextType, RequireFields<QueryApiKeysArgs, 'includeRevoked'>>;
  approvalPolicies?: Resolver<Array<ResolversTypes['ApprovalPolicy']>, ParentType, ContextType>;
  auditLog?: Resolver<ResolversTypes['AuditEntryConnection'], ParentType, ContextType, RequireFields<QueryAuditLogArgs, 'first'>>;
  auditRetention?: Resolver<ResolversTypes['AuditRetention'], ParentType, ContextType>;
  changeRequest?: Resolver<Maybe<ResolversTypes['ChangeRequest']>, ParentType, ContextType, RequireFields<QueryChangeRequestArgs, 'id'>>;
  changeRequests?: Resolver<Array<ResolversTypes['ChangeRequest']>, ParentType, ContextType, RequireFields<QueryChangeRequestsArgs, 'first'>>;
  codeReferenceRepositories?: Resolver<Array<ResolversTypes['CodeReferenceUpload']>, ParentType, ContextType, Partial<QueryCodeReferenceRepositoriesArgs>>;
  configChanges?: Resolver<Array<ResolversTypes['ConfigChange']>, ParentType, ContextType, RequireFields<QueryConfigChangesArgs, 'first' | 'sinceVersion'>>;
  environments?: Resolver<Array<ResolversTypes['Environment']>, ParentType, ContextType>;
  evaluate?: Resolver<Array<ResolversTypes['FlagValue']>, ParentType, ContextType, RequireFields<QueryEvaluateArgs, 'context' | 'environment'>>;
  flag?: Resolver<Maybe<ResolversTypes['Flag']>, ParentType, ContextType, RequireFields<QueryFlagArgs, 'key'>>;
  flagLifecycleCounts?: Resolver<Array<ResolversTypes['FlagLifecycleCount']>, ParentType, ContextType, Partial<QueryFlagLifecycleCountsArgs>>;
  flagSet?: Resolver<ResolversTypes['FlagSet'], ParentType, ContextType, RequireFields<QueryFlagSetArgs, 'environment'>>;
  flags?: Resolver<ResolversTypes['FlagConnection'], ParentType, ContextType, RequireFields<QueryFlagsArgs, 'first' | 'orderBy'>>;
  grantablePermissions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  integration?: Resolver<Maybe<ResolversTypes['Integration']>, ParentType, ContextType, RequireFields<QueryIntegrationArgs, 'id'>>;
  integrations?: Resolver<Array<ResolversTypes['Integration']>, ParentType, ContextType>;
  me?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  previewTargeting?: Resolver<ResolversTypes['TargetingPreview'], ParentType, ContextType, RequireFields<QueryPreviewTargetingArgs, 'environment' | 'flagKey' | 'targeting'>>;
  project?: Resolver<Maybe<ResolversTypes['Project']>, ParentType, ContextType, RequireFields<QueryProjectArgs, 'key'>>;
  projects?: Resolver<Array<ResolversTypes['Project']>, ParentType, ContextType>;
  releasePlan?: Resolver<Maybe<ResolversTypes['ReleasePlan']>, ParentType, ContextType, RequireFields<QueryReleasePlanArgs, 'id'>>;
  releaseTemplates?: Resolver<Array<ResolversTypes['ReleaseTemplate']>, ParentType, ContextType>;
  role?: Resolver<Maybe<ResolversTypes['RoleDefinition']>, ParentType, ContextType, RequireFields<QueryRoleArgs, 'key'>>;
  roleGroupMappings?: Resolver<Array<ResolversTypes['RoleGroupMapping']>, ParentType, ContextType>;
  roles?: Resolver<Array<ResolversTypes['RoleDefinition']>, ParentType, ContextType>;
  scheduledChanges?: Resolver<Array<ResolversTypes['ScheduledChange']>, ParentType, ContextType, Partial<QueryScheduledChangesArgs>>;
  segment?: Resolver<Maybe<ResolversTypes['Segment']>, ParentType, ContextType, RequireFields<QuerySegmentArgs, 'key'>>;
  segments?: Resolver<Array<ResolversTypes['Segment']>, ParentType, ContextType, Partial<QuerySegmentsArgs>>;
  slackUserLinks?: Resolver<Array<ResolversTypes['SlackUserLink']>, ParentType, ContextType>;
  users?: Resolver<Array<ResolversTypes['User']>, ParentType, ContextType>;
}>;

export type ReleaseGuardResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ReleaseGuard'] = ResolversParentTypes['ReleaseGuard']> = ResolversObject<{
  kind?: Resolver<ResolversTypes['ReleaseGuardKind'], ParentType, ContextType>;
  metric?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  minSample?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  threshold?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type ReleaseGuardReadingResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ReleaseGuardReading'] = ResolversParentTypes['ReleaseGuardReading']> = ResolversObject<{
  decision?: Resolver<ResolversTypes['ReleaseGuardDecision'], ParentType, ContextType>;
  guard?: Resolver<ResolversTypes['ReleaseGuard'], ParentType, ContextType>;
  lower?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  sample?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  upper?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
}>;

export type ReleasePlanResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ReleasePlan'] = ResolversParentTypes['ReleasePlan']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  currentPercent?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  currentStage?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  environment?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  events?: Resolver<Array<ResolversTypes['ReleasePlanEvent']>, ParentType, ContextType>;
  flagKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  guards?: Resolver<Array<ResolversTypes['ReleaseGuard']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  nextCheckAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  project?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  readings?: Resolver<Array<ResolversTypes['ReleaseGuardReading']>, ParentType, ContextType>;
  ruleId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  stageStartedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  stages?: Resolver<Array<ResolversTypes['ReleaseStage']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ReleasePlanStatus'], ParentType, ContextType>;
  template?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  variation?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  waitingReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type ReleasePlanEventResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ReleasePlanEvent'] = ResolversParentTypes['ReleasePlanEvent']> = ResolversObject<{
  actor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  detail?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['ReleaseEventKind'], ParentType, ContextType>;
  percent?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  stage?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ReleaseStageResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ReleaseStage'] = ResolversParentTypes['ReleaseStage']> = ResolversObject<{
  minDurationMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  percent?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type ReleaseTemplateResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ReleaseTemplate'] = ResolversParentTypes['ReleaseTemplate']> = ResolversObject<{
  builtIn?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  guards?: Resolver<Array<ResolversTypes['ReleaseGuard']>, ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  stages?: Resolver<Array<ResolversTypes['ReleaseStage']>, ParentType, ContextType>;
  version?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type RoleDefinitionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['RoleDefinition'] = ResolversParentTypes['RoleDefinition']> = ResolversObject<{
  createdAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  grants?: Resolver<Array<ResolversTypes['RoleGrant']>, ParentType, ContextType>;
  key?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  preset?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type RoleGrantResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['RoleGrant'] = ResolversParentTypes['RoleGrant']> = ResolversObject<{
  environment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  permission?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  project?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type RoleGroupMappingResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['RoleGroupMapping'] = ResolversParentTypes['RoleGroupMapping']> = ResolversObject<{
  group?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  roles?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type RolloutResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Rollout'] = ResolversParentTypes['Rollout']> = ResolversObject<{
  bucketBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  experiment?: Resolver<Maybe<ResolversTypes['RolloutExperiment']>, ParentType, ContextType>;
  salt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  variations?: Resolver<Array<ResolversTypes['WeightedVariation']>, ParentType, ContextType>;
}>;

export type RolloutExperimentResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['RolloutExperiment'] = ResolversParentTypes['RolloutExperiment']> = ResolversObject<{
  coverage?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  layer?: Resolver<Maybe<ResolversTypes['RolloutLayer']>, ParentType, ContextType>;
}>;

export type RolloutLayerResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['RolloutLayer'] = ResolversParentTypes['RolloutLayer']> = ResolversObject<{
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rangeEnd?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  rangeStart?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type RuleResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Rule'] = ResolversParentTypes['Rule']> = ResolversObject<{
  conditions?: Resolver<Array<ResolversTypes['Condition']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  serve?: Resolver<ResolversTypes['Serve'], ParentType, ContextType>;
}>;

export type ScheduledChangeResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ScheduledChange'] = ResolversParentTypes['ScheduledChange']> = ResolversObject<{
  appliedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  environment?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  flagKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['ScheduledChangeKind'], ParentType, ContextType>;
  preview?: Resolver<Maybe<ResolversTypes['TargetingPreview']>, ParentType, ContextType>;
  project?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ScheduledChangeStatus'], ParentType, ContextType>;
  targeting?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  writtenAgainstVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type SegmentResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Segment'] = ResolversParentTypes['Segment'], FederationReferenceType extends FederationReferenceTypes['Segment'] = FederationReferenceTypes['Segment']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Segment']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  excluded?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType, RequireFields<SegmentExcludedArgs, 'first'>>;
  excludedCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  included?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType, RequireFields<SegmentIncludedArgs, 'first'>>;
  includedCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  project?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rules?: Resolver<Array<ResolversTypes['SegmentRule']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  usedByFlags?: Resolver<Array<ResolversTypes['Flag']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type SegmentRuleResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['SegmentRule'] = ResolversParentTypes['SegmentRule']> = ResolversObject<{
  conditions?: Resolver<Array<ResolversTypes['Condition']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ServeResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Serve'] = ResolversParentTypes['Serve']> = ResolversObject<{
  rollout?: Resolver<Maybe<ResolversTypes['Rollout']>, ParentType, ContextType>;
  variation?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type SessionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Session'] = ResolversParentTypes['Session']> = ResolversObject<{
  accessToken?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  accessTokenExpiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  refreshToken?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  refreshTokenExpiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
}>;

export type SlackUserLinkResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['SlackUserLink'] = ResolversParentTypes['SlackUserLink']> = ResolversObject<{
  linkedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  linkedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  slackUserId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  userEmail?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  userId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type StringFlagValueResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['StringFlagValue'] = ResolversParentTypes['StringFlagValue']> = ResolversObject<{
  errorCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  errorMessage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  experimentKey?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  inExperiment?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  prerequisiteKey?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['EvaluationReasonKind'], ParentType, ContextType>;
  ruleId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  variation?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type SubscriptionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  configChanged?: SubscriptionResolver<ResolversTypes['ConfigChange'], "configChanged", ParentType, ContextType, RequireFields<SubscriptionConfigChangedArgs, 'environment'>>;
  evaluatedConfig?: SubscriptionResolver<Array<ResolversTypes['FlagValue']>, "evaluatedConfig", ParentType, ContextType, RequireFields<SubscriptionEvaluatedConfigArgs, 'context' | 'environment'>>;
}>;

export type TargetResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Target'] = ResolversParentTypes['Target']> = ResolversObject<{
  values?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  variation?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type TargetingPreviewResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['TargetingPreview'] = ResolversParentTypes['TargetingPreview']> = ResolversObject<{
  changed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  contextsConsidered?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  environment?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  flagKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  project?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sample?: Resolver<Array<ResolversTypes['PreviewedContext']>, ParentType, ContextType>;
  transitions?: Resolver<Array<ResolversTypes['VariationTransition']>, ParentType, ContextType>;
}>;

export type UserResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  customRoles?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  deactivatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  effectivePermissions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lockedUntil?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  permissions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  role?: Resolver<ResolversTypes['Role'], ParentType, ContextType>;
  ssoGroups?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type VariationResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Variation'] = ResolversParentTypes['Variation']> = ResolversObject<{
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
}>;

export type VariationTransitionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['VariationTransition'] = ResolversParentTypes['VariationTransition']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  from?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  to?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type WeightedVariationResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['WeightedVariation'] = ResolversParentTypes['WeightedVariation']> = ResolversObject<{
  variation?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  weight?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = SubgraphContext> = ResolversObject<{
  ApiKey?: ApiKeyResolvers<ContextType>;
  ApprovalPolicy?: ApprovalPolicyResolvers<ContextType>;
  AuditEntry?: AuditEntryResolvers<ContextType>;
  AuditEntryConnection?: AuditEntryConnectionResolvers<ContextType>;
  AuditRetention?: AuditRetentionResolvers<ContextType>;
  BooleanFlagValue?: BooleanFlagValueResolvers<ContextType>;
  ChangeRequest?: ChangeRequestResolvers<ContextType>;
  ChangeRequestReview?: ChangeRequestReviewResolvers<ContextType>;
  CodeReference?: CodeReferenceResolvers<ContextType>;
  CodeReferenceUpload?: CodeReferenceUploadResolvers<ContextType>;
  Condition?: ConditionResolvers<ContextType>;
  ConfigChange?: ConfigChangeResolvers<ContextType>;
  CreatedApiKey?: CreatedApiKeyResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Environment?: EnvironmentResolvers<ContextType>;
  Experiment?: ExperimentResolvers<ContextType>;
  Flag?: FlagResolvers<ContextType>;
  FlagConnection?: FlagConnectionResolvers<ContextType>;
  FlagEdge?: FlagEdgeResolvers<ContextType>;
  FlagEnvironment?: FlagEnvironmentResolvers<ContextType>;
  FlagLifecycle?: FlagLifecycleResolvers<ContextType>;
  FlagLifecycleCount?: FlagLifecycleCountResolvers<ContextType>;
  FlagSet?: FlagSetResolvers<ContextType>;
  FlagValue?: FlagValueResolvers<ContextType>;
  Integration?: IntegrationResolvers<ContextType>;
  IntegrationDelivery?: IntegrationDeliveryResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  JsonFlagValue?: JsonFlagValueResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  NumberFlagValue?: NumberFlagValueResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PasswordReset?: PasswordResetResolvers<ContextType>;
  Prerequisite?: PrerequisiteResolvers<ContextType>;
  PreviewedContext?: PreviewedContextResolvers<ContextType>;
  Project?: ProjectResolvers<ContextType>;
  ProjectEnvironment?: ProjectEnvironmentResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ReleaseGuard?: ReleaseGuardResolvers<ContextType>;
  ReleaseGuardReading?: ReleaseGuardReadingResolvers<ContextType>;
  ReleasePlan?: ReleasePlanResolvers<ContextType>;
  ReleasePlanEvent?: ReleasePlanEventResolvers<ContextType>;
  ReleaseStage?: ReleaseStageResolvers<ContextType>;
  ReleaseTemplate?: ReleaseTemplateResolvers<ContextType>;
  RoleDefinition?: RoleDefinitionResolvers<ContextType>;
  RoleGrant?: RoleGrantResolvers<ContextType>;
  RoleGroupMapping?: RoleGroupMappingResolvers<ContextType>;
  Rollout?: RolloutResolvers<ContextType>;
  RolloutExperiment?: RolloutExperimentResolvers<ContextType>;
  RolloutLayer?: RolloutLayerResolvers<ContextType>;
  Rule?: RuleResolvers<ContextType>;
  ScheduledChange?: ScheduledChangeResolvers<ContextType>;
  Segment?: SegmentResolvers<ContextType>;
  SegmentRule?: SegmentRuleResolvers<ContextType>;
  Serve?: ServeResolvers<ContextType>;
  Session?: SessionResolvers<ContextType>;
  SlackUserLink?: SlackUserLinkResolvers<ContextType>;
  StringFlagValue?: StringFlagValueResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  Target?: TargetResolvers<ContextType>;
  TargetingPreview?: TargetingPreviewResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  Variation?: VariationResolvers<ContextType>;
  VariationTransition?: VariationTransitionResolvers<ContextType>;
  WeightedVariation?: WeightedVariationResolvers<ContextType>;
}>;

