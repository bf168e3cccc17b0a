// Validation of analysis options shared by every entry point: a bad option falls back to its
// default with a note instead of throwing.

export const DEFAULT_ALPHA = 0.05;
export const DEFAULT_SEQUENTIAL_TUNING_SAMPLE_SIZE = 5000;

export function resolveAlpha(alpha: number | undefined): { alpha: number; notes: string[] } {
  if (alpha === undefined) return { alpha: DEFAULT_ALPHA, notes: [] };
  if (Number.isFinite(alpha) && alpha > 0 && alpha < 1) return { alpha, notes: [] };
  return {
    alpha: DEFAULT_ALPHA,
    notes: [`alpha must be between 0 and 1 (got ${alpha}); used ${DEFAULT_ALPHA}.`],
  };
}

export function resolveMinSampleSize(minSampleSize: number | undefined): {
  value: number | null;
  notes: string[];
} {
  if (minSampleSize === undefined) return { value: null, notes: [] };
  if (Number.isFinite(minSampleSize) && minSampleSize > 0) return { value: minSampleSize, notes: [] };
  return {
    value: null,
    notes: [`minSampleSize must be a positive number (got ${minSampleSize}); progress is not reported.`],
  };
}
