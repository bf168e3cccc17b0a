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

export type CreateExperimentInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  environment: Scalars['String']['input'];
  flagKey: Scalars['String']['input'];
  hypothesis?: InputMaybe<Scalars['String']['input']>;
  key: Scalars['String']['input'];
  name: Scalars['String']['input'];
  trafficAllocation?: Scalars['Float']['input'];
  variants: Array<ExperimentVariantInput>;
};

export type Experiment = {
  __typename?: 'Experiment';
  createdAt: Scalars['DateTime']['output'];
  description?: Maybe<Scalars['String']['output']>;
  environment: Scalars['String']['output'];
  flag: Flag;
  flagKey: Scalars['String']['output'];
  hypothesis?: Maybe<Scalars['String']['output']>;
  key: Scalars['String']['output'];
  name: Scalars['String']['output'];
  status: ExperimentStatus;
  /** Percent of eligible users enrolled, 0–100. */
  trafficAllocation: Scalars['Float']['output'];
  updatedAt: Scalars['DateTime']['output'];
  variants: Array<ExperimentVariant>;
  version: Scalars['Int']['output'];
};

export type ExperimentConnection = {
  __typename?: 'ExperimentConnection';
  nodes: Array<Experiment>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ExperimentStatus =
  | 'COMPLETED'
  | 'DRAFT'
  | 'PAUSED'
  | 'RUNNING';

/** One arm of an experiment: a variation of the experiment's flag, with its share of traffic. */
export type ExperimentVariant = {
  __typename?: 'ExperimentVariant';
  configuration?: Maybe<Scalars['JSON']['output']>;
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
  /** Experiments running on this flag, newest first. */
  experiments: Array<Experiment>;
  key: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  createExperiment: Experiment;
};


export type MutationCreateExperimentArgs = {
  input: CreateExperimentInput;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  experiment?: Maybe<Experiment>;
  experiments: ExperimentConnection;
};


export type QueryExperimentArgs = {
  key: Scalars['String']['input'];
};


export type QueryExperimentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
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
    & GraphQLRecursivePick<FederationTypes['Experiment'], {"key":true}> );
  Flag:
    ( { __typename: 'Flag' }
    & GraphQLRecursivePick<FederationTypes['Flag'], {"key":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  CreateExperimentInput: ResolverTypeWrapper<Partial<CreateExperimentInput>>;
  String: ResolverTypeWrapper<Partial<Scalars['String']['output']>>;
  Float: ResolverTypeWrapper<Partial<Scalars['Float']['output']>>;
  DateTime: ResolverTypeWrapper<Partial<Scalars['DateTime']['output']>>;
  Experiment: ResolverTypeWrapper<ExperimentRow>;
  Int: ResolverTypeWrapper<Partial<Scalars['Int']['output']>>;
  ExperimentConnection: ResolverTypeWrapper<Partial<Omit<ExperimentConnection, 'nodes'> & { nodes: Array<ResolversTypes['Experiment']> }>>;
  ExperimentStatus: ResolverTypeWrapper<Partial<ExperimentStatus>>;
  ExperimentVariant: ResolverTypeWrapper<Partial<ExperimentVariant>>;
  ExperimentVariantInput: ResolverTypeWrapper<Partial<ExperimentVariantInput>>;
  Flag: ResolverTypeWrapper<Partial<Omit<Flag, 'experiments'> & { experiments: Array<ResolversTypes['Experiment']> }>>;
  JSON: ResolverTypeWrapper<Partial<Scalars['JSON']['output']>>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<Partial<PageInfo>>;
  Boolean: ResolverTypeWrapper<Partial<Scalars['Boolean']['output']>>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  CreateExperimentInput: Partial<CreateExperimentInput>;
  String: Partial<Scalars['String']['output']>;
  Float: Partial<Scalars['Float']['output']>;
  DateTime: Partial<Scalars['DateTime']['output']>;
  Experiment: ExperimentRow;
  Int: Partial<Scalars['Int']['output']>;
  ExperimentConnection: Partial<Omit<ExperimentConnection, 'nodes'> & { nodes: Array<ResolversParentTypes['Experiment']> }>;
  ExperimentVariant: Partial<ExperimentVariant>;
  ExperimentVariantInput: Partial<ExperimentVariantInput>;
  Flag: Partial<Omit<Flag, 'experiments'> & { experiments: Array<ResolversParentTypes['Experiment']> } | FederationReferenceTypes['Flag']>;
  JSON: Partial<Scalars['JSON']['output']>;
  Mutation: Record<PropertyKey, never>;
  PageInfo: Partial<PageInfo>;
  Boolean: Partial<Scalars['Boolean']['output']>;
  Query: Record<PropertyKey, never>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type ExperimentResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Experiment'] = ResolversParentTypes['Experiment'], FederationReferenceType extends FederationReferenceTypes['Experiment'] = FederationReferenceTypes['Experiment']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Experiment']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  environment?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  flag?: Resolver<ResolversTypes['Flag'], ParentType, ContextType>;
  flagKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  hypothesis?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ExperimentStatus'], ParentType, ContextType>;
  trafficAllocation?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  variants?: Resolver<Array<ResolversTypes['ExperimentVariant']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ExperimentConnectionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ExperimentConnection'] = ResolversParentTypes['ExperimentConnection']> = ResolversObject<{
  nodes?: Resolver<Array<ResolversTypes['Experiment']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
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
}>;

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type MutationResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  createExperiment?: Resolver<ResolversTypes['Experiment'], ParentType, ContextType, RequireFields<MutationCreateExperimentArgs, 'input'>>;
}>;

export type PageInfoResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  experiment?: Resolver<Maybe<ResolversTypes['Experiment']>, ParentType, ContextType, RequireFields<QueryExperimentArgs, 'key'>>;
  experiments?: Resolver<ResolversTypes['ExperimentConnection'], ParentType, ContextType, RequireFields<QueryExperimentsArgs, 'first'>>;
}>;

export type Resolvers<ContextType = SubgraphContext> = ResolversObject<{
  DateTime?: GraphQLScalarType;
  Experiment?: ExperimentResolvers<ContextType>;
  ExperimentConnection?: ExperimentConnectionResolvers<ContextType>;
  ExperimentVariant?: ExperimentVariantResolvers<ContextType>;
  Flag?: FlagResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
}>;

