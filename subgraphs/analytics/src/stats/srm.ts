// Sample-ratio mismatch (SRM): Pearson's chi-square goodness-of-fit test of the observed users
// per variant against the split implied by the configured weights. A very small p-value means
// assignment or logging is broken, so the experiment's results should not be trusted
// (Fabijan et al. 2019, "Diagnosing Sample Ratio Mismatch in Online Controlled Experiments").
import { chiSquareSf } from './distributions';
import type { SrmResult } from './types';

/** p-values below this raise the warning; strict because SRM is checked continuously. */
export const SRM_THRESHOLD = 0.001;

export function sampleRatioMismatch(
  observed: number[],
  weights: number[],
  threshold = SRM_THRESHOLD,
): SrmResult {
  const base: SrmResult = {
    pValue: null,
    statistic: null,
    degreesOfFreedom: null,
    warning: false,
    threshold,
    expected: observed.map(() => 0),
    // Echoed for display; a count that is not a finite number shows as 0 (the note names it), so
    // the result never carries NaN.
    observed: observed.map((users) => (Number.isFinite(users) ? users : 0)),
    notes: [],
  };
  if (observed.length < 2) return { ...base, notes: ['Sample-ratio check needs at least two variants.'] };
  if (observed.length !== weights.length) {
    return { ...base, notes: ['Sample-ratio check needs one weight per variant.'] };
  }
  if (weights.some((weight) => !Number.isFinite(weight) || weight < 0)) {
    return { ...base, notes: ['Sample-ratio check skipped: weights must be non-negative numbers.'] };
  }
  const invalid = observed.flatMap((users, index) =>
    Number.isFinite(users) && users >= 0 ? [] : [`${index + 1} (${users})`],
  );
  if (invalid.length > 0) {
    return {
      ...base,
      notes: [
        `Sample-ratio check skipped: user counts must be non-negative numbers; variant ${invalid.join(', ')} is not.`,
      ],
    };
  }
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  if (!(totalWeight > 0)) return { ...base, notes: ['Sample-ratio check skipped: all weights are 0.'] };
  const totalUsers = observed.reduce((sum, users) => sum + users, 0);
  const expected = weights.map((weight) => (totalUsers * weight) / totalWeight);
  if (totalUsers === 0) return { ...base, expected, notes: ['Sample-ratio check needs users; none yet.'] };

  const notes: string[] = [];
  // A variant configured at weight 0 must receive nobody; if it did, the mismatch is certain.
  const leaked = observed.filter((users, index) => weights[index] === 0 && users > 0).length;
  if (leaked > 0) {
    return {
      ...base,
      expected,
      pValue: 0,
      warning: true,
      notes: ['Users were assigned to a variant whose weight is 0: a certain sample-ratio mismatch.'],
    };
  }
  let statistic = 0;
  let categories = 0;
  expected.forEach((expectedUsers, index) => {
    if (expectedUsers <= 0) return; // weight 0 and nobody assigned: not a category
    const difference = observed[index]! - expectedUsers;
    statistic += (difference * difference) / expectedUsers;
    categories += 1;
  });
  const degreesOfFreedom = categories - 1;
  if (degreesOfFreedom < 1) {
    return { ...base, expected, notes: ['Only one variant has a non-zero weight; nothing to check.'] };
  }
  if (expected.some((value) => value > 0 && value < 5)) {
    notes.push(
      'Some expected counts are below 5; the chi-square approximation is rough until more users arrive.',
    );
  }
  const pValue = chiSquareSf(statistic, degreesOfFreedom);
  const warning = pValue < threshold;
  if (warning) {
    notes.push(
      `Sample-ratio mismatch (p = ${pValue.toExponential(2)} < ${threshold}): users do not match the configured weights, so results may be biased.`,
    );
  }
  return { ...base, expected, statistic, degreesOfFreedom, pValue, warning, notes };
}
