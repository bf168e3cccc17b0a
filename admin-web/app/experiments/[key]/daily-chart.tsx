'use client';

import { useId } from 'react';

const COLORS = ['#1d4ed8', '#c2410c', '#15803d', '#7e22ce', '#be123c', '#0f766e'];

/** The cumulative estimate per variant per day, as a small accessible SVG line chart. */
export function DailyChart({
  metric,
  daily,
  isRate,
}: {
  metric: string;
  daily: { date: string; variants: { variant: string; users: number; estimate?: number | null }[] }[];
  isRate: boolean;
}) {
  const titleId = useId();
  const variants = [...new Set(daily.flatMap((d) => d.variants.map((v) => v.variant)))];
  const values = daily.flatMap((d) =>
    d.variants.map((v) => v.estimate).filter((e): e is number => e != null),
  );
  if (values.length === 0) return null;
  const width = 640;
  const height = 200;
  const pad = { left: 56, right: 12, top: 12, bottom: 28 };
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || Math.abs(max) || 1;
  const lo = min - span * 0.1;
  const hi = max + span * 0.1;
  const x = (i: number) =>
    pad.left + (daily.length === 1 ? 0 : (i / (daily.length - 1)) * (width - pad.left - pad.right));
  const y = (v: number) => pad.top + (1 - (v - lo) / (hi - lo)) * (height - pad.top - pad.bottom);
  const fmt = (v: number) => (isRate ? `${(v * 100).toFixed(1)}%` : v.toFixed(2));
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={titleId}>
        <title id={titleId}>
          {metric} by day, cumulative, per variant ({variants.join(', ')})
        </title>
        {[lo, (lo + hi) / 2, hi].map((t) => (
          <g key={t}>
            <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} stroke="#e5e7eb" />
            <text x={pad.left - 6} y={y(t) + 4} textAnchor="end" fontSize="11" fill="#4b5563">
              {fmt(t)}
            </text>
          </g>
        ))}
        <text x={pad.left} y={height - 8} fontSize="11" fill="#4b5563">
          {daily[0]?.date}
        </text>
        <text x={width - pad.right} y={height - 8} fontSize="11" fill="#4b5563" textAnchor="end">
          {daily[daily.length - 1]?.date}
        </text>
        {variants.map((variant, vi) => {
          const points = daily
            .map((d, i) => {
              const e = d.variants.find((v) => v.variant === variant)?.estimate;
              return e == null ? null : `${x(i)},${y(e)}`;
            })
            .filter(Boolean)
            .join(' ');
          return (
            <polyline
              key={variant}
              points={points}
              fill="none"
              stroke={COLORS[vi % COLORS.length]}
              strokeWidth="2"
              strokeLinejoin="round"
            />
          );
        })}
      </svg>
      <figcaption className="chart__legend">
        {variants.map((v, i) => (
          <span key={v}>
            <span
              className="chart__swatch"
              style={{ background: COLORS[i % COLORS.length] }}
              aria-hidden="true"
            />
            {v}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
