import { errors, projectScopedKey } from '@switchyard/server-kit';
import type { MetricRepository } from '../metrics/metric.repository';
import type { MetricKind } from '../stats';
import { powerAnalysis } from '../stats/power';
import { sampleVariance } from '../stats/variant-statistics';
import type { PowerRepository } from './power.repository';

export interface PowerRequest {
  metricKey: string;
  /** The metric's project. */
  project: string;
  relativeEffect: number;
  alpha: number;
  power: number;
  variants: number;
  days: number;
  sampleSizePerVariant: number | null;
}

export interface MetricPower extends PowerRequest {
  kind: MetricKind;
  baselineUsers: number;
  baselineMean: number | null;
  baselineVariance: number | null;
  comparisonAlpha: number;
  totalSampleSize: number | null;
  estimatedDays: number | null;
  minimumDetectableEffect: number | null;
  status: 'OK' | 'INSUFFICIENT_DATA';
  notes: string[];
}

/** Largest sample the graph's Int can carry; beyond it the effect is too small to plan for. */
const MAX_SAMPLE = 2_000_000_000;

function check(ok: boolean, field: string, message: string): void {
  if (!ok) throw errors.badInput(message, field);
}

/** The wizard's power / minimum-detectable-effect calculator, from the metric's recent history. */
export class PowerService {
  constructor(
    private readonly repository: PowerRepository,
    private readonly metrics: MetricRepository,
  ) {}

  async metricPower(request: PowerRequest): Promise<MetricPower> {
    const { alpha, power, variants, days, relativeEffect, sampleSizePerVariant: n } = request;
    check(alpha > 0 && alpha < 1, 'alpha', 'must be between 0 and 1 (exclusive), e.g. 0.05.');
    check(power > 0 && power < 1, 'power', 'must be between 0 and 1 (exclusive), e.g. 0.8.');
    check(Number.isInteger(variants) && variants >= 2 && variants <= 20, 'variants', 'must be 2 to 20.');
    check(Number.isInteger(days) && days >= 1 && days <= 90, 'days', 'must be 1 to 90.');
    check(
      Number.isFinite(relativeEffect) && relativeEffect !== 0 && relativeEffect > -1,
      'relativeEffect',
      'must be a non-zero fraction above −1, e.g. 0.05 for +5 %.',
    );
    check(n === null || n >= 2, 'sampleSizePerVariant', 'must be at least 2.');
    const [metric] = await this.metrics.byKeys([projectScopedKey(request.project, request.metricKey)]);
    if (!metric) throw errors.notFound('Metric', request.metricKey);

    if (metric.kind === 'RATIO' || metric.kind === 'QUANTILE') {
      throw errors.badInput(
        `the power calculator plans per-user means and rates; "${metric.key}" is a ${metric.kind} metric`,
        'metricKey',
      );
    }
    const history = await this.repository.baseline(metric.eventName, metric.kind, days);
    const notes = [
      `Baseline from the last ${days} days: every user with an exposure, conversion or custom event counts, with their value of the metric over the whole period (0 without events).`,
    ];
    const empty = {
      ...request,
      kind: metric.kind,
      baselineUsers: history.users,
      baselineMean: null,
      baselineVariance: null,
      comparisonAlpha: alpha / (variants - 1),
      sampleSizePerVariant: null,
      totalSampleSize: null,
      estimatedDays: null,
      minimumDetectableEffect: null,
      status: 'INSUFFICIENT_DATA' as const,
    };
    if (history.users < 2) {
      return { ...empty, notes: [...notes, 'Fewer than 2 active users in the period: no baseline.'] };
    }
    const baselineMean = history.sum / history.users;
    const baselineVariance =
      metric.kind === 'CONVERSION'
        ? baselineMean * (1 - baselineMean)
        : sampleVariance(history.users, history.sum, history.sumSquares);
    const result = powerAnalysis({
      kind: metric.kind,
      baselineMean,
      baselineVariance,
      alpha,
      power,
      variants,
      relativeEffect,
      sampleSizePerVariant: n,
    });
    if (result.status === 'INVALID_INPUT') throw errors.badInput(result.notes.join(' '), 'relativeEffect');
    let size = result.sampleSizePerVariant;
    if (size !== null && size > MAX_SAMPLE) {
      notes.push(
        'The effect is too small to detect with any realistic sample: choose a larger relativeEffect.',
      );
      size = null;
    }
    const dailyUsers = history.users / days;
    const total = size === null ? null : size * variants;
    if (total !== null) {
      notes.push(
        'estimatedDays assumes every active user of the period enters the experiment; divide by the share of traffic it will get.',
      );
    }
    return {
      ...empty,
      baselineMean,
      baselineVariance,
      comparisonAlpha: result.comparisonAlpha,
      sampleSizePerVariant: size,
      totalSampleSize: total,
      estimatedDays: total === null ? null : total / dailyUsers,
      minimumDetectableEffect: result.minimumDetectableEffect,
      status: result.status === 'OK' && size !== null ? 'OK' : 'INSUFFICIENT_DATA',
      notes: [...notes, ...result.notes],
    };
  }
}
