'use client';

import { LineChart } from '../../components/line-chart';

type Daily = {
  date: string;
  variants: {
    variant: string;
    users: number;
    estimate?: number | null;
    interval?: { lower: number; upper: number } | null;
  }[];
}[];

const variantsOf = (daily: Daily) => [...new Set(daily.flatMap((d) => d.variants.map((v) => v.variant)))];

/** The cumulative estimate per variant per day, with its 95 % interval as a band. */
export function DailyChart({
  metric,
  daily,
  isRate,
  testId,
}: {
  metric: string;
  daily: Daily;
  isRate: boolean;
  testId?: string;
}) {
  return (
    <LineChart
      title={`${metric} by day, cumulative, per variant`}
      dates={daily.map((d) => d.date)}
      series={variantsOf(daily).map((variant) => ({
        name: variant,
        values: daily.map((d) => d.variants.find((v) => v.variant === variant)?.estimate ?? null),
        band: daily.map((d) => d.variants.find((v) => v.variant === variant)?.interval ?? null),
      }))}
      format={(v) => (isRate ? `${(v * 100).toFixed(1)}%` : v.toFixed(2))}
      testId={testId}
    />
  );
}

/** Users per variant per day (cumulative, as the daily series counts them): is traffic split as planned? */
export function TrafficChart({ daily }: { daily: Daily }) {
  return (
    <LineChart
      title="Users per variant by day"
      dates={daily.map((d) => d.date)}
      series={variantsOf(daily).map((variant) => ({
        name: variant,
        values: daily.map((d) => d.variants.find((v) => v.variant === variant)?.users ?? null),
      }))}
      format={(v) => Math.round(v).toLocaleString('en')}
      fromZero
      testId="traffic-chart"
    />
  );
}
