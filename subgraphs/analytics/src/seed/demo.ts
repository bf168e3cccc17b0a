import { DEFAULT_PROJECT, type SubgraphDeps, systemActor } from '@switchyard/server-kit';
import type { EventService } from '../events/event.service';
import type { EventInput } from '../events/event-validation';
import type { CreateMetricInput, MetricService } from '../metrics/metric.service';

export const demoMetrics: Omit<CreateMetricInput, 'project'>[] = [
  {
    key: 'purchase',
    name: 'Purchase conversion',
    description: 'Share of exposed users who buy within 7 days',
    kind: 'CONVERSION',
    eventName: 'purchase',
    conversionWindowHours: 168,
  },
  {
    key: 'revenue',
    name: 'Revenue per user',
    description: 'Sum of purchase values per exposed user within 7 days',
    kind: 'MEAN',
    eventName: 'purchase',
    conversionWindowHours: 168,
  },
  {
    key: 'page-views',
    name: 'Page views per user',
    kind: 'COUNT',
    eventName: 'page-view',
    conversionWindowHours: 168,
    guardrailThreshold: 0.05,
  },
  // What the built-in release templates guard on (spec-canary, runbook-quick): an app reports them with
  // track('request-error', 0 | 1), track('request-latency', ms) and track('crash', 0 | 1).
  {
    key: 'error-rate',
    name: 'Error rate',
    description: 'Share of requests that failed (request-error events, 0 or 1)',
    kind: 'MEAN',
    eventName: 'request-error',
    conversionWindowHours: 168,
    higherIsBetter: false,
  },
  {
    key: 'latency-p95',
    name: 'Latency p95 (ms)',
    kind: 'QUANTILE',
    quantile: 0.95,
    eventName: 'request-latency',
    conversionWindowHours: 168,
    higherIsBetter: false,
  },
  {
    key: 'crash-rate',
    name: 'Crash rate',
    description: 'Share of sessions that crashed (crash events, 0 or 1)',
    kind: 'MEAN',
    eventName: 'crash',
    conversionWindowHours: 168,
    higherIsBetter: false,
  },
];

const EXPERIMENT = 'checkout-redesign';
const USERS = 5000;
const DAYS = 14;
const HOUR = 3600_000;

/**
 * Arms of the demo: the redesign lifts purchase conversion from 10 % to 13 %, but buyers
 * spend less per order, so revenue per user stays about the same (not significant).
 */
const ARMS = {
  control: { purchaseRate: 0.1, orderValue: 60, pageViews: 6 },
  treatment: { purchaseRate: 0.13, orderValue: 46, pageViews: 6 },
} as const;

/** Mulberry32: a small seeded generator, so the demo numbers are the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The demo's events: exposures, purchases and page views for the experiment, and flag evaluations. */
export function demoEvents(now: number): EventInput[] {
  const random = seededRandom(20261123);
  const events: EventInput[] = [];
  // Whole minutes back, so events never land in the future.
  const at = (t: number) => new Date(Math.min(t, now - 60_000));
  for (let i = 0; i < USERS; i++) {
    const userKey = `user-${i}`;
    const variant = random() < 0.5 ? 'control' : 'treatment';
    const arm = ARMS[variant];
    const exposedAt = now - (1 + random() * (DAYS * 24 - 2)) * HOUR;
    events.push({
      // The experiments subgraph's own id for this exposure, so a later assignment is a duplicate.
      eventId: `exposure:${EXPERIMENT}:${userKey}`,
      type: 'EXPOSURE',
      userKey,
      experimentKey: EXPERIMENT,
      variant,
      timestamp: at(exposedAt),
    });
    const views = Math.floor(random() * arm.pageViews * 2);
    for (let v = 0; v < views; v++) {
      events.push({
        eventId: `seed:page-view:${userKey}:${v}`,
        type: 'CUSTOM',
        userKey,
        eventName: 'page-view',
        timestamp: at(exposedAt + random() * 48 * HOUR),
      });
    }
    if (random() < arm.purchaseRate) {
      events.push({
        eventId: `seed:purchase:${userKey}`,
        type: 'CONVERSION',
        userKey,
        eventName: 'purchase',
        // Order values vary widely (exponential), as real baskets do.
        value: Math.round(-Math.log(1 - random()) * arm.orderValue * 100) / 100,
        timestamp: at(exposedAt + random() * 72 * HOUR),
      });
    }
  }
  const day = 24 * HOUR;
  for (let d = DAYS; d >= 1; d--) {
    const windowEnd = new Date(now - d * day + day / 2).toISOString();
    const evaluation = (flagKey: string, variation: string, count: number): EventInput => ({
      eventId: `seed:evaluation:${flagKey}:${variation}:${d}`,
      type: 'EVALUATION',
      userKey: 'server:production',
      eventName: flagKey,
      variant: variation,
      value: count,
      properties: { environment: 'production' },
      timestamp: windowEnd,
    });
    events.push(evaluation('new-checkout', 'control', 1800 + Math.floor(random() * 400)));
    events.push(evaluation('new-checkout', 'treatment', 1800 + Math.floor(random() * 400)));
    // Served one variation to everyone for two weeks: a stale-flag candidate.
    events.push(evaluation('max-cart-items', 'hundred', 500 + Math.floor(random() * 100)));
  }
  return events;
}

/** Idempotent: metrics are created once and events carry fixed ids, so duplicates are ignored. */
export async function seedDemo(
  { ds, logger }: SubgraphDeps,
  services: { events: EventService; metrics: MetricService },
): Promise<void> {
  const ctx = { actor: systemActor, ip: null, userAgent: 'switchyard-seed', requestId: 'seed', logger };
  for (const input of demoMetrics) {
    const [{ exists }] = await ds.query(
      'SELECT EXISTS (SELECT 1 FROM analytics.metrics WHERE project = $1 AND key = $2) AS exists',
      [DEFAULT_PROJECT, input.key],
    );
    if (!exists) await services.metrics.create({ ...input, project: DEFAULT_PROJECT }, ctx);
  }
  const [{ seeded }] = await ds.query(
    'SELECT EXISTS (SELECT 1 FROM analytics.events WHERE event_id = $1) AS seeded',
    [`exposure:${EXPERIMENT}:user-0`],
  );
  if (seeded) return;
  const now = Date.now();
  const events = demoEvents(now);
  for (let i = 0; i < events.length; i += 1000) {
    await services.events.track(events.slice(i, i + 1000), { now, trusted: true });
  }
  logger.info({ events: events.length }, 'seeded demo events');
}
