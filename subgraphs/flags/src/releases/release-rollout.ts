import { BUCKET_COUNT, percentToBuckets, type Serve, type WeightedVariation } from '@switchyard/core';

const BUCKETS_PER_PERCENT = BUCKET_COUNT / 100;

/**
 * What a stage serves: the released variation owns the first `percent` of the buckets and the
 * variations served before the release share the rest in their old proportions. The released
 * range only ever grows from bucket 0 and the salt and bucketBy stay those of the base split,
 * so a user who got the variation keeps it at every later stage (sdk/core/README.md, bucketing).
 */
export function stageServe(base: Serve, variation: string, percent: number): Serve {
  if (percent >= 100) return { variation };
  const others = baseShares(base).filter((v) => v.variation !== variation);
  const released = percentToBuckets(percent);
  const rest = BUCKET_COUNT - released;
  const total = others.reduce((sum, v) => sum + v.weight, 0);
  const variations: WeightedVariation[] = [{ variation, weight: released / BUCKETS_PER_PERCENT }];
  let given = 0;
  others.forEach((v, i) => {
    // Whole buckets; the last one takes the rounding remainder so the split covers every bucket.
    const buckets = i === others.length - 1 ? rest - given : Math.round((rest * v.weight) / total);
    given += buckets;
    if (buckets > 0) variations.push({ variation: v.variation, weight: buckets / BUCKETS_PER_PERCENT });
  });
  const rollout = base.rollout;
  return {
    rollout: {
      variations,
      ...(rollout?.bucketBy ? { bucketBy: rollout.bucketBy } : {}),
      ...(rollout?.salt ? { salt: rollout.salt } : {}),
    },
  };
}

/** The variations a serve gives, with positive weights. */
export function baseShares(base: Serve): WeightedVariation[] {
  if (base.variation !== undefined) return [{ variation: base.variation, weight: 100 }];
  return base.rollout.variations.filter((v) => v.weight > 0);
}

/** Same serve, ignoring key order of the JSON. */
export function sameServe(a: Serve, b: Serve): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([x], [y]) => x.localeCompare(y));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
