import { randomBytes } from 'node:crypto';
import type { Condition, Operator, Prerequisite, Rule, Serve, Target } from '@switchyard/core';
import type {
  ConditionInput,
  PrerequisiteInput,
  RuleInput,
  ServeInput,
  TargetInput,
} from '../generated/graphql';

/** Rules owned by an experiment carry this id prefix; targeting edits leave them alone. */
export const EXPERIMENT_RULE_PREFIX = 'experiment:';

export function isExperimentRule(rule: Rule): boolean {
  return rule.id.startsWith(EXPERIMENT_RULE_PREFIX);
}

export function newRuleId(): string {
  return `rule-${randomBytes(4).toString('hex')}`;
}

// Converters from GraphQL input to the core model. They do not validate: the core's
// validator does, so the graph and the SDK agree on what is valid.

export function conditionFromInput(c: ConditionInput): Condition {
  const condition: Condition = {
    attribute: c.attribute,
    operator: c.operator as Operator,
    values: c.values ?? [],
    negate: c.negate ?? false,
  };
  // Stored only when set, so conditions written before these options existed keep their stored shape.
  if (c.caseInsensitive !== null && c.caseInsensitive !== undefined)
    condition.caseInsensitive = c.caseInsensitive;
  if (c.regexFlags) condition.regexFlags = c.regexFlags;
  return condition;
}

export function serveFromInput(s: ServeInput): Serve {
  const serve: Record<string, unknown> = {};
  if (s.variation !== null && s.variation !== undefined) serve.variation = s.variation;
  if (s.rollout) {
    serve.rollout = {
      variations: s.rollout.variations.map((v) => ({ variation: v.variation, weight: v.weight })),
      ...(s.rollout.bucketBy ? { bucketBy: s.rollout.bucketBy } : {}),
      ...(s.rollout.salt ? { salt: s.rollout.salt } : {}),
    };
  }
  return serve as Serve;
}

export function ruleFromInput(r: RuleInput): Rule {
  return {
    id: r.id ?? newRuleId(),
    description: r.description ?? null,
    conditions: r.conditions.map(conditionFromInput),
    serve: serveFromInput(r.serve),
  };
}

export function targetFromInput(t: TargetInput): Target {
  return { variation: t.variation, values: [...new Set(t.values)] };
}

/** Only the fields given are stored, so the core's validator sees (and names) exactly the forms the caller sent. */
export function prerequisiteFromInput(p: PrerequisiteInput): Prerequisite {
  const prerequisite: Prerequisite = { flagKey: p.flagKey };
  if (p.variation !== null && p.variation !== undefined) prerequisite.variation = p.variation;
  if (p.variations !== null && p.variations !== undefined) prerequisite.variations = [...p.variations];
  if (p.off !== null && p.off !== undefined) prerequisite.off = p.off;
  return prerequisite;
}
