import { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import { ExperimentRow } from '../experiments/experiment.entity';
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
  DateTime: { input: Date | string; output: Date | string; }
  JSON: { input: unknown; output: unknown; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type Assignment = {
  __typename?: 'Assignment';
  /** When the user was first assigned; null without a variant. */
  assignedAt?: Maybe<Scalars['DateTime']['output']>;
  configuration?: Maybe<Scalars['JSON']['output']>;
  experiment?: Maybe<Experiment>;
  experimentKey: Scalars['String']['output'];
  /** The experiment's project. */
  project: Scalars['String']['output'];
  reason: AssignmentReason;
  userKey: Scalars['String']['output'];
  /** Null unless the reason is ASSIGNED or STICKY. */
  variant?: Maybe<Scalars['String']['output']>;
};

/** Why `assignment` returned what it did. */
export type AssignmentReason =
  /** The user was assigned now, for the first time. */
  | 'ASSIGNED'
  /** The user falls in another experiment's slice of the layer. */
  | 'LAYER_EXCLUDED'
  /** The user does not match the experiment's audience. */
  | 'NOT_IN_AUDIENCE'
  /** The user matches the audience but falls outside the traffic allocation. */
  | 'NOT_IN_TRAFFIC'
  /** The experiment is not running (draft, paused, completed or archived): no variant. */
  | 'NOT_RUNNING'
  /** The user's stored first assignment, which wins even after weights or traffic changed. */
  | 'STICKY';

export type CreateExperimentInput = {
  alpha?: InputMaybe<Scalars['Float']['input']>;
  audience?: InputMaybe<ExperimentAudienceInput>;
  description?: InputMaybe<Scalars['String']['input']>;
  endsAt?: InputMaybe<Scalars['DateTime']['input']>;
  environment: Scalars['String']['input'];
  flagKey: Scalars['String']['input'];
  guardrailMetrics?: InputMaybe<Array<Scalars['String']['input']>>;
  hypothesis?: InputMaybe<Scalars['String']['input']>;
  key: Scalars['String']['input'];
  layer?: InputMaybe<ExperimentLayerInput>;
  minSampleSize?: InputMaybe<Scalars['Int']['input']>;
  multipleTestingCorrection?: InputMaybe<MultipleTestingCorrection>;
  name: Scalars['String']['input'];
  primaryMetric?: InputMaybe<Scalars['String']['input']>;
  /** The project to create the experiment in (its flag and metrics are that project's); default when omitted. */
  project?: InputMaybe<Scalars['String']['input']>;
  secondaryMetrics?: InputMaybe<Array<Scalars['String']['input']>>;
  startsAt?: InputMaybe<Scalars['DateTime']['input']>;
  trafficAllocation?: Scalars['Float']['input'];
  variants: Array<ExperimentVariantInput>;
};

/**
 * Experiments live in projects (issue 19): keys are unique within a project. Other subgraphs refer to one by
 * `project key`. The graph never enters this subgraph by `key` alone (`resolvable: false`): it would name the
 * default project's experiment of that key, whatever project the experiment is in.
 */
export type Experiment = {
  __typename?: 'Experiment';
  /**
   * What the watcher noticed in this experiment's results while it ran, newest first, every analysis
   * period: significance of the primary metric (sequential while its assumptions hold), a violated
   * guardrail, a sample ratio mismatch. Each is also a change (`experiment.significant`,
   * `experiment.guardrail_violated`, `experiment.sample_ratio_mismatch`) that integrations deliver.
   */
  alerts: Array<ExperimentAlert>;
  /** Significance level of the analysis. */
  alpha: Scalars['Float']['output'];
  /**
   * The current analysis period, from 1; each restart starts the next one. Users are exposed once per period:
   * a returning user's first assignment in a new period records a fresh exposure.
   */
  analysisPeriod: Scalars['Int']['output'];
  /** Start of the current analysis period: set on start and on restart. */
  analysisStartedAt?: Maybe<Scalars['DateTime']['output']>;
  archived: Scalars['Boolean']['output'];
  audience: ExperimentAudience;
  completedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Why it completed; null unless COMPLETED. */
  completionReason?: Maybe<ExperimentCompletionReason>;
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Scalars['String']['output']>;
  description?: Maybe<Scalars['String']['output']>;
  /** Scheduled end; a RUNNING or PAUSED experiment completes on its own at this time. */
  endsAt?: Maybe<Scalars['DateTime']['output']>;
  environment: Scalars['String']['output'];
  /**
   * The flag of key `flagKey` in the experiment's project; null when the project has no such flag (it was
   * moved to another project: the experiment stays here, and cannot start or resume until one exists).
   */
  flag?: Maybe<Flag>;
  flagKey: Scalars['String']['output'];
  guardrailMetrics: Array<Scalars['String']['output']>;
  hypothesis?: Maybe<Scalars['String']['output']>;
  /** Immutable identifier, `^[a-z0-9][a-z0-9._-]{0,127}$`, unique within the project. */
  key: Scalars['String']['output'];
  layer?: Maybe<ExperimentLayer>;
  /** Minimum number of exposed users per variant before a result is conclusive. */
  minSampleSize?: Maybe<Scalars['Int']['output']>;
  /** Correction across every variant × metric comparison of the results (default HOLM). */
  multipleTestingCorrection: MultipleTestingCorrection;
  name: Scalars['String']['output'];
  /** Keys of metrics of the experiment's project, from the analytics subgraph. */
  primaryMetric?: Maybe<Scalars['String']['output']>;
  /** The project the experiment, its flag and its metrics belong to. */
  project: Scalars['String']['output'];
  /** Why the last scheduled transition failed (it is retried); null when it did not. */
  scheduleError?: Maybe<Scalars['String']['output']>;
  secondaryMetrics: Array<Scalars['String']['output']>;
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Scheduled start; a DRAFT experiment starts on its own at this time. */
  startsAt?: Maybe<Scalars['DateTime']['output']>;
  status: ExperimentStatus;
  /** Percent of eligible users enrolled, 0–100. */
  trafficAllocation: Scalars['Float']['output'];
  updatedAt: Scalars['DateTime']['output'];
  updatedBy?: Maybe<Scalars['String']['output']>;
  /** The flag's variations under test; frozen while the experiment runs. */
  variants: Array<ExperimentVariant>;
  /** Incremented on every change; send it back as `expectedVersion` when updating. */
  version: Scalars['Int']['output'];
  /** The variant declared the winner on completion; null when the schedule ended the experiment. */
  winner?: Maybe<Scalars['String']['output']>;
};

export type ExperimentAlert = {
  __typename?: 'ExperimentAlert';
  analysisPeriod: Scalars['Int']['output'];
  /** The numbers behind it: uplifts, p-value and method, direction (BETTER or WORSE), threshold, observed and expected counts. */
  detail: Scalars['JSON']['output'];
  id: Scalars['ID']['output'];
  kind: ExperimentAlertKind;
  /** null for SAMPLE_RATIO_MISMATCH (it concerns the whole experiment). */
  metricKey?: Maybe<Scalars['String']['output']>;
  noticedAt: Scalars['DateTime']['output'];
  variant?: Maybe<Scalars['String']['output']>;
};

export type ExperimentAlertKind =
  /** A guardrail metric's variant is worse than its threshold allows. */
  | 'GUARDRAIL_VIOLATED'
  /** The observed split does not match the weights (chi-square p < 0.001): the results are suspect. */
  | 'SAMPLE_RATIO_MISMATCH'
  /** A variant of the primary metric differs from control, significantly. */
  | 'SIGNIFICANT';

/** Who may enter the experiment: members of every listed segment matching every condition. */
export type ExperimentAudience = {
  __typename?: 'ExperimentAudience';
  conditions: Array<ExperimentCondition>;
  segments: Array<Scalars['String']['output']>;
};

export type ExperimentAudienceInput = {
  conditions?: InputMaybe<Array<ExperimentConditionInput>>;
  segments?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** Why an experiment is COMPLETED. */
export type ExperimentCompletionReason =
  /** Its scheduled end (`endsAt`) was reached: it stopped without a winner; read the results and ship by hand. */
  | 'SCHEDULE_ENDED'
  /** Someone completed it and named the winner (`completeExperiment`). */
  | 'WINNER_CHOSEN';

/** One targeting condition; operators and options as for flags (equals, in, anyOf, ipInRange, inSegment, ...; sdk/core/README.md). */
export type ExperimentCondition = {
  __typename?: 'ExperimentCondition';
  attribute: Scalars['String']['output'];
  /** Strings compared ignoring case (string operators, list membership, and the `i` flag of matches). */
  caseInsensitive: Scalars['Boolean']['output'];
  negate: Scalars['Boolean']['output'];
  operator: Scalars['String']['output'];
  /** `matches` only: distinct letters of `ims`. */
  regexFlags?: Maybe<Scalars['String']['output']>;
  values: Array<Scalars['JSON']['output']>;
};

export type ExperimentConditionInput = {
  attribute: Scalars['String']['input'];
  caseInsensitive?: InputMaybe<Scalars['Boolean']['input']>;
  negate?: InputMaybe<Scalars['Boolean']['input']>;
  operator: Scalars['String']['input'];
  regexFlags?: InputMaybe<Scalars['String']['input']>;
  values?: Array<Scalars['JSON']['input']>;
};

export type ExperimentConnection = {
  __typename?: 'ExperimentConnection';
  nodes: Array<Experiment>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ExperimentFilter = {
  /** Archived experiments are hidden unless this is true. */
  archived?: InputMaybe<Scalars['Boolean']['input']>;
  flagKey?: InputMaybe<Scalars['String']['input']>;
  /** Matches key, name, description or hypothesis, case-insensitively. */
  search?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<ExperimentStatus>;
};

/** The slice of its layer an experiment takes: users whose layer bucket is in [rangeStart, rangeEnd) percent. */
export type ExperimentLayer = {
  __typename?: 'ExperimentLayer';
  key: Scalars['String']['output'];
  rangeEnd: Scalars['Float']['output'];
  rangeStart: Scalars['Float']['output'];
};

/** Puts the experiment in a layer, taking `percent` of it (the first free slice that is wide enough). */
export type ExperimentLayerInput = {
  key: Scalars['String']['input'];
  percent: Scalars['Float']['input'];
};

/** DRAFT → RUNNING ⇄ PAUSED → COMPLETED. Archiving is a flag on top (`archived`), not a status. */
export type ExperimentStatus =
  | 'COMPLETED'
  | 'DRAFT'
  | 'PAUSED'
  | 'RUNNING';

/** One arm of an experiment: a variation of the experiment's flag, with its share of traffic. */
export type ExperimentVariant = {
  __typename?: 'ExperimentVariant';
  /** Free-form configuration handed to the app with the assignment. */
  configuration?: Maybe<Scalars['JSON']['output']>;
  /** The key of a variation of the experiment's flag. */
  key: Scalars['String']['output'];
  /** Percent of enrolled users, 0–100. */
  weight: Scalars['Float']['output'];
};

export type ExperimentVariantInput = {
  configuration?: InputMaybe<Scalars['JSON']['input']>;
  key: Scalars['String']['input'];
  weight: Scalars['Float']['input'];
};

export type Flag = {
  __typename?: 'Flag';
  /** Experiments on this flag (in the flag's project), newest first. */
  experiments: Array<Experiment>;
  key: Scalars['String']['output'];
  project: Scalars['String']['output'];
};

/** A layer's slices. Experiments in one layer never enrol the same user: each takes a disjoint slice of 0–100 %. */
export type LayerAllocation = {
  __typename?: 'LayerAllocation';
  /** Percent of the layer taken by its draft, running and paused experiments. */
  allocated: Scalars['Float']['output'];
  experiments: Array<Experiment>;
  key: Scalars['String']['output'];
};

/** Correction across every variant × metric comparison of an analysis. */
export type MultipleTestingCorrection =
  /** Benjamini–Hochberg: false discovery rate ≤ alpha (more findings among many comparisons). */
  | 'BENJAMINI_HOCHBERG'
  /** Holm–Bonferroni: family-wise error rate ≤ alpha. */
  | 'HOLM';

export type Mutation = {
  __typename?: 'Mutation';
  /** Hides a DRAFT or COMPLETED experiment from lists; its data is kept. */
  archiveExperiment: Experiment;
  /** RUNNING or PAUSED → COMPLETED with `winner`; with `rollOut` the flag serves the winner to everyone in the environment. */
  completeExperiment: Experiment;
  createExperiment: Experiment;
  /** RUNNING → PAUSED: users get no variant until resumed; stored assignments are kept. */
  pauseExperiment: Experiment;
  /** A new analysis period for a RUNNING or PAUSED experiment; stored assignments stay sticky. */
  restartExperiment: Experiment;
  /** PAUSED → RUNNING. */
  resumeExperiment: Experiment;
  /** DRAFT → RUNNING: needs two or more variants summing to 100 %, a primary metric and no other running experiment on the flag in the environment. */
  startExperiment: Experiment;
  /**
   * Changes a DRAFT experiment freely. On a RUNNING or PAUSED one, changing variants, audience or layer needs
   * `restart: true`, which starts a new analysis period. Stored assignments stay sticky (except to removed
   * variants); traffic may change at any time (ramp-up) without a restart.
   */
  updateExperiment: Experiment;
};


export type MutationArchiveExperimentArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};


export type MutationCompleteExperimentArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
  rollOut?: InputMaybe<Scalars['Boolean']['input']>;
  winner: Scalars['String']['input'];
};


export type MutationCreateExperimentArgs = {
  input: CreateExperimentInput;
};


export type MutationPauseExperimentArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};


export type MutationRestartExperimentArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};


export type MutationResumeExperimentArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};


export type MutationStartExperimentArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};


export type MutationUpdateExperimentArgs = {
  expectedVersion: Scalars['Int']['input'];
  input: UpdateExperimentInput;
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
  restart?: InputMaybe<Scalars['Boolean']['input']>;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/** Every experiment query and mutation takes the project (`default` when omitted); NOT_FOUND naming `project` when unknown. */
export type Query = {
  __typename?: 'Query';
  /**
   * The variant `context` (an evaluation context: an object with a string `key` and attributes) gets in the
   * experiment. The first assignment is stored and returned afterwards (STICKY). An SDK key's own project
   * when `project` is omitted.
   */
  assignment: Assignment;
  /** A user's stored assignments in the project, newest first (support and debugging). */
  assignments: Array<Assignment>;
  experiment?: Maybe<Experiment>;
  experiments: ExperimentConnection;
  /** How a layer of the project is shared out among its experiments (any key: an unused layer is empty). */
  layerAllocation: LayerAllocation;
};


/** Every experiment query and mutation takes the project (`default` when omitted); NOT_FOUND naming `project` when unknown. */
export type QueryAssignmentArgs = {
  context: Scalars['JSON']['input'];
  experimentKey: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};


/** Every experiment query and mutation takes the project (`default` when omitted); NOT_FOUND naming `project` when unknown. */
export type QueryAssignmentsArgs = {
  project?: InputMaybe<Scalars['String']['input']>;
  userKey: Scalars['String']['input'];
};


/** Every experiment query and mutation takes the project (`default` when omitted); NOT_FOUND naming `project` when unknown. */
export type QueryExperimentArgs = {
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};


/** Every experiment query and mutation takes the project (`default` when omitted); NOT_FOUND naming `project` when unknown. */
export type QueryExperimentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ExperimentFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  project?: InputMaybe<Scalars['String']['input']>;
};


/** Every experiment query and mutation takes the project (`default` when omitted); NOT_FOUND naming `project` when unknown. */
export type QueryLayerAllocationArgs = {
  key: Scalars['String']['input'];
  project?: InputMaybe<Scalars['String']['input']>;
};

/** Only the fields given change. Variants, audience and layer are frozen while RUNNING or PAUSED unless `restart` is true. */
export type UpdateExperimentInput = {
  alpha?: InputMaybe<Scalars['Float']['input']>;
  audience?: InputMaybe<ExperimentAudienceInput>;
  description?: InputMaybe<Scalars['String']['input']>;
  endsAt?: InputMaybe<Scalars['DateTime']['input']>;
  guardrailMetrics?: InputMaybe<Array<Scalars['String']['input']>>;
  hypothesis?: InputMaybe<Scalars['String']['input']>;
  /** Null removes the experiment from its layer. */
  layer?: InputMaybe<ExperimentLayerInput>;
  minSampleSize?: InputMaybe<Scalars['Int']['input']>;
  multipleTestingCorrection?: InputMaybe<MultipleTestingCorrection>;
  name?: InputMaybe<Scalars['String']['input']>;
  primaryMetric?: InputMaybe<Scalars['String']['input']>;
  secondaryMetrics?: InputMaybe<Array<Scalars['String']['input']>>;
  startsAt?: InputMaybe<Scalars['DateTime']['input']>;
  trafficAllocation?: InputMaybe<Scalars['Float']['input']>;
  variants?: InputMaybe<Array<ExperimentVariantInput>>;
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
  Experiment: Experiment;
  Flag: Flag;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Experiment:
    ( { __typename: 'Experiment' }
    & GraphQLRecursivePick<FederationTypes['Experiment'], {"project":true,"key":true}> );
  Flag:
    ( { __typename: 'Flag' }
    & GraphQLRecursivePick<FederationTypes['Flag'], {"project":true,"key":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Assignment: ResolverTypeWrapper<Partial<Omit<Assignment, 'experiment'> & { experiment?: Maybe<ResolversTypes['Experiment']> }>>;
  String: ResolverTypeWrapper<Partial<Scalars['String']['output']>>;
  AssignmentReason: ResolverTypeWrapper<Partial<AssignmentReason>>;
  CreateExperimentInput: ResolverTypeWrapper<Partial<CreateExperimentInput>>;
  Float: ResolverTypeWrapper<Partial<Scalars['Float']['output']>>;
  Int: ResolverTypeWrapper<Partial<Scalars['Int']['output']>>;
  DateTime: ResolverTypeWrapper<Partial<Scalars['DateTime']['output']>>;
  Experiment: ResolverTypeWrapper<ExperimentRow>;
  Boolean: ResolverTypeWrapper<Partial<Scalars['Boolean']['output']>>;
  ExperimentAlert: ResolverTypeWrapper<Partial<ExperimentAlert>>;
  ID: ResolverTypeWrapper<Partial<Scalars['ID']['output']>>;
  ExperimentAlertKind: ResolverTypeWrapper<Partial<ExperimentAlertKind>>;
  ExperimentAudience: ResolverTypeWrapper<Partial<ExperimentAudience>>;
  ExperimentAudienceInput: ResolverTypeWrapper<Partial<ExperimentAudienceInput>>;
  ExperimentCompletionReason: ResolverTypeWrapper<Partial<ExperimentCompletionReason>>;
  ExperimentCondition: ResolverTypeWrapper<Partial<ExperimentCondition>>;
  ExperimentConditionInput: ResolverTypeWrapper<Partial<ExperimentConditionInput>>;
  ExperimentConnection: ResolverTypeWrapper<Partial<Omit<ExperimentConnection, 'nodes'> & { nodes: Array<ResolversTypes['Experiment']> }>>;
  ExperimentFilter: ResolverTypeWrapper<Partial<ExperimentFilter>>;
  ExperimentLayer: ResolverTypeWrapper<Partial<ExperimentLayer>>;
  ExperimentLayerInput: ResolverTypeWrapper<Partial<ExperimentLayerInput>>;
  ExperimentStatus: ResolverTypeWrapper<Partial<ExperimentStatus>>;
  ExperimentVariant: ResolverTypeWrapper<Partial<ExperimentVariant>>;
  ExperimentVariantInput: ResolverTypeWrapper<Partial<ExperimentVariantInput>>;
  Flag: ResolverTypeWrapper<Partial<Omit<Flag, 'experiments'> & { experiments: Array<ResolversTypes['Experiment']> }>>;
  JSON: ResolverTypeWrapper<Partial<Scalars['JSON']['output']>>;
  LayerAllocation: ResolverTypeWrapper<Partial<Omit<LayerAllocation, 'experiments'> & { experiments: Array<ResolversTypes['Experiment']> }>>;
  MultipleTestingCorrection: ResolverTypeWrapper<Partial<MultipleTestingCorrection>>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<Partial<PageInfo>>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  UpdateExperimentInput: ResolverTypeWrapper<Partial<UpdateExperimentInput>>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Assignment: Partial<Omit<Assignment, 'experiment'> & { experiment?: Maybe<ResolversParentTypes['Experiment']> }>;
  String: Partial<Scalars['String']['output']>;
  CreateExperimentInput: Partial<CreateExperimentInput>;
  Float: Partial<Scalars['Float']['output']>;
  Int: Partial<Scalars['Int']['output']>;
  DateTime: Partial<Scalars['DateTime']['output']>;
  Experiment: ExperimentRow;
  Boolean: Partial<Scalars['Boolean']['output']>;
  ExperimentAlert: Partial<ExperimentAlert>;
  ID: Partial<Scalars['ID']['output']>;
  ExperimentAudience: Partial<ExperimentAudience>;
  ExperimentAudienceInput: Partial<ExperimentAudienceInput>;
  ExperimentCondition: Partial<ExperimentCondition>;
  ExperimentConditionInput: Partial<ExperimentConditionInput>;
  ExperimentConnection: Partial<Omit<ExperimentConnection, 'nodes'> & { nodes: Array<ResolversParentTypes['Experiment']> }>;
  ExperimentFilter: Partial<ExperimentFilter>;
  ExperimentLayer: Partial<ExperimentLayer>;
  ExperimentLayerInput: Partial<ExperimentLayerInput>;
  ExperimentVariant: Partial<ExperimentVariant>;
  ExperimentVariantInput: Partial<ExperimentVariantInput>;
  Flag: Partial<Omit<Flag, 'experiments'> & { experiments: Array<ResolversParentTypes['Experiment']> } | FederationReferenceTypes['Flag']>;
  JSON: Partial<Scalars['JSON']['output']>;
  LayerAllocation: Partial<Omit<LayerAllocation, 'experiments'> & { experiments: Array<ResolversParentTypes['Experiment']> }>;
  Mutation: Record<PropertyKey, never>;
  PageInfo: Partial<PageInfo>;
  Query: Record<PropertyKey, never>;
  UpdateExperimentInput: Partial<UpdateExperimentInput>;
}>;

export type AssignmentResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Assignment'] = ResolversParentTypes['Assignment']> = ResolversObject<{
  assignedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  configuration?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  experiment?: Resolver<Maybe<ResolversTypes['Experiment']>, ParentType, ContextType>;
  experimentKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  project?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['AssignmentReason'], ParentType, ContextType>;
  userKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  variant?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type ExperimentResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Experiment'] = ResolversParentTypes['Experiment'], FederationReferenceType extends FederationReferenceTypes['Experiment'] = FederationReferenceTypes['Experiment']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Experiment']> | FederationReferenceType, FederationReferenceType, ContextType>;
  alerts?: Resolver<Array<ResolversTypes['ExperimentAlert']>, ParentType, ContextType>;
  alpha?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  analysisPeriod?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  analysisStartedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  archived?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  audience?: Resolver<ResolversTypes['ExperimentAudience'], ParentType, ContextType>;
  completedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  completionReason?: Resolver<Maybe<ResolversTypes['ExperimentCompletionReason']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  endsAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  environment?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  flag?: Resolver<Maybe<ResolversTypes['Flag']>, ParentType, ContextType>;
  flagKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  guardrailMetrics?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  hypothesis?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  layer?: Resolver<Maybe<ResolversTypes['ExperimentLayer']>, ParentType, ContextType>;
  minSampleSize?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  multipleTestingCorrection?: Resolver<ResolversTypes['MultipleTestingCorrection'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  primaryMetric?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  project?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  scheduleError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  secondaryMetrics?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  startsAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ExperimentStatus'], ParentType, ContextType>;
  trafficAllocation?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  variants?: Resolver<Array<ResolversTypes['ExperimentVariant']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  winner?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type ExperimentAlertResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ExperimentAlert'] = ResolversParentTypes['ExperimentAlert']> = ResolversObject<{
  analysisPeriod?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  detail?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['ExperimentAlertKind'], ParentType, ContextType>;
  metricKey?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  noticedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  variant?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type ExperimentAudienceResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ExperimentAudience'] = ResolversParentTypes['ExperimentAudience']> = ResolversObject<{
  conditions?: Resolver<Array<ResolversTypes['ExperimentCondition']>, ParentType, ContextType>;
  segments?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type ExperimentConditionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ExperimentCondition'] = ResolversParentTypes['ExperimentCondition']> = ResolversObject<{
  attribute?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  caseInsensitive?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  negate?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  operator?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  regexFlags?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  values?: Resolver<Array<ResolversTypes['JSON']>, ParentType, ContextType>;
}>;

export type ExperimentConnectionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ExperimentConnection'] = ResolversParentTypes['ExperimentConnection']> = ResolversObject<{
  nodes?: Resolver<Array<ResolversTypes['Experiment']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ExperimentLayerResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ExperimentLayer'] = ResolversParentTypes['ExperimentLayer']> = ResolversObject<{
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rangeEnd?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  rangeStart?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type ExperimentVariantResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ExperimentVariant'] = ResolversParentTypes['ExperimentVariant']> = ResolversObject<{
  configuration?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  weight?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type FlagResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Flag'] = ResolversParentTypes['Flag'], FederationReferenceType extends FederationReferenceTypes['Flag'] = FederationReferenceTypes['Flag']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Flag']> | FederationReferenceType, FederationReferenceType, ContextType>;
  experiments?: Resolver<Array<ResolversTypes['Experiment']>, ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  project?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type LayerAllocationResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['LayerAllocation'] = ResolversParentTypes['LayerAllocation']> = ResolversObject<{
  allocated?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  experiments?: Resolver<Array<ResolversTypes['Experiment']>, ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  archiveExperiment?: Resolver<ResolversTypes['Experiment'], ParentType, ContextType, RequireFields<MutationArchiveExperimentArgs, 'key'>>;
  completeExperiment?: Resolver<ResolversTypes['Experiment'], ParentType, ContextType, RequireFields<MutationCompleteExperimentArgs, 'key' | 'rollOut' | 'winner'>>;
  createExperiment?: Resolver<ResolversTypes['Experiment'], ParentType, ContextType, RequireFields<MutationCreateExperimentArgs, 'input'>>;
  pauseExperiment?: Resolver<ResolversTypes['Experiment'], ParentType, ContextType, RequireFields<MutationPauseExperimentArgs, 'key'>>;
  restartExperiment?: Resolver<ResolversTypes['Experiment'], ParentType, ContextType, RequireFields<MutationRestartExperimentArgs, 'key'>>;
  resumeExperiment?: Resolver<ResolversTypes['Experiment'], ParentType, ContextType, RequireFields<MutationResumeExperimentArgs, 'key'>>;
  startExperiment?: Resolver<ResolversTypes['Experiment'], ParentType, ContextType, RequireFields<MutationStartExperimentArgs, 'key'>>;
  updateExperiment?: Resolver<ResolversTypes['Experiment'], ParentType, ContextType, RequireFields<MutationUpdateExperimentArgs, 'expectedVersion' | 'input' | 'key' | 'restart'>>;
}>;

export type PageInfoResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  assignment?: Resolver<ResolversTypes['Assignment'], ParentType, ContextType, RequireFields<QueryAssignmentArgs, 'context' | 'experimentKey'>>;
  assignments?: Resolver<Array<ResolversTypes['Assignment']>, ParentType, ContextType, RequireFields<QueryAssignmentsArgs, 'userKey'>>;
  experiment?: Resolver<Maybe<ResolversTypes['Experiment']>, ParentType, ContextType, RequireFields<QueryExperimentArgs, 'key'>>;
  experiments?: Resolver<ResolversTypes['ExperimentConnection'], ParentType, ContextType, RequireFields<QueryExperimentsArgs, 'first'>>;
  layerAllocation?: Resolver<ResolversTypes['LayerAllocation'], ParentType, ContextType, RequireFields<QueryLayerAllocationArgs, 'key'>>;
}>;

export type Resolvers<ContextType = SubgraphContext> = ResolversObject<{
  Assignment?: AssignmentResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Experiment?: ExperimentResolvers<ContextType>;
  ExperimentAlert?: ExperimentAlertResolvers<ContextType>;
  ExperimentAudience?: ExperimentAudienceResolvers<ContextType>;
  ExperimentCondition?: ExperimentConditionResolvers<ContextType>;
  ExperimentConnection?: ExperimentConnectionResolvers<ContextType>;
  ExperimentLayer?: ExperimentLayerResolvers<ContextType>;
  ExperimentVariant?: ExperimentVariantResolvers<ContextType>;
  Flag?: FlagResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  LayerAllocation?: LayerAllocationResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
}>;

