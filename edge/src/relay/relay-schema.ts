import { errors, type Identity, requirePermission } from '@switchyard/server-kit';
import { buildSchema, type GraphQLSchema, isObjectType } from 'graphql';
import { checkEvaluate, type EvaluateArgs, type FlagEvaluation } from '../evaluation/flag-evaluation';
import type { LiveFlagSets } from '../flag-sets/live-flag-sets';
import { type ChangeHub, wakeIterator } from './change-hub';

/**
 * The part of the graph a relay serves, with the gateway's names and types, so an SDK or another
 * edge pointed at a relay sends the documents it sends to the gateway. `ConfigChange` carries its
 * leaf fields only: the entity links (`flag`, `segment`, …) are resolved by the federated graph.
 */
export const RELAY_SDL = /* GraphQL */ `
scalar JSON
scalar DateTime

enum EvaluationReasonKind { OFF SCHEDULED_OFF PREREQUISITE_FAILED TARGET_MATCH RULE_MATCH FALLTHROUGH ERROR }

interface FlagValue {
  key: String!
  variation: String
  reason: EvaluationReasonKind!
  ruleId: String
  errorCode: String
  errorMessage: String
  inExperiment: Boolean!
  experimentKey: String
  prerequisiteKey: String
}
type BooleanFlagValue implements FlagValue { key: String! value: Boolean variation: String reason: EvaluationReasonKind! ruleId: String errorCode: String errorMessage: String inExperiment: Boolean! experimentKey: String prerequisiteKey: String }
type StringFlagValue implements FlagValue { key: String! value: String variation: String reason: EvaluationReasonKind! ruleId: String errorCode: String errorMessage: String inExperiment: Boolean! experimentKey: String prerequisiteKey: String }
type NumberFlagValue implements FlagValue { key: String! value: Float variation: String reason: EvaluationReasonKind! ruleId: String errorCode: String errorMessage: String inExperiment: Boolean! experimentKey: String prerequisiteKey: String }
type JsonFlagValue implements FlagValue { key: String! value: JSON variation: String reason: EvaluationReasonKind! ruleId: String errorCode: String errorMessage: String inExperiment: Boolean! experimentKey: String prerequisiteKey: String }

type FlagSet { environment: String! version: Int! flags: JSON! segments: JSON! }

type ConfigChange { seq: Int! environment: String kind: String! resourceType: String! resourceKey: String! at: DateTime! }

type Query {
  evaluate(environment: String!, context: JSON!, keys: [String!]): [FlagValue!]!
  flagSet(environment: String!): FlagSet!
}

type Subscription {
  configChanged(environment: String!, sinceVersion: Int): ConfigChange!
  evaluatedConfig(environment: String!, context: JSON!): [FlagValue!]!
}
`;

// A type, not an interface: graphql-sse's context must be indexable.
export type RelayContext = { identity: Identity };

/** The relay's schema, resolved from the live flag set and the change hub. */
export function relaySchema(deps: {
  evaluation: FlagEvaluation;
  flagSets: LiveFlagSets;
  hub: ChangeHub;
}): GraphQLSchema {
  const schema = buildSchema(RELAY_SDL);
  const field = (type: string, name: string) => {
    const t = schema.getType(type);
    if (!isObjectType(t)) throw new Error(type);
    return t.getFields()[name]!;
  };
  // A subscription's event is its own payload.
  const passThrough = (payload: unknown) => payload;

  field('Query', 'evaluate').resolve = async (_root, args, ctx: RelayContext) =>
    (await deps.evaluation.evaluate(ctx.identity, args as EvaluateArgs)).values;

  field('Query', 'flagSet').resolve = async (_root, args: { environment: string }, ctx: RelayContext) => {
    requirePermission(ctx.identity, 'flagset:read', { environment: args.environment });
    const { set } = await deps.flagSets.get(args.environment);
    if (!set) throw errors.notFound('Environment', args.environment);
    return set.snapshot;
  };

  const configChanged = field('Subscription', 'configChanged');
  configChanged.subscribe = (
    _root,
    args: { environment: string; sinceVersion?: number | null },
    ctx: RelayContext,
  ) => {
    requirePermission(ctx.identity, 'flagset:read', { environment: args.environment });
    let after = args.sinceVersion ?? deps.hub.changes.at(-1)?.seq ?? deps.hub.flagSet?.version ?? 0;
    return wakeIterator(deps.hub, () => {
      const next = deps.hub
        .since(after)
        .filter((c) => c.environment === null || c.environment === args.environment);
      if (next.length > 0) after = next.at(-1)!.seq;
      return next;
    });
  };
  configChanged.resolve = passThrough;

  const evaluatedConfig = field('Subscription', 'evaluatedConfig');
  evaluatedConfig.subscribe = async (_root, args: EvaluateArgs, ctx: RelayContext) => {
    checkEvaluate(ctx.identity, args);
    let last = '';
    let version = -1;
    // The values now, then again whenever a newer flag set changes them.
    const iterator = wakeIterator(deps.hub, () => {
      const current = deps.hub.flagSet?.version ?? -1;
      if (current === version) return [];
      version = current;
      return [version];
    });
    const evaluation = deps.evaluation;
    return (async function* () {
      try {
        for await (const _ of iterator) {
          const { values } = await evaluation.evaluate(ctx.identity, args);
          const text = JSON.stringify(values);
          if (text === last) continue;
          last = text;
          yield values;
        }
      } finally {
        await iterator.return();
      }
    })();
  };
  evaluatedConfig.resolve = passThrough;
  return schema;
}
