import type { Segment } from '@switchyard/core';
import { BusCache, type Logger } from '@switchyard/server-kit';
import type { FlagsClient } from '../clients/flags-client';
import type { ExperimentRepository } from '../experiments/experiment.repository';
import { ExperimentEvaluator } from './experiment-evaluator';

const MAX_ENTRIES = 10_000;
const SEGMENTS_TTL_MS = 30_000;

/**
 * Compiled experiments for the assignment hot path. Entries are dropped on this replica's writes and on
 * config-change events from the other replicas; the TTL bounds staleness should an event be lost.
 */
export class ExperimentCache {
  private readonly entries: BusCache<string, ExperimentEvaluator | null>;
  private readonly segments: BusCache<string, Segment[]>;

  constructor(
    private readonly repo: ExperimentRepository,
    private readonly flags: FlagsClient,
    private readonly logger: Logger,
    ttlMs = 5000,
  ) {
    // Unknown keys are cached too (as null), so the map is bounded against callers inventing keys.
    this.entries = new BusCache({ load: (key) => this.load(key), ttlMs, maxEntries: MAX_ENTRIES });
    this.segments = new BusCache({
      load: (environment) => this.flags.segments(environment),
      ttlMs: SEGMENTS_TTL_MS,
    });
  }

  get(key: string): Promise<ExperimentEvaluator | null> {
    return this.entries.get(key);
  }

  invalidate(key: string): void {
    this.entries.invalidate(key);
  }

  invalidateSegments(): void {
    this.segments.clear();
    // Audiences compiled against the old definitions must be rebuilt.
    this.entries.invalidateWhere((evaluator) => evaluator?.usesSegments === true);
  }

  private async load(key: string): Promise<ExperimentEvaluator | null> {
    const row = await this.repo.findByKey(key);
    if (!row) return null;
    const evaluator = new ExperimentEvaluator(row, []);
    if (!evaluator.usesSegments || !evaluator.running) return evaluator;
    return new ExperimentEvaluator(row, await this.segmentsOf(row.environment));
  }

  /** Segment definitions from the flags subgraph; unavailable ones make `inSegment` fail closed (and are not kept). */
  private segmentsOf(environment: string): Promise<Segment[]> {
    return this.segments.get(environment).catch((err: Error) => {
      this.logger.warn(
        { err: err.message, environment },
        'segments unavailable; inSegment audiences fail closed',
      );
      return [] as Segment[];
    });
  }
}
