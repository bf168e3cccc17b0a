import type { ReleaseGuard, ReleaseStage } from './release.entities';

export interface ReleaseTemplate {
  key: string;
  name: string;
  stages: ReleaseStage[];
  guards: ReleaseGuard[];
}

const DAY = 24 * 60;

/**
 * Built-in plan shapes. `spec-canary` is the product specification's canary plan: 1 % for a day,
 * 5 % for two, 25 % for three, then 100 % (watched for a day), rolling back when the error rate
 * passes 5 %, p95 latency 2,000 ms or the crash rate 1 %. Its guards name the metrics
 * `error-rate`, `latency-p95` and `crash-rate`, which must exist in analytics (or pass `guards`).
 */
export const releaseTemplates: readonly ReleaseTemplate[] = [
  {
    key: 'spec-canary',
    name: 'Canary 1 / 5 / 25 / 100 %',
    stages: [
      { percent: 1, minDurationMinutes: DAY },
      { percent: 5, minDurationMinutes: 2 * DAY },
      { percent: 25, minDurationMinutes: 3 * DAY },
      { percent: 100, minDurationMinutes: DAY },
    ],
    guards: [
      { metric: 'error-rate', kind: 'ABSOLUTE', threshold: 0.05, minSample: 100 },
      { metric: 'latency-p95', kind: 'ABSOLUTE', threshold: 2000, minSample: 100 },
      { metric: 'crash-rate', kind: 'ABSOLUTE', threshold: 0.01, minSample: 100 },
    ],
  },
  {
    key: 'runbook-quick',
    name: 'Operations runbook: 10 / 50 / 100 %, error rate over 1 %',
    stages: [
      { percent: 10, minDurationMinutes: 5 },
      { percent: 50, minDurationMinutes: 5 },
      { percent: 100, minDurationMinutes: 5 },
    ],
    guards: [{ metric: 'error-rate', kind: 'ABSOLUTE', threshold: 0.01, minSample: 100 }],
  },
];
