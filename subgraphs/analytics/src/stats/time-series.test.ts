import { expectClose, reference } from './test-support';
import { dailySeries } from './time-series';

describe('dailySeries', () => {
  it('matches the reference rates (Wilson) and means (Student t) per day', () => {
    for (const series of reference.daily) {
      const result = dailySeries({ kind: series.kind, days: series.days });
      expect(result.map((day) => day.date)).toEqual(series.days.map((day) => day.date));
      result.forEach((day, dayIndex) => {
        day.variants.forEach((point, index) => {
          const expected = series.expected[dayIndex]![index]!;
          const label = `${series.kind} ${day.date} ${point.variant}`;
          expect(point.users).toBe(expected.users);
          expectClose(point.estimate, expected.estimate, 9, `${label} estimate`);
          expectClose(point.interval?.lower, expected.interval.lower, 9, `${label} lower`, 1e-12);
          expectClose(point.interval?.upper, expected.interval.upper, 9, `${label} upper`);
        });
      });
    }
  });

  it('reports new users per day and explains a decreasing total', () => {
    const day = (date: string, users: number) => ({
      date,
      variants: [{ variant: 'a', weight: 100, users, conversions: 0, sum: 0, sumSquares: 0 }],
    });
    const result = dailySeries({ kind: 'CONVERSION', days: [day('d1', 10), day('d2', 25), day('d3', 20)] });
    expect(result.map((point) => point.variants[0]!.newUsers)).toEqual([null, 15, null]);
    expect(result[2]!.variants[0]!.notes.join(' ')).toMatch(/went down/);
  });

  it('returns null estimates with a note for a day without users', () => {
    const [point] = dailySeries({
      kind: 'MEAN',
      days: [
        {
          date: 'd1',
          variants: [{ variant: 'a', weight: 1, users: 0, conversions: 0, sum: 0, sumSquares: 0 }],
        },
      ],
    });
    expect(point!.variants[0]).toMatchObject({ users: 0, estimate: null, interval: null });
    expect(point!.variants[0]!.notes).not.toHaveLength(0);
  });

  it('uses 1 − alpha for the interval level', () => {
    const days = [
      {
        date: 'd',
        variants: [{ variant: 'a', weight: 1, users: 100, conversions: 20, sum: 20, sumSquares: 20 }],
      },
    ];
    const wide = dailySeries({ kind: 'CONVERSION', alpha: 0.01, days })[0]!.variants[0]!.interval!;
    const narrow = dailySeries({ kind: 'CONVERSION', alpha: 0.2, days })[0]!.variants[0]!.interval!;
    expect(wide.upper - wide.lower).toBeGreaterThan(narrow.upper - narrow.lower);
  });
});
