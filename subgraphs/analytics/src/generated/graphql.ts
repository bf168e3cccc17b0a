import { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import { SubgraphContext } from '../context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
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

export type EventInput = {
  /** Idempotency key: an event whose id was already stored is accepted and ignored. */
  eventId: Scalars['String']['input'];
  /** The metric event name, e.g. `purchase`. */
  eventName?: InputMaybe<Scalars['String']['input']>;
  experimentKey?: InputMaybe<Scalars['String']['input']>;
  properties?: InputMaybe<Scalars['JSON']['input']>;
  /** Defaults to the time the event is received. */
  timestamp?: InputMaybe<Scalars['DateTime']['input']>;
  type: EventType;
  userKey: Scalars['String']['input'];
  value?: InputMaybe<Scalars['Float']['input']>;
  variant?: InputMaybe<Scalars['String']['input']>;
};

export type EventResult = {
  __typename?: 'EventResult';
  accepted: Scalars['Boolean']['output'];
  duplicate: Scalars['Boolean']['output'];
  eventId: Scalars['String']['output'];
  /** Why the event was rejected; null when accepted. */
  reason?: Maybe<Scalars['String']['output']>;
};

export type EventType =
  | 'CONVERSION'
  | 'CUSTOM'
  | 'EVALUATION'
  | 'EXPOSURE';

export type Experiment = {
  __typename?: 'Experiment';
  /** Unique users exposed to the experiment. */
  exposures: Scalars['Int']['output'];
  key: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Up to 1,000 events per call; each event gets its own result. */
  trackEvents: TrackEventsPayload;
};


export type MutationTrackEventsArgs = {
  events: Array<EventInput>;
};

export type TrackEventsPayload = {
  __typename?: 'TrackEventsPayload';
  accepted: Scalars['Int']['output'];
  duplicates: Scalars['Int']['output'];
  rejected: Scalars['Int']['output'];
  results: Array<EventResult>;
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
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Experiment:
    ( { __typename: 'Experiment' }
    & GraphQLRecursivePick<FederationTypes['Experiment'], {"key":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  DateTime: ResolverTypeWrapper<Partial<Scalars['DateTime']['output']>>;
  EventInput: ResolverTypeWrapper<Partial<EventInput>>;
  String: ResolverTypeWrapper<Partial<Scalars['String']['output']>>;
  Float: ResolverTypeWrapper<Partial<Scalars['Float']['output']>>;
  EventResult: ResolverTypeWrapper<Partial<EventResult>>;
  Boolean: ResolverTypeWrapper<Partial<Scalars['Boolean']['output']>>;
  EventType: ResolverTypeWrapper<Partial<EventType>>;
  Experiment: ResolverTypeWrapper<Partial<Experiment>>;
  Int: ResolverTypeWrapper<Partial<Scalars['Int']['output']>>;
  JSON: ResolverTypeWrapper<Partial<Scalars['JSON']['output']>>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  TrackEventsPayload: ResolverTypeWrapper<Partial<TrackEventsPayload>>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  DateTime: Partial<Scalars['DateTime']['output']>;
  EventInput: Partial<EventInput>;
  String: Partial<Scalars['String']['output']>;
  Float: Partial<Scalars['Float']['output']>;
  EventResult: Partial<EventResult>;
  Boolean: Partial<Scalars['Boolean']['output']>;
  Experiment: Partial<Experiment | FederationReferenceTypes['Experiment']>;
  Int: Partial<Scalars['Int']['output']>;
  JSON: Partial<Scalars['JSON']['output']>;
  Mutation: Record<PropertyKey, never>;
  TrackEventsPayload: Partial<TrackEventsPayload>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type EventResultResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['EventResult'] = ResolversParentTypes['EventResult']> = ResolversObject<{
  accepted?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  duplicate?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  eventId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type ExperimentResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Experiment'] = ResolversParentTypes['Experiment'], FederationReferenceType extends FederationReferenceTypes['Experiment'] = FederationReferenceTypes['Experiment']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Experiment']> | FederationReferenceType, FederationReferenceType, ContextType>;
  exposures?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type MutationResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  trackEvents?: Resolver<ResolversTypes['TrackEventsPayload'], ParentType, ContextType, RequireFields<MutationTrackEventsArgs, 'events'>>;
}>;

export type TrackEventsPayloadResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['TrackEventsPayload'] = ResolversParentTypes['TrackEventsPayload']> = ResolversObject<{
  accepted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  duplicates?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rejected?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  results?: Resolver<Array<ResolversTypes['EventResult']>, ParentType, ContextType>;
}>;

export type Resolvers<ContextType = SubgraphContext> = ResolversObject<{
  DateTime?: GraphQLScalarType;
  EventResult?: EventResultResolvers<ContextType>;
  Experiment?: ExperimentResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  TrackEventsPayload?: TrackEventsPayloadResolvers<ContextType>;
}>;

