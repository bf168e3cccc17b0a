import {
  type AssignVariantInput,
  assignVariant,
  type CompiledFlagSet,
  compileFlagSet,
  type EvaluationContext,
  type Segment,
} from '@switchyard/core';
import { type ExperimentRow, type JsonValue, layerOf } from '../experiments/experiment.entity';
import { audienceConditions } from '../experiments/experiment.validation';

export type Decision =
  | { reason: 'NOT_RUNNING' | 'NOT_IN_AUDIENCE' | 'LAYER_EXCLUDED' | 'NOT_IN_TRAFFIC'; variant: null }
  | { reason: 'ASSIGNED'; variant: string };

const AUDIENCE_FLAG = 'audience';

/**
 * One experiment compiled for assignment with the shared evaluation core, so the answer is the one flag
 * evaluation gives for the experiment's rule: the audience is compiled as that rule's conditions, and
 * bucketing is `assignVariant` with the experiment key as salt, the traffic as coverage and the layer slice.
 */
export class ExperimentEvaluator {
  readonly key: string;
  readonly running: boolean;
  /** The current analysis period (bumped by restarts). */
  readonly period: number;
  readonly usesSegments: boolean;
  private readonly audience: CompiledFlagSet | null;
  private readonly split: Omit<AssignVariantInput, 'bucketingValue'>;
  private readonly configurations: Map<string, JsonValue | null>;

  constructor(
    readonly row: ExperimentRow,
    segments: readonly Segment[],
  ) {
    this.key = row.key;
    this.running = row.status === 'RUNNING' && row.archivedAt === null;
    this.period = row.analysisPeriod;
    const conditions = audienceConditions(row.audience);
    this.usesSegments = conditions.some((c) => c.operator === 'inSegment');
    this.audience =
      conditions.length === 0
        ? null
        : compileFlagSet({
            environment: row.environment,
            version: 0,
            segments: [...segments],
            flags: [
              {
                key: AUDIENCE_FLAG,
                type: 'BOOLEAN',
                archived: false,
                version: 0,
                variations: [
                  { key: 'in', value: true },
                  { key: 'out', value: false },
                ],
                environment: {
                  enabled: true,
                  offVariation: 'out',
                  targets: [],
                  rules: [{ id: 'audience', conditions, serve: { variation: 'in' } }],
                  fallthrough: { variation: 'out' },
                  prerequisites: [],
                },
              },
            ],
          });
    this.split = {
      salt: row.key,
      variations: row.variants.map((v) => ({ variation: v.key, weight: v.weight })),
      coverage: row.trafficAllocation / 100,
      layer: layerOf(row),
    };
    this.configurations = new Map(row.variants.map((v) => [v.key, v.configuration ?? null]));
  }

  decide(context: EvaluationContext): Decision {
    if (!this.running) return { reason: 'NOT_RUNNING', variant: null };
    if (this.audience && this.audience.evaluate(AUDIENCE_FLAG, context).variation !== 'in') {
      return { reason: 'NOT_IN_AUDIENCE', variant: null };
    }
    const a = assignVariant({ ...this.split, bucketingValue: context.key });
    if (!a.inLayer) return { reason: 'LAYER_EXCLUDED', variant: null };
    if (a.variation === null) return { reason: 'NOT_IN_TRAFFIC', variant: null };
    return { reason: 'ASSIGNED', variant: a.variation };
  }

  hasVariant(variant: string): boolean {
    return this.configurations.has(variant);
  }

  configuration(variant: string): JsonValue | null {
    return this.configurations.get(variant) ?? null;
  }
}
