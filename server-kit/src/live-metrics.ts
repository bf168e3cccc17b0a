import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * Metrics of the live side of the gateway, registered beside the per-operation ones
 * of `createMetrics`: subscriptions, event-bus lag, shared executions, caches, limits.
 */
export function createLiveMetrics(
  registry: Registry,
  sources: { outboxBacklog?: () => Promise<number>; subscriptionGroups?: () => number } = {},
) {
  const openConnections = new Gauge({
    name: 'switchyard_ws_connections',
    help: 'Open graphql-ws connections',
    registers: [registry],
  });
  const openSubscriptions = new Gauge({
    name: 'switchyard_subscriptions_open',
    help: 'Open GraphQL subscriptions, by field',
    labelNames: ['field'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'switchyard_subscription_groups',
    help: 'Distinct document+variables+scope groups sharing one execution per event',
    registers: [registry],
    collect() {
      if (sources.subscriptionGroups) this.set(sources.subscriptionGroups());
    },
  });
  const busLag = new Histogram({
    name: 'switchyard_event_bus_lag_seconds',
    help: 'Time from change commit to the event reaching this gateway replica',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const executions = new Counter({
    name: 'switchyard_subscription_executions_total',
    help: 'Federated executions run to resolve subscription payloads (shared by a group)',
    registers: [registry],
  });
  const apiKeyCache = new Counter({
    name: 'switchyard_api_key_cache_total',
    help: 'API key lookups by cache result (hit rate = hit / (hit + miss))',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'switchyard_rate_limited_total',
    help: 'Requests refused by the rate limiter, by bucket kind',
    labelNames: ['limit'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'switchyard_outbox_backlog',
    help: 'Committed config changes not yet published on the event bus',
    registers: [registry],
    async collect() {
      if (!sources.outboxBacklog) return;
      const n = await sources.outboxBacklog().catch(() => null);
      if (n !== null) this.set(n);
    },
  });
  return { openConnections, openSubscriptions, busLag, executions, apiKeyCache, rateLimited };
}

export type LiveMetrics = ReturnType<typeof createLiveMetrics>;
