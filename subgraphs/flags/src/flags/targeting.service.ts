import {
  type FlagEnvironmentConfig,
  type Rule,
  type Serve,
  type ValidationProblem,
  validateCondition,
  validateServe,
} from '@switchyard/core';
import { errors } from '@switchyard/server-kit';
import type { EntityManager } from 'typeorm';
import type { ExperimentRuleInput, TargetingInput } from '../generated/graphql';
import { SegmentRow } from '../segments/segment.entity';
import type { ConfigWriter, RecordChange, WriteContext } from '@switchyard/server-kit';
import { type FlagEnvironmentRow, FlagRow } from './flag.entity';
import { type FlagRepository, toEnvironmentConfig } from './flag.repository';
import { type AuditLabel, lockForUpdate, saveFlag } from './flag.service';
import {
  conditionFromInput,
  EXPERIMENT_RULE_PREFIX,
  isExperimentRule,
  prerequisiteFromInput,
  ruleFromInput,
  serveFromInput,
  targetFromInput,
} from './targeting-input';
import { assertValidTargeting, type PathMapping } from './targeting-validation';

interface EnvironmentChange {
  action: string;
  kind: string;
  /** null: no version check (experiment hooks act on the current version). */
  expectedVersion: number | null;
  /** The new targeting, from the flag and the current targeting; validated after. */
  change(flag: FlagRow, current: FlagEnvironmentConfig): FlagEnvironmentConfig;
  mapping(current: FlagEnvironmentConfig): PathMapping;
  /** Extra checks needing the database, before the generic validation. */
  check?(m: EntityManager, flag: FlagRow): Promise<void>;
  /** Added to the audit entry's `after`. */
  extra?: Record<string, unknown>;
}

/** A flag's per-environment targeting: kill switch, rules, schedule, copies, experiment rules. */
export class TargetingService {
  constructor(
    private readonly repo: FlagRepository,
    private readonly writer: ConfigWriter,
  ) {}

  updateTargeting(
    project: string,
    key: string,
    environment: string,
    expectedVersion: number,
    input: TargetingInput,
    ctx: WriteContext,
  ) {
    return this.changeEnvironment(project, key, environment, ctx, {
      action: 'flag.targeting.updated',
      kind: 'FLAG_TARGETING_UPDATED',
      expectedVersion,
      change: (_flag, current) => applyTargetingInput(current, input),
      mapping: (current) => targetingInputMapping(current, input, 'input'),
      check: async () => assertNoExperimentRuleIds(input, 'input'),
    });
  }

  setEnabled(
    project: string,
    key: string,
    environment: string,
    enabled: boolean,
    expectedVersion: number,
    ctx: WriteContext,
  ) {
    return this.changeEnvironment(project, key, environment, ctx, {
      action: enabled ? 'flag.enabled' : 'flag.disabled',
      kind: 'FLAG_TARGETING_UPDATED',
      expectedVersion,
      change: (_flag, current) => ({ ...current, enabled }),
      mapping: () => ({ prefix: '', ruleOffset: 0 }),
    });
  }

  /** Replaces the target environment's targeting with the source's; experiment rules stay where they are. */
  copyTargeting(
    project: string,
    key: string,
    from: string,
    to: string,
    expectedVersion: number,
    ctx: WriteContext,
  ) {
    if (from === to) throw errors.badInput('must differ from fromEnvironment', 'toEnvironment');
    let source: FlagEnvironmentConfig | null = null;
    return this.changeEnvironment(project, key, to, ctx, {
      action: 'flag.targeting.copied',
      kind: 'FLAG_TARGETING_UPDATED',
      expectedVersion,
      check: async (m, flag) => {
        const row = await this.repo.environmentRow(m, flag.id, from);
        if (!row) throw errors.notFound('Environment', from);
        source = toEnvironmentConfig(row);
      },
      change: (_flag, current) => ({
        ...source!,
        rules: [
          ...current.rules.filter(isExperimentRule),
          ...source!.rules.filter((r) => !isExperimentRule(r)),
        ],
      }),
      mapping: () => ({ prefix: '', ruleOffset: 0 }),
    });
  }

  /** Puts the experiment's rule first, replacing an earlier version of it. */
  attachExperiment(
    project: string,
    flagKey: string,
    environment: string,
    experiment: ExperimentRuleInput,
    ctx: WriteContext,
  ) {
    const ruleId = `${EXPERIMENT_RULE_PREFIX}${experiment.key}`;
    const rule: Rule = {
      id: ruleId,
      description: `Experiment ${experiment.key}`,
      conditions: (experiment.audience ?? []).map(conditionFromInput),
      serve: {
        rollout: {
          variations: experiment.variants.map((v) => ({ variation: v.variation, weight: v.weight })),
          salt: experiment.key,
          experiment: {
            key: experiment.key,
            coverage: experiment.coverage,
            layer: experiment.layer
              ? {
                  key: experiment.layer.key,
                  rangeStart: experiment.layer.rangeStart,
                  rangeEnd: experiment.layer.rangeEnd,
                }
              : null,
          },
        },
      },
    };
    return this.changeEnvironment(project, flagKey, environment, ctx, {
      action: 'flag.experiment.attached',
      kind: 'FLAG_TARGETING_UPDATED',
      expectedVersion: null,
      check: async (m, flag) => {
        if (!experiment.key.trim()) throw errors.badInput('must not be empty', 'experiment.key');
        const segmentKeys = (
          await m.getRepository(SegmentRow).find({ where: { project: flag.project }, select: { key: true } })
        ).map((s) => s.key);
        const variationKeys = new Set(flag.variations.map((v) => v.key));
        const problems: ValidationProblem[] = [
          ...rule.conditions.flatMap((c, i) =>
            validateCondition(c, `experiment.audience[${i}]`, segmentKeys),
          ),
          ...validateServe(rule.serve, variationKeys, 'serve').map((p) => ({
            ...p,
            path: p.path
              .replace(/^serve\.rollout\.variations/, 'experiment.variants')
              .replace(/^serve\.rollout\.experiment/, 'experiment'),
          })),
        ];
        if (problems.length > 0) throw errors.badInputs(problems);
      },
      change: (_flag, current) => ({
        ...current,
        rules: [rule, ...current.rules.filter((r) => r.id !== ruleId)],
      }),
      mapping: () => ({ prefix: '', ruleOffset: 0 }),
    });
  }

  detachExperiment(
    project: string,
    flagKey: string,
    environment: string,
    experimentKey: string,
    rollOutVariation: string | null | undefined,
    ctx: WriteContext,
  ) {
    const ruleId = `${EXPERIMENT_RULE_PREFIX}${experimentKey}`;
    return this.changeEnvironment(project, flagKey, environment, ctx, {
      action: 'flag.experiment.detached',
      kind: 'FLAG_TARGETING_UPDATED',
      expectedVersion: null,
      check: async (_m, flag) => {
        if (rollOutVariation && !flag.variations.some((v) => v.key === rollOutVariation)) {
          throw errors.badInput(
            `flag "${flagKey}" has no variation "${rollOutVariation}"`,
            'rollOutVariation',
          );
        }
      },
      change: (_flag, current) => {
        const next = { ...current, rules: current.rules.filter((r) => r.id !== ruleId) };
        if (rollOutVariation) {
          next.fallthrough = { variation: rollOutVariation };
          next.enabled = true;
        }
        return next;
      },
      mapping: () => ({ prefix: '', ruleOffset: 0 }),
    });
  }

  /**
   * Puts back targeting the audit log recorded (a revert, audited under `label`); experiment rules stay
   * as they are now, since experiments own them.
   */
  restoreTargeting(
    project: string,
    key: string,
    environment: string,
    expectedVersion: number,
    config: FlagEnvironmentConfig,
    label: AuditLabel,
    ctx: WriteContext,
  ) {
    return this.changeEnvironment(project, key, environment, ctx, {
      action: label.action,
      kind: 'FLAG_TARGETING_UPDATED',
      expectedVersion,
      extra: label.extra,
      change: (_flag, current) => ({
        ...config,
        rules: [
          ...current.rules.filter(isExperimentRule),
          ...config.rules.filter((r) => !isExperimentRule(r)),
        ],
      }),
      mapping: () => ({ prefix: '', ruleOffset: 0 }),
    });
  }

  /**
   * Replaces what the fallthrough (ruleId null) or one rule serves, at the current version: the
   * release executor's stage changes and rollbacks, audited under `action`.
   */
  replaceServe(
    project: string,
    key: string,
    environment: string,
    ruleId: string | null,
    serve: Serve,
    action: string,
    ctx: WriteContext,
  ) {
    return this.changeEnvironment(project, key, environment, ctx, {
      action,
      kind: 'FLAG_TARGETING_UPDATED',
      expectedVersion: null,
      change: (_flag, current) =>
        ruleId === null
          ? { ...current, fallthrough: serve }
          : { ...current, rules: current.rules.map((r) => (r.id === ruleId ? { ...r, serve } : r)) },
      mapping: () => ({ prefix: '', ruleOffset: 0 }),
    });
  }

  private changeEnvironment(
    project: string,
    key: string,
    environment: string,
    ctx: WriteContext,
    op: EnvironmentChange,
  ) {
    return this.writer.write(ctx, async (m, record: RecordChange) => {
      const flag = await lockForUpdate(m, this.repo, project, key, op.expectedVersion);
      const row = await this.repo.environmentRow(m, flag.id, environment);
      if (!row) throw errors.notFound('Environment', environment);
      await op.check?.(m, flag);
      const before = toEnvironmentConfig(row);
      const after = op.change(flag, before);
      await assertValidTargeting(m, this.repo, flag, environment, after, op.mapping(before));
      writeConfig(row, after);
      await m.save(row);
      const saved = await saveFlag(m, flag, ctx);
      record({
        action: op.action,
        kind: op.kind,
        resourceType: 'flag',
        project: flag.project,
        resourceKey: key,
        environment,
        before: { version: saved.version - 1, ...before },
        after: { version: saved.version, ...after, ...op.extra },
      });
      return saved;
    });
  }
}

/** The targeting `input` makes of `current`: omitted fields stay, `rules` replaces all but the experiment rules. */
export function applyTargetingInput(
  current: FlagEnvironmentConfig,
  input: TargetingInput,
): FlagEnvironmentConfig {
  const next: FlagEnvironmentConfig = { ...current };
  if (input.enabled !== null && input.enabled !== undefined) next.enabled = input.enabled;
  if (input.offVariation !== null && input.offVariation !== undefined) next.offVariation = input.offVariation;
  if (input.targets) next.targets = input.targets.map(targetFromInput);
  if (input.rules)
    next.rules = [...current.rules.filter(isExperimentRule), ...input.rules.map(ruleFromInput)];
  if (input.fallthrough) next.fallthrough = serveFromInput(input.fallthrough);
  if (input.prerequisites) next.prerequisites = input.prerequisites.map(prerequisiteFromInput);
  if ('startsAt' in input) next.startsAt = isoOrNull(input.startsAt);
  if ('endsAt' in input) next.endsAt = isoOrNull(input.endsAt);
  return next;
}

/** Where a problem of the targeting made from `input` lies in the caller's input (`prefix` is its path). */
export function targetingInputMapping(
  current: FlagEnvironmentConfig,
  input: TargetingInput,
  prefix: string,
): PathMapping {
  return { prefix, ruleOffset: input.rules ? current.rules.filter(isExperimentRule).length : 0 };
}

export function assertNoExperimentRuleIds(input: TargetingInput, prefix: string): void {
  input.rules?.forEach((r, i) => {
    if (r.id?.startsWith(EXPERIMENT_RULE_PREFIX)) {
      throw errors.badInput(
        `ids starting with "${EXPERIMENT_RULE_PREFIX}" belong to experiments; attach the experiment instead`,
        `${prefix}.rules[${i}].id`,
      );
    }
  });
}

function isoOrNull(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function writeConfig(row: FlagEnvironmentRow, config: FlagEnvironmentConfig): void {
  row.enabled = config.enabled;
  row.offVariation = config.offVariation;
  row.targets = config.targets;
  row.rules = config.rules;
  row.fallthrough = config.fallthrough;
  row.prerequisites = config.prerequisites;
  row.startsAt = config.startsAt ? new Date(config.startsAt) : null;
  row.endsAt = config.endsAt ? new Date(config.endsAt) : null;
  row.updatedAt = new Date();
}
