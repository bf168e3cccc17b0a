// Progress toward the planned minimum sample size per variant.

/** users / minSampleSize capped at 1; null when no (valid) minimum is set. */
export function variantProgress(users: number, minSampleSize: number | null): number | null {
  if (minSampleSize === null || !(minSampleSize > 0) || !Number.isFinite(users)) return null;
  return Math.min(1, Math.max(0, users) / minSampleSize);
}

/**
 * Σ min(users_i, N) / (k N): the share of the total required sample collected. Capping each
 * variant first means an over-filled variant cannot hide an empty one, and the value reaches 1
 * exactly when every variant has reached N.
 */
export function overallProgress(users: number[], minSampleSize: number | null): number | null {
  if (minSampleSize === null || !(minSampleSize > 0) || users.length === 0) return null;
  const collected = users.reduce(
    (sum, count) => sum + Math.min(minSampleSize, Number.isFinite(count) ? Math.max(0, count) : 0),
    0,
  );
  return collected / (users.length * minSampleSize);
}
