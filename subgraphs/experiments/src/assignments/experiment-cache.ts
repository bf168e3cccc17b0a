import type { Segment } from '@switchyard/core';
import type { Logger } from '@switchyard/server-kit';
import type { FlagsClient } from '../clients/flags-client';
import type { ExperimentRepository } from '../experiments/experiment.repository';
import { ExperimentEvaluator } from './experiment-evaluator';

const MAX_ENTRIES = 10_000;

interface Entry {
  evaluator: Promise<ExperimentEvaluator | null>;
  expiresAt: number;
}

/**
 * Compiled experiments for the assignment hot path. Entries are dropped on this replica's writes and on
 * config-change events from the other replicas; the TTL bounds staleness should an event be lost.
 */
export class ExperimentCache {
  private readonly entries = new Map<string, Entry>();
  private readonly segments = new Map<string, { value: Promise<Segment[]>; expiresAt: number }>();

  constructor(
    private readonly repo: ExperimentRepository,
    private readonly flags: FlagsClient,
    private readonly logger: Logger,
    private readonly ttlMs = 5000,
  ) {}

  get(key: string): Promise<ExperimentEvaluator | null> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) return hit.evaluator;
    // Unknown keys are cached too (as null), so the map is bounded against callers inventing keys.
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    // Concurrent misses share one load.
    const evaluator = this.load(key);
    this.entries.set(key, { evaluator, expiresAt: now + this.ttlMs });
    evaluator.catch(() => this.entries.delete(key));
    return evaluator;
  }

  invalidate(key: string): void {
    this.entries.delete(key);
  }

  invalidateSegments(): void {
    this.segments.clear();
    // Audiences compiled against the old definitions must be rebuilt.
    for (const [key, entry] of this.entries) {
      void entry.evaluator.then((e) => {
        if (e?.usesSegments) this.entries.delete(key);
      });
    }
  }

  private async load(key: string): Promise<ExperimentEvaluator | null> {
    const row = await this.repo.findByKey(key);
    if (!row) return null;
    const evaluator = new ExperimentEvaluator(row, []);
    if (!evaluator.usesSegments || !evaluator.running) return evaluator;
    return new ExperimentEvaluator(row, await this.segmentsOf(row.environment));
  }

  /** Segment definitions from the flags subgraph; unavailable ones make `inSegment` fail closed. */
  private segmentsOf(environment: string): Promise<Segment[]> {
    const now = Date.now();
    const hit = this.segments.get(environment);
    if (hit && hit.expiresAt > now) return hit.value;
    const value = this.flags.segments(environment).catch((err: Error) => {
      this.logger.warn(
        { err: err.message, environment },
        'segments unavailable; inSegment audiences fail closed',
      );
      this.segments.delete(environment);
      return [] as Segment[];
    });
    this.segments.set(environment, { value, expiresAt: now + 30_000 });
    return value;
  }
}
