import { DEFAULT_PROJECT, type Identity, requirePermission } from '@switchyard/server-kit';
import { buildSchema, type GraphQLSchema, isObjectType } from 'graphql';
import {
  checkEvaluate,
  type EvaluateArgs,
  type FlagEvaluation,
  unknownScope,
} from '../evaluation/flag-evaluation';
import { flagSetScope } from '../flag-sets/flag-set-scope';
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

type FlagSet { environment: String! project: String version: Int! flags: JSON! segments: JSON! }

type ConfigChange { seq: Int! environment: String kind: String! resourceType: String! resourceKey: String! at: DateTime! }

type Query {
  evaluate(environment: String!, context: JSON!, keys: [String!], project: String): [FlagValue!]!
  flagSet(environment: String!, project: String): FlagSet!
}

type Subscription {
  configChanged(environment: String!, project: String, sinceVersion: Int): ConfigChange!
  evaluatedConfig(environment: String!, context: JSON!, project: String): [FlagValue!]!
}
`;

// A type, not an interface: graphql-sse's context must be indexable.
export type RelayContext = { identity: Identity };

/**
 * The relay's schema, resolved from the live flag sets and each project's change hub. A call works in the
 * caller key's project unless it names one (another project's is FORBIDDEN, as on the gateway).
 */
export function relaySchema(deps: {
  evaluation: FlagEvaluation;
  flagSets: LiveFlagSets;
  /** The hub of a project the relay serves; null for any other. */
  hub(project: string): ChangeHub | null;
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

  // The project a call works in, its read permission checked there, and that project's hub.
  const scoped = (ctx: RelayContext, args: { environment: string; project?: string | null }) => {
    const project = args.project ?? ctx.identity.project ?? DEFAULT_PROJECT;
    requirePermission(ctx.identity, 'flagset:read', { environment: args.environment, project });
    return { project, hub: deps.hub(project) };
  };

  field('Query', 'flagSet').resolve = async (
    _root,
    args: { environment: string; project?: string | null },
    ctx: RelayContext,
  ) => {
    const { project } = scoped(ctx, args);
    const { set } = await deps.flagSets.get(flagSetScope(project, args.environment));
    if (!set) throw unknownScope(project, args.environment);
    return { project, ...set.snapshot };
  };

  const configChanged = field('Subscription', 'configChanged');
  configChanged.subscribe = (
    _root,
    args: { environment: string; project?: string | null; sinceVersion?: number | null },
    ctx: RelayContext,
  ) => {
    const { project, hub } = scoped(ctx, args);
    if (!hub) throw unknownScope(project, args.environment);
    let after = args.sinceVersion ?? hub.changes.at(-1)?.seq ?? hub.flagSet?.version ?? 0;
    return wakeIterator(hub, () => {
      const next = hub
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
    const project = args.project ?? ctx.identity.project ?? DEFAULT_PROJECT;
    const hub = deps.hub(project);
    if (!hub) throw unknownScope(project, args.environment);
    let last = '';
    let version = -1;
    // The values now, then again whenever a newer flag set of the project changes them.
    const iterator = wakeIterator(hub, () => {
      const current = hub.flagSet?.version ?? -1;
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
