// Deterministic percentage bucketing shared by flag rollouts and experiment assignment.
// bucket = murmur3_32(`${salt}:${bucketingValue}`) % 100,000, so one bucket is 0.001 %.

import type { WeightedVariation } from './model';
import { murmur3_32, murmur3_32WithPrefix } from './murmur3';

export const BUCKET_COUNT = 100_000;
/** Buckets per percentage point. */
export const BUCKETS_PER_PERCENT = BUCKET_COUNT / 100;

export function bucketOf(salt: string, value: string): number {
  return murmur3_32(`${salt}:${value}`) % BUCKET_COUNT;
}

/** Precomputes the `${salt}:` hash prefix so each evaluation hashes only the bucketing value. */
export function prefixedBucketer(salt: string): (value: string) => number {
  // Kept as a closure so the hot path makes no cross-module (export getter) calls.
  const hash = murmur3_32WithPrefix(`${salt}:`);
  return (value) => hash(value) % BUCKET_COUNT;
}

/** A percentage (0..100, 0.001 % steps) as a whole number of buckets. */
export function percentToBuckets(percent: number): number {
  return Math.round(percent * BUCKETS_PER_PERCENT);
}

/**
 * Bucket ranges for a split: variation i owns [starts[i], ends[i]). With coverage < 1 each range keeps its start
 * and shrinks to `width * coverage` (GrowthBook-style), so raising coverage never moves an enrolled user.
 * Returns null when the weights do not cover all 100,000 buckets exactly.
 */
export function bucketRanges(
  variations: readonly WeightedVariation[],
  coverage = 1,
): { starts: Int32Array; ends: Int32Array } | null {
  // Out-of-range coverage would make ranges overlap; clamp (NaN counts as 0).
  const share = coverage >= 0 ? Math.min(coverage, 1) : 0;
  const starts = new Int32Array(variations.length);
  const ends = new Int32Array(variations.length);
  let cumulative = 0;
  for (let i = 0; i < variations.length; i++) {
    const weight = variations[i]!.weight;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) return null;
    const width = percentToBuckets(weight);
    starts[i] = cumulative;
    ends[i] = cumulative + Math.round(width * share);
    cumulative += width;
  }
  return cumulative === BUCKET_COUNT ? { starts, ends } : null;
}

/** Index of the range holding `bucket`, or -1 (outside coverage). */
export function rangeIndex(starts: Int32Array, ends: Int32Array, bucket: number): number {
  for (let i = 0; i < ends.length; i++) {
    if (bucket < ends[i]! && bucket >= starts[i]!) return i;
  }
  return -1;
}

export interface AssignVariantInput {
  salt: string;
  bucketingValue: string;
  variations: readonly WeightedVariation[];
  /** Share of traffic enrolled, 0..1 (default 1). */
  coverage?: number | null;
  /** Mutual-exclusion layer: only users whose layer bucket is in [rangeStart, rangeEnd) percent are eligible. */
  layer?: { key: string; rangeStart: number; rangeEnd: number } | null;
}

export interface Assignment {
  /** The assigned variation, or null when the user is outside the layer, outside coverage, or weights are invalid. */
  variation: string | null;
  bucket: number;
  inLayer: boolean;
  inTraffic: boolean;
}

export function inLayerRange(bucket: number, rangeStart: number, rangeEnd: number): boolean {
  return bucket >= percentToBuckets(rangeStart) && bucket < percentToBuckets(rangeEnd);
}

/**
 * Experiment assignment, identical to what flag evaluation does for a rollout with an experiment, so the
 * experiments subgraph and the flags subgraph always agree. Not the hot path: flag evaluation uses the
 * precompiled form of the same functions.
 */
export function assignVariant(input: AssignVariantInput): Assignment {
  const bucket = bucketOf(input.salt, input.bucketingValue);
  // An empty bucketing value is a missing one, as on the flag path: nobody is enrolled under it.
  if (input.bucketingValue.length === 0) return { variation: null, bucket, inLayer: true, inTraffic: false };
  const layer = input.layer;
  const inLayer =
    !layer || inLayerRange(bucketOf(layer.key, input.bucketingValue), layer.rangeStart, layer.rangeEnd);
  if (!inLayer) return { variation: null, bucket, inLayer: false, inTraffic: false };
  const ranges = bucketRanges(input.variations, input.coverage ?? 1);
  const index = ranges ? rangeIndex(ranges.starts, ranges.ends, bucket) : -1;
  if (index < 0) return { variation: null, bucket, inLayer: true, inTraffic: false };
  return { variation: input.variations[index]!.variation, bucket, inLayer: true, inTraffic: true };
}

/** The variation a plain (non-experiment) split serves for a bucket; null if the weights are invalid. */
export function chooseVariation(variations: readonly WeightedVariation[], bucket: number): string | null {
  const ranges = bucketRanges(variations);
  const index = ranges ? rangeIndex(ranges.starts, ranges.ends, bucket) : -1;
  return index < 0 ? null : variations[index]!.variation;
}
