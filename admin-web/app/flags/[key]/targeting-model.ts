import type { TargetingInput } from '../../../lib/gql/graphql';
import { fromLocalInput, toLocalInput } from '../../../lib/local-datetime';
import {
  type ConditionDraft,
  conditionDraft,
  conditionInput,
  conditionsText,
  emptyCondition,
} from '../../components/condition-model';
import type { FlagEnv } from './flag-queries';

export interface WeightDraft {
  variation: string;
  weight: string;
}

export interface ServeDraft {
  mode: 'variation' | 'rollout';
  variation: string;
  rollout: WeightDraft[];
  bucketBy: string;
}

export interface RuleDraft {
  /** Stable React key; `id` is the server's id (empty for a new rule). */
  uid: string;
  id: string;
  description: string;
  conditions: ConditionDraft[];
  serve: ServeDraft;
}

export interface TargetingDraft {
  enabled: boolean;
  offVariation: string;
  targets: { variation: string; values: string }[];
  rules: RuleDraft[];
  fallthrough: ServeDraft;
  startsAt: string;
  endsAt: string;
  prerequisites: PrerequisiteDraft[];
}

/**
 * A prerequisite as the editor holds it: the parent serves one of `variations` (one makes the single-variation
 * form, several the any-of form), or the parent is off (does not serve at all).
 */
export interface PrerequisiteDraft {
  flagKey: string;
  mode: 'serves' | 'off';
  variations: string[];
}

export const emptyPrerequisite = (): PrerequisiteDraft => ({ flagKey: '', mode: 'serves', variations: [] });

type PrerequisiteData = FlagEnv['prerequisites'][number];

function prerequisiteDraft(p: PrerequisiteData): PrerequisiteDraft {
  if (p.off) return { flagKey: p.flagKey, mode: 'off', variations: [] };
  return {
    flagKey: p.flagKey,
    mode: 'serves',
    variations: p.variations ?? (p.variation ? [p.variation] : []),
  };
}

function prerequisiteInput(p: PrerequisiteDraft) {
  if (p.mode === 'off') return { flagKey: p.flagKey, off: true };
  return p.variations.length === 1
    ? { flagKey: p.flagKey, variation: p.variations[0] }
    : { flagKey: p.flagKey, variations: p.variations };
}

function prerequisiteText(p: PrerequisiteData): string {
  if (p.off) return `Requires ${p.flagKey} off`;
  return `Requires ${p.flagKey} = ${(p.variations ?? [p.variation]).join(' or ')}`;
}

let uidCounter = 0;
export const newUid = () => `r${++uidCounter}`;

type ServeData = FlagEnv['fallthrough'];

function serveDraft(serve: ServeData, variations: string[]): ServeDraft {
  if (serve.rollout) {
    return {
      mode: 'rollout',
      variation: variations[0] ?? '',
      rollout: serve.rollout.variations.map((w) => ({ variation: w.variation, weight: String(w.weight) })),
      bucketBy: serve.rollout.bucketBy ?? '',
    };
  }
  return {
    mode: 'variation',
    variation: serve.variation ?? variations[0] ?? '',
    rollout: variations.map((v, i) => ({ variation: v, weight: i === 0 ? '100' : '0' })),
    bucketBy: '',
  };
}

export function isExperimentRule(id: string): boolean {
  return id.startsWith('experiment:');
}

export function draftFrom(env: FlagEnv, variations: string[]): TargetingDraft {
  return {
    enabled: env.enabled,
    offVariation: env.offVariation,
    targets: env.targets.map((t) => ({ variation: t.variation, values: t.values.join(', ') })),
    rules: env.rules
      .filter((r) => !isExperimentRule(r.id))
      .map((r) => ({
        uid: newUid(),
        id: r.id,
        description: r.description ?? '',
        conditions: r.conditions.map(conditionDraft),
        serve: serveDraft(r.serve as ServeData, variations),
      })),
    fallthrough: serveDraft(env.fallthrough, variations),
    startsAt: toLocalInput(env.startsAt),
    endsAt: toLocalInput(env.endsAt),
    prerequisites: env.prerequisites.map(prerequisiteDraft),
  };
}

export function emptyRule(variations: string[]): RuleDraft {
  return {
    uid: newUid(),
    id: '',
    description: '',
    conditions: [emptyCondition()],
    serve: serveDraft({ variation: variations[0] ?? null, rollout: null }, variations),
  };
}

/** The live sum of a split, rounded to 3 decimals. */
export function rolloutSum(rollout: WeightDraft[]): number {
  return Math.round(rollout.reduce((sum, w) => sum + (Number(w.weight) || 0), 0) * 1000) / 1000;
}

function serveInput(s: ServeDraft) {
  if (s.mode === 'variation') return { variation: s.variation };
  return {
    rollout: {
      variations: s.rollout
        .filter((w) => w.weight.trim() !== '')
        .map((w) => ({ variation: w.variation, weight: Number(w.weight) })),
      ...(s.bucketBy.trim() ? { bucketBy: s.bucketBy.trim() } : {}),
    },
  };
}

export function targetingInput(d: TargetingDraft): TargetingInput {
  return {
    enabled: d.enabled,
    offVariation: d.offVariation,
    targets: d.targets.map((t) => ({
      variation: t.variation,
      values: t.values
        .split(/[,\n]/)
        .map((v) => v.trim())
        .filter(Boolean),
    })),
    rules: d.rules.map((r) => ({
      ...(r.id ? { id: r.id } : {}),
      description: r.description || null,
      conditions: r.conditions.map(conditionInput),
      serve: serveInput(r.serve),
    })),
    fallthrough: serveInput(d.fallthrough),
    startsAt: fromLocalInput(d.startsAt),
    endsAt: fromLocalInput(d.endsAt),
    prerequisites: d.prerequisites.filter((p) => p.flagKey).map(prerequisiteInput),
  };
}

/** A readable summary of one environment's targeting, for the conflict view. */
export function summarize(env: FlagEnv): string {
  const lines = [
    `${env.enabled ? 'On' : 'Off'}; off variation ${env.offVariation}`,
    ...env.targets.map((t) => `Target ${t.variation}: ${t.values.join(', ')}`),
    ...env.rules.map(
      (r, i) =>
        `Rule ${i + 1}${r.description ? ` (${r.description})` : ''}: ${conditionsText(r.conditions)} → ${serveText(r.serve as ServeData)}`,
    ),
    `Otherwise → ${serveText(env.fallthrough)}`,
    ...(env.startsAt || env.endsAt ? [`Schedule: ${env.startsAt ?? '…'} – ${env.endsAt ?? '…'}`] : []),
    ...env.prerequisites.map(prerequisiteText),
  ];
  return lines.join('\n');
}

function serveText(s: ServeData): string {
  if (s.rollout) return s.rollout.variations.map((w) => `${w.variation} ${w.weight}%`).join(' / ');
  return s.variation ?? '—';
}
