import { errors, projectScopedKey } from '@switchyard/server-kit';
import type { MetricRepository } from '../metrics/metric.repository';
import { normalMixtureTest, normalSf } from '../stats';
import { type QuantileEstimate, quantileEstimate, quantileRanksNeeded } from '../stats/quantiles';
import { optimalMixingRatio } from '../stats/sequential';
import { sampleVariance } from '../stats/variant-statistics';
import { MIN_USERS_FOR_MEAN } from '../stats/warnings';
import {
  type FlagVariationRepository,
  OTHERS,
  type VariationEvents,
  type VariationScope,
} from './flag-variation.repository';

const MAX_DAYS_BACK = 31;
const DAY_MS = 24 * 3600_000;
/** Level of the per-variation quantile intervals and of the standard error read off them. */
const QUANTILE_LEVEL = 0.95;
/** Events per group at which the sequential interval is tightest: guards watch stages of thousands. */
const SEQUENTIAL_TUNING_EVENTS = 1000;

export interface FlagVariationRequest {
  /** The flag's project: its metric of that key, and its SDK keys' events. */
  project: string;
  flagKey: string;
  environment: string;
  metricKey: string;
  since: Date;
  variation: string | null;
  quantile: number | null;
  alpha: number;
}

interface GroupValues {
  events: number;
  users: number;
  valuedEvents: number;
  mean: number | null;
  variance: number | null;
  quantile: QuantileEstimate | null;
}

/**
 * Per-variation values of a metric for release guards (issue 16): event-level means (an error
 * rate when each request reports 0 or 1) and quantiles (p95 latency) of the metric's events
 * attributed to the flag's variations, and one variation against the others with the always-valid
 * mSPRT of the stats engine, so a guard checked every minute keeps its false-alarm rate.
 */
export class FlagVariationService {
  constructor(
    private readonly repo: FlagVariationRepository,
    private readonly metrics: MetricRepository,
  ) {}

  async values(request: FlagVariationRequest) {
    const { since, alpha } = request;
    const problems: { path: string; message: string }[] = [];
    if (!(since instanceof Date) || Number.isNaN(since.getTime())) {
      problems.push({ path: 'since', message: 'must be a date-time' });
    } else if (since.getTime() < Date.now() - MAX_DAYS_BACK * DAY_MS) {
      problems.push({ path: 'since', message: `must be within the last ${MAX_DAYS_BACK} days` });
    }
    if (!(alpha > 0 && alpha < 0.5)) problems.push({ path: 'alpha', message: 'must be between 0 and 0.5' });
    if (request.quantile !== null && !(request.quantile > 0 && request.quantile < 1)) {
      problems.push({ path: 'quantile', message: 'must be between 0 and 1, e.g. 0.95' });
    }
    if (!request.flagKey) problems.push({ path: 'flagKey', message: 'must not be empty' });
    if (!request.environment) problems.push({ path: 'environment', message: 'must not be empty' });
    if (problems.length) throw errors.badInputs(problems);
    const [metric] = await this.metrics.byKeys([projectScopedKey(request.project, request.metricKey)]);
    if (!metric) throw errors.notFound('Metric', request.metricKey);
    const q = request.quantile ?? (metric.kind === 'QUANTILE' ? metric.quantile : null);
    const scope: VariationScope = {
      project: request.project,
      flagKey: request.flagKey,
      environment: request.environment,
      eventName: metric.eventName,
      since,
    };

    const [perVariation, evaluations] = await Promise.all([
      this.groups(scope, null, q),
      this.repo.evaluations(scope),
    ]);
    const names = [...new Set([...perVariation.keys(), ...evaluations.keys()])].sort();
    const variations = names.map((variation) => {
      const g = perVariation.get(variation) ?? emptyGroup();
      const n = evaluations.get(variation) ?? 0;
      return {
        variation,
        evaluations: n,
        ...g,
        eventsPerEvaluation: n > 0 ? g.events / n : null,
        quantile: quantileOut(g.quantile),
      };
    });
    const notes = [
      `Events named "${metric.eventName}" since ${since.toISOString()} whose properties.flags["${request.flagKey}"] names the variation and whose properties.environment is "${request.environment}"; each event is one observation.`,
    ];
    let comparison = null;
    if (request.variation !== null) {
      const pooled = await this.groups(scope, request.variation, q);
      comparison = compare(
        request.variation,
        names.filter((v) => v !== request.variation),
        pooled.get(request.variation) ?? emptyGroup(),
        pooled.get(OTHERS) ?? emptyGroup(),
        q,
        metric.higherIsBetter,
        alpha,
      );
    }
    return {
      flagKey: request.flagKey,
      environment: request.environment,
      metricKey: metric.key,
      kind: metric.kind,
      higherIsBetter: metric.higherIsBetter,
      since,
      variations,
      comparison,
      notes,
    };
  }

  private async groups(scope: VariationScope, variation: string | null, q: number | null) {
    const rows = await this.repo.summaries(scope, variation);
    const values =
      q === null
        ? new Map<string, Map<number, number>>()
        : await this.repo.valuesAtRanks(
            scope,
            variation,
            rows.map((r) => ({
              group: r.group,
              n: r.valued,
              ranks: quantileRanksNeeded(r.valued, q, QUANTILE_LEVEL),
            })),
          );
    return new Map(rows.map((r) => [r.group, describe(r, q, values.get(r.group))]));
  }
}

function emptyGroup(): GroupValues {
  return { events: 0, users: 0, valuedEvents: 0, mean: null, variance: null, quantile: null };
}

function describe(
  r: VariationEvents,
  q: number | null,
  ranked: Map<number, number> | undefined,
): GroupValues {
  return {
    events: r.events,
    users: r.users,
    valuedEvents: r.valued,
    mean: r.valued > 0 ? r.sum / r.valued : null,
    variance: r.valued > 1 ? sampleVariance(r.valued, r.sum, r.sumSquares) : null,
    quantile:
      q === null || r.valued === 0 || !ranked
        ? null
        : quantileEstimate(r.valued, q, QUANTILE_LEVEL, (rank) => ranked.get(rank)!),
  };
}

function quantileOut(e: QuantileEstimate | null) {
  return e && e.estimate !== null ? { q: e.q, estimate: e.estimate, lower: e.lower, upper: e.upper } : null;
}

/** The variation against the others: the quantile when one is asked, else the mean. */
function compare(
  variation: string,
  others: string[],
  mine: GroupValues,
  rest: GroupValues,
  q: number | null,
  higherIsBetter: boolean,
  alpha: number,
) {
  const statistic = q === null ? 'MEAN' : 'QUANTILE';
  const notes: string[] = [];
  const empty = {
    variation,
    others,
    statistic,
    difference: null,
    standardError: null,
    pValue: null,
    sequentialPValue: null,
    sequentialLower: null,
    sequentialUpper: null,
    significant: false,
    worse: false,
    assumptionsMet: false,
    notes,
  };
  const side = (g: GroupValues) =>
    q === null
      ? g.mean !== null && g.variance !== null
        ? { estimate: g.mean, se: Math.sqrt(g.variance / g.valuedEvents) }
        : null
      : g.quantile?.estimate != null && g.quantile.standardError !== null
        ? { estimate: g.quantile.estimate, se: g.quantile.standardError }
        : null;
  const a = side(mine);
  const b = side(rest);
  if (!a || !b) {
    notes.push(
      `Too few valued events to compare (${mine.valuedEvents} for "${variation}", ${rest.valuedEvents} for the others).`,
    );
    return empty;
  }
  const difference = a.estimate - b.estimate;
  const variance = a.se * a.se + b.se * b.se;
  if (!(variance > 0)) {
    notes.push('Both sides have zero spread: no test.');
    return { ...empty, difference };
  }
  const standardError = Math.sqrt(variance);
  const pValue = 2 * normalSf(Math.abs(difference / standardError));
  // τ² tuned for SEQUENTIAL_TUNING_EVENTS per side, from the per-event variances (se² · n).
  const perEvent = a.se * a.se * mine.valuedEvents + b.se * b.se * rest.valuedEvents;
  const tau2 = (optimalMixingRatio(alpha) * perEvent) / SEQUENTIAL_TUNING_EVENTS;
  const sequential = normalMixtureTest(difference, variance, tau2, alpha);
  const significant = sequential.pValue <= alpha;
  const assumptionsMet = Math.min(mine.valuedEvents, rest.valuedEvents) >= MIN_USERS_FOR_MEAN;
  if (!assumptionsMet) {
    notes.push(
      `Fewer than ${MIN_USERS_FOR_MEAN} valued events on a side: the normal approximation, and so the always-valid guarantee, does not hold yet.`,
    );
  }
  return {
    ...empty,
    difference,
    standardError,
    pValue,
    sequentialPValue: sequential.pValue,
    sequentialLower: sequential.lower,
    sequentialUpper: sequential.upper,
    significant,
    worse: significant && (higherIsBetter ? difference < 0 : difference > 0),
    assumptionsMet,
  };
}
