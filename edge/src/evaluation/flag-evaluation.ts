import {
  contextProblem,
  type EvaluationContext,
  type EvaluationResult,
  type GraphFlagValue,
  toGraphFlagValue,
} from '@switchyard/core';
import {
  DEFAULT_PROJECT,
  type EvaluationUsage,
  errors,
  type Identity,
  type RecentContextSampler,
  requirePermission,
} from '@switchyard/server-kit';
import { flagSetScope } from '../flag-sets/flag-set-scope';
import type { LiveFlagSet, LiveFlagSets } from '../flag-sets/live-flag-sets';

/** The arguments of `Query.evaluate`. */
export interface EvaluateArgs {
  environment: string;
  /** `default` when omitted (an SDK key's own project, once keys belong to projects). */
  project?: string | null;
  context: unknown;
  keys?: readonly string[] | null;
}

/** One `evaluate` answered: the core's results and their graph form (`FlagValue`). */
export interface EvaluatedFlags {
  environment: string;
  project: string;
  results: EvaluationResult[];
  values: GraphFlagValue[];
  /** Answered from last known rules while their source could not be read. */
  stale: boolean;
}

/**
 * Throws the refusal of an `evaluate` call, as the graph words it: UNAUTHENTICATED, FORBIDDEN
 * (without `evaluate`, or an SDK key of another environment), BAD_USER_INPUT for a context beyond
 * the limits that bound its cost (MAX_CONTEXT_STRING_LENGTH, MAX_CONTEXT_SIZE).
 */
export function checkEvaluate(
  identity: Identity,
  args: EvaluateArgs,
): asserts args is EvaluateArgs & {
  context: EvaluationContext;
} {
  requirePermission(identity, 'evaluate', { environment: args.environment, project: args.project });
  const problem = contextProblem(args.context);
  if (problem) throw errors.badInput(problem.message, problem.path);
}

/** NOT_FOUND for an environment that does not exist, or that the named project does not use. */
export function unknownScope(project: string, environment: string) {
  return project === DEFAULT_PROJECT
    ? errors.notFound('Environment', environment)
    : errors.notFound(`Project "${project}" or its environment`, environment);
}

function evaluateIn(
  set: LiveFlagSet,
  context: EvaluationContext,
  keys: readonly string[] | null | undefined,
) {
  const results = keys
    ? keys.map((k) => set.compiled.evaluate(k, context))
    : set.compiled.evaluateAll(context);
  return { results, values: results.map((r) => toGraphFlagValue(r, set.types.get(r.key))) };
}

/**
 * The one `evaluate`, wherever it is served (the flags subgraph's resolver, the gateway's edge, a
 * relay): the permission and context checks, the results from the live flag set, and usage counting.
 */
export class FlagEvaluation {
  constructor(
    readonly flagSets: LiveFlagSets,
    /** Counts for `Flag.usage`; set once the process publishes counts (none in some tests). */
    public usage: EvaluationUsage | null = null,
    /** Samples the contexts for the impact preview; set where the process publishes them. */
    public contexts: RecentContextSampler | null = null,
  ) {}

  /** One call; throws its refusal (see `checkEvaluate`) or NOT_FOUND for an unknown environment. */
  async evaluate(identity: Identity, args: EvaluateArgs): Promise<EvaluatedFlags> {
    const [evaluated] = await this.evaluateAll(identity, [args]);
    return evaluated!;
  }

  /**
   * Several calls of one request: every call is checked before any is evaluated, and usage is
   * counted only once all succeeded, so a request refused part-way counts nothing.
   */
  async evaluateAll(identity: Identity, calls: readonly EvaluateArgs[]): Promise<EvaluatedFlags[]> {
    for (const args of calls) checkEvaluate(identity, args);
    const answered: EvaluatedFlags[] = [];
    for (const { environment, project: named, context, keys } of calls) {
      const project = named ?? identity.project ?? DEFAULT_PROJECT;
      const { set, stale } = await this.flagSets.get(flagSetScope(project, environment));
      // One answer for an unknown project and for an environment the project does not use.
      if (!set) throw unknownScope(project, environment);
      answered.push({ environment, project, stale, ...evaluateIn(set, context as EvaluationContext, keys) });
    }
    // Usage and recent contexts are kept per project and environment (a flag key names a flag within
    // its project only), so each call counts for the project it evaluated.
    answered.forEach((e, i) => {
      this.usage?.record(e.environment, e.results, e.project);
      this.contexts?.record(e.environment, calls[i]!.context as EvaluationContext, e.project);
    });
    return answered;
  }
}
