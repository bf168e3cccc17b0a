import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What the pool gauges read: node-postgres's Pool (TypeORM's driver.master is one). */
export interface PoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options: { max?: number };
}

/**
 * Pool saturation for the alert rules: connections in use against the pool's size, and
 * queries queued for a connection. Read at scrape time, so they cost nothing in between.
 */
export function registerPoolMetrics(registry: Registry, pool: () => PoolLike | null) {
  const gauge = (name: string, help: string, read: (p: PoolLike) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const p = pool();
        if (p) this.set(read(p));
      },
    });
  gauge('switchyard_db_pool_size', 'Most connections the database pool opens', (p) => p.options.max ?? 10);
  gauge('switchyard_db_pool_in_use', 'Database connections checked out', (p) => p.totalCount - p.idleCount);
  gauge(
    'switchyard_db_pool_waiting',
    'Queries waiting for a free database connection',
    (p) => p.waitingCount,
  );
}

/** Events fed by the bus (exposures, evaluation counts): how many are stored and how late. */
export function createIngestionMetrics(registry: Registry) {
  const lag = new Histogram({
    name: 'switchyard_event_ingestion_lag_seconds',
    help: 'Time from an event happening (its timestamp) to its storage by the analytics subgraph',
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const stored = new Counter({
    name: 'switchyard_events_ingested_total',
    help: 'Events the analytics subgraph took from the bus, by type and outcome',
    labelNames: ['type', 'outcome'] as const,
    registers: [registry],
  });
  return { lag, stored };
}

export type IngestionMetrics = ReturnType<typeof createIngestionMetrics>;

/** Server-side evaluations (flags subgraph and the gateway's evaluation edge), by environment. */
export function createEvaluationCounter(registry: Registry) {
  return new Counter({
    name: 'switchyard_evaluations_total',
    help: 'Flag evaluations answered, by environment',
    labelNames: ['environment'] as const,
    registers: [registry],
  });
}
