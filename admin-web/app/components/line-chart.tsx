'use client';

import { useId } from 'react';

const COLORS = ['#1d4ed8', '#c2410c', '#15803d', '#7e22ce', '#be123c', '#0f766e'];

export interface ChartSeries {
  name: string;
  /** One value per date; null where the series has none. */
  values: (number | null)[];
  /** Optional interval per date, drawn as a translucent band around the line. */
  band?: ({ lower: number; upper: number } | null)[];
}

/**
 * A small accessible SVG line chart over days: one line per series, three gridlines, the first and
 * last date. Counts start at zero (`fromZero`); estimates are framed around their range.
 */
export function LineChart({
  title,
  dates,
  series,
  format,
  fromZero = false,
  testId,
}: {
  title: string;
  dates: string[];
  series: ChartSeries[];
  format: (v: number) => string;
  fromZero?: boolean;
  testId?: string;
}) {
  const titleId = useId();
  const values = series.flatMap((s) => s.values.filter((v): v is number => v != null));
  // The axis must hold the bands too, or an interval wider than the estimates is cut off.
  const bounds = series.flatMap((s) => (s.band ?? []).flatMap((b) => (b ? [b.lower, b.upper] : [])));
  if (values.length === 0) return null;
  const width = 640;
  const height = 200;
  const pad = { left: 56, right: 12, top: 12, bottom: 28 };
  const min = fromZero ? 0 : Math.min(...values, ...bounds);
  const max = Math.max(...values, ...bounds);
  const span = max - min || Math.abs(max) || 1;
  const lo = fromZero ? 0 : min - span * 0.1;
  const hi = max + span * 0.1;
  const x = (i: number) =>
    pad.left + (dates.length === 1 ? 0 : (i / (dates.length - 1)) * (width - pad.left - pad.right));
  const y = (v: number) => pad.top + (1 - (v - lo) / (hi - lo)) * (height - pad.top - pad.bottom);
  return (
    <figure className="chart" data-testid={testId}>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={titleId}>
        <title id={titleId}>
          {title} ({series.map((s) => s.name).join(', ')})
        </title>
        {[lo, (lo + hi) / 2, hi].map((t) => (
          <g key={t}>
            <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} stroke="#e5e7eb" />
            <text x={pad.left - 6} y={y(t) + 4} textAnchor="end" fontSize="11" fill="#4b5563">
              {format(t)}
            </text>
          </g>
        ))}
        <text x={pad.left} y={height - 8} fontSize="11" fill="#4b5563">
          {dates[0]}
        </text>
        <text x={width - pad.right} y={height - 8} fontSize="11" fill="#4b5563" textAnchor="end">
          {dates[dates.length - 1]}
        </text>
        {series.map((s, si) => {
          const days = (s.band ?? []).flatMap((b, i) => (b ? [{ i, b }] : []));
          if (days.length < 2) return null;
          const upper = days.map(({ i, b }) => `${x(i)},${y(b.upper)}`);
          const lower = days.map(({ i, b }) => `${x(i)},${y(b.lower)}`).reverse();
          return (
            <polygon
              key={`${s.name}-band`}
              data-band={s.name}
              points={[...upper, ...lower].join(' ')}
              fill={COLORS[si % COLORS.length]}
              fillOpacity="0.12"
              stroke="none"
            />
          );
        })}
        {series.map((s, si) => {
          const points = s.values
            .map((v, i) => (v == null ? null : `${x(i)},${y(v)}`))
            .filter(Boolean)
            .join(' ');
          const color = COLORS[si % COLORS.length];
          // A single day draws no line: show it as a dot.
          return points.includes(' ') ? (
            <polyline
              key={s.name}
              data-series={s.name}
              points={points}
              fill="none"
              stroke={color}
              strokeWidth="2"
              strokeLinejoin="round"
            />
          ) : (
            <circle
              key={s.name}
              data-series={s.name}
              cx={points.split(',')[0]}
              cy={points.split(',')[1]}
              r="3"
              fill={color}
            />
          );
        })}
      </svg>
      <figcaption className="chart__legend">
        {series.map((s, i) => (
          <span key={s.name}>
            <span
              className="chart__swatch"
              style={{ background: COLORS[i % COLORS.length] }}
              aria-hidden="true"
            />
            {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
