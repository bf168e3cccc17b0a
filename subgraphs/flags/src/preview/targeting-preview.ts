import { compileFlagSet, type EvaluationContext } from '@switchyard/core';
import type { FlagEvaluation } from '@switchyard/edge';
import { errors } from '@switchyard/server-kit';
import type { DataSource } from 'typeorm';
import type { FlagRepository } from '../flags/flag.repository';
import { toEnvironmentConfig } from '../flags/flag.repository';
import {
  applyTargetingInput,
  assertNoExperimentRuleIds,
  targetingInputMapping,
} from '../flags/targeting.service';
import { assertValidTargeting } from '../flags/targeting-validation';
import type { TargetingInput } from '../generated/graphql';
import type { RecentContextStore } from './recent-context.store';
import { flagSetScope } from '@switchyard/edge';

const SAMPLE = 20;

export interface TargetingPreview {
  project: string;
  flagKey: string;
  environment: string;
  contextsConsidered: number;
  changed: number;
  transitions: { from: string | null; to: string | null; count: number }[];
  sample: { key: string; attributes: Record<string, string>; from: string | null; to: string | null }[];
}

/**
 * The impact of a targeting change before it is saved: the environment's recent contexts evaluated
 * with the live rules and with the proposed ones (the same validation as `updateTargeting`; the
 * other flags and segments as they are), and which of them would get another variation.
 */
export class TargetingPreviewService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: FlagRepository,
    private readonly evaluation: FlagEvaluation,
    private readonly contexts: RecentContextStore,
  ) {}

  async preview(
    project: string,
    flagKey: string,
    environment: string,
    input: TargetingInput,
  ): Promise<TargetingPreview> {
    const [flag] = await this.repo.findByKeys(project, [flagKey]);
    if (!flag) throw errors.notFound('Flag', flagKey);
    const row = await this.repo.environmentRow(this.ds.manager, flag.id, environment);
    if (!row) throw errors.notFound('Environment', environment);
    assertNoExperimentRuleIds(input, 'targeting');
    const before = toEnvironmentConfig(row);
    const after = applyTargetingInput(before, input);
    await assertValidTargeting(
      this.ds.manager,
      this.repo,
      flag,
      environment,
      after,
      targetingInputMapping(before, input, 'targeting'),
    );
    const { set } = await this.evaluation.flagSets.get(flagSetScope(project, environment));
    if (!set) throw errors.notFound('Environment', environment);
    const configs = set.snapshot.flags.map((f) => (f.key === flagKey ? { ...f, environment: before } : f));
    const current = compileFlagSet({ ...set.snapshot, flags: configs });
    const proposed = compileFlagSet({
      ...set.snapshot,
      flags: configs.map((f) => (f.key === flagKey ? { ...f, environment: after } : f)),
    });
    const contexts = await this.contexts.contexts(project, environment);
    return this.compare(project, flagKey, environment, contexts, current, proposed);
  }

  private compare(
    project: string,
    flagKey: string,
    environment: string,
    contexts: EvaluationContext[],
    current: ReturnType<typeof compileFlagSet>,
    proposed: ReturnType<typeof compileFlagSet>,
  ): TargetingPreview {
    const transitions = new Map<string, { from: string | null; to: string | null; count: number }>();
    const sample: TargetingPreview['sample'] = [];
    let changed = 0;
    for (const context of contexts) {
      const from = current.evaluate(flagKey, context).variation ?? null;
      const to = proposed.evaluate(flagKey, context).variation ?? null;
      if (from === to) continue;
      changed++;
      const id = `${from}\u0000${to}`;
      const t = transitions.get(id);
      if (t) t.count++;
      else transitions.set(id, { from, to, count: 1 });
      if (sample.length < SAMPLE) {
        const { key, ...attributes } = context as { key: string } & Record<string, string>;
        sample.push({ key, attributes, from, to });
      }
    }
    return {
      project,
      flagKey,
      environment,
      contextsConsidered: contexts.length,
      changed,
      transitions: [...transitions.values()].sort((a, b) => b.count - a.count),
      sample,
    };
  }
}

/**
 * The preview of a proposed flag change (a change request or a scheduled change) as it would apply
 * now: ENABLE and DISABLE switch `enabled`, TARGETING applies its input; null for other kinds, and
 * when the change no longer validates (its own apply will refuse it and say why).
 */
export async function previewOfProposal(
  service: TargetingPreviewService,
  proposal: { kind: string; project: string; flagKey: string | null; environment: string; change: unknown },
): Promise<TargetingPreview | null> {
  const input: TargetingInput | null =
    proposal.kind === 'ENABLE'
      ? { enabled: true }
      : proposal.kind === 'DISABLE'
        ? { enabled: false }
        : proposal.kind === 'TARGETING'
          ? (proposal.change as TargetingInput)
          : null;
  if (!input || !proposal.flagKey) return null;
  try {
    return await service.preview(proposal.project, proposal.flagKey, proposal.environment, input);
  } catch (err) {
    const code = (err as { extensions?: { code?: string } }).extensions?.code;
    if (code === 'BAD_USER_INPUT' || code === 'NOT_FOUND') return null;
    throw err;
  }
}
