// Daily series for charts: for each day's cumulative summaries, each variant's users, rate or
// mean, and its interval (Wilson for rates, Student t for means), using the same per-variant
// statistics as the main analysis.
import { resolveAlpha } from './options';
import type { DailyPoint, DailySeriesInput, DailyVariantPoint } from './types';
import { describeVariant } from './variant-statistics';

export function dailySeries(input: DailySeriesInput): DailyPoint[] {
  const { alpha } = resolveAlpha(input.alpha);
  const confidenceLevel = 1 - alpha;
  const previousUsers = new Map<string, number>();
  return input.days.map((day) => ({
    date: day.date,
    variants: day.variants.map((summary): DailyVariantPoint => {
      const description = describeVariant(input.kind, summary, confidenceLevel);
      const notes = [...description.notes];
      const before = previousUsers.get(summary.variant);
      let newUsers: number | null = null;
      if (description.status !== 'INVALID_INPUT') {
        if (before !== undefined) {
          if (description.users >= before) newUsers = description.users - before;
          else notes.push('Cumulative users went down since the previous day; newUsers is unknown.');
        }
        previousUsers.set(summary.variant, description.users);
      }
      return {
        variant: summary.variant,
        users: description.users,
        newUsers,
        estimate: input.kind === 'CONVERSION' ? description.rate : description.mean,
        interval: description.interval,
        notes,
      };
    }),
  }));
}
