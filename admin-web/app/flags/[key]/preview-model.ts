import type {
  EvaluationResult,
  FlagConfig,
  FlagEnvironmentConfig,
  FlagType,
  Rule,
  Segment,
  Serve,
} from '@switchyard/core';
import { evaluateFlag } from '@switchyard/core';
import type { FlagDetail, FlagEnv } from './flag-queries';
import { isExperimentRule, type TargetingDraft, targetingInput } from './targeting-model';

type ServeLike = {
  variation?: string | null;
  rollout?: {
    variations: { variation: string; weight: number }[];
    bucketBy?: string | null;
    experiment?: { key: string; coverage: number } | null;
  } | null;
};

function serveOf(s: ServeLike | null | undefined): Serve {
  if (s?.rollout) {
    return {
      rollout: {
        variations: s.rollout.variations.map((w) => ({ variation: w.variation, weight: w.weight })),
        bucketBy: s.rollout.bucketBy ?? null,
        experiment: s.rollout.experiment ?? null,
      },
    };
  }
  return { variation: s?.variation ?? '' };
}

/**
 * The draft (saved or not) as @switchyard/core's FlagConfig: the experiment rules the
 * experiments own come first, as the graph keeps them, then the draft's own rules.
 */
export function draftFlagConfig(flag: FlagDetail, env: FlagEnv, draft: TargetingDraft): FlagConfig {
  const input = targetingInput(draft);
  const experimentRules: Rule[] = env.rules
    .filter((r) => isExperimentRule(r.id))
    .map((r) => ({
      id: r.id,
      conditions: r.conditions as Rule['conditions'],
      serve: serveOf(r.serve as ServeLike),
    }));
  const draftRules: Rule[] = (input.rules ?? []).map((r, i) => ({
    id: r.id ?? `draft-${i + 1}`,
    description: r.description ?? null,
    conditions: r.conditions.map((c) => ({
      attribute: c.attribute,
      operator: c.operator as Rule['conditions'][number]['operator'],
      values: c.values ?? [],
      negate: c.negate ?? false,
      ...(c.caseInsensitive ? { caseInsensitive: true } : {}),
      ...(c.regexFlags ? { regexFlags: c.regexFlags } : {}),
    })),
    serve: serveOf(r.serve as ServeLike),
  }));
  const environment: FlagEnvironmentConfig = {
    enabled: input.enabled ?? false,
    offVariation: input.offVariation ?? '',
    targets: (input.targets ?? []).map((t) => ({ variation: t.variation, values: t.values })),
    rules: [...experimentRules, ...draftRules],
    fallthrough: serveOf(input.fallthrough as ServeLike),
    startsAt: input.startsAt ?? null,
    endsAt: input.endsAt ?? null,
    prerequisites: (input.prerequisites ?? []).map((p) => ({
      flagKey: p.flagKey,
      ...(p.variation ? { variation: p.variation } : {}),
      ...(p.variations ? { variations: p.variations } : {}),
      ...(p.off ? { off: true } : {}),
    })),
  };
  return {
    key: flag.key,
    type: flag.type as FlagType,
    variations: flag.variations.map((v) => ({ key: v.key, value: v.value, name: v.name ?? null })),
    archived: flag.archived,
    version: flag.version,
    environment,
  };
}

export type PreviewOutcome =
  | { ok: true; result: EvaluationResult; experimentRuleCount: number }
  | { ok: false; message: string };

/** Parses the typed context and evaluates the draft for it, in the browser. */
export function previewDraft(
  config: FlagConfig,
  contextText: string,
  set: { flags: FlagConfig[]; segments: Segment[] },
): PreviewOutcome {
  let context: unknown;
  try {
    context = JSON.parse(contextText);
  } catch (err) {
    return { ok: false, message: `The context is not JSON: ${(err as Error).message}` };
  }
  if (typeof context !== 'object' || context === null || Array.isArray(context)) {
    return { ok: false, message: 'The context must be a JSON object, e.g. { "key": "user-1" }' };
  }
  const result = evaluateFlag(config, context as FlagContext, set.segments, { flags: set.flags });
  return {
    ok: true,
    result,
    experimentRuleCount: config.environment.rules.filter((r) => isExperimentRule(r.id)).length,
  };
}

type FlagContext = Parameters<typeof evaluateFlag>[1];
