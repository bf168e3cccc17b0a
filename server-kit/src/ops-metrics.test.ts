import { Pool } from 'pg';
import { Registry } from 'prom-client';
import { EvaluationUsage } from './evaluation-usage';
import type { Logger } from './logger';
import { createEvaluationCounter, registerPoolMetrics } from './ops-metrics';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function gauges(registry: Registry) {
  const values: Record<string, number> = {};
  for (const m of await registry.getMetricsAsJSON()) values[m.name] = Number(m.values[0]?.value);
  return values;
}

describe('database pool metrics', () => {
  it('report the size, connections checked out and queries waiting, read at scrape time', async () => {
    const pool = new Pool({ connectionString: url, max: 1 });
    const registry = new Registry();
    registerPoolMetrics(registry, () => pool);
    try {
      const held = await pool.connect();
      const queued = pool.query('SELECT 1');
      expect(await gauges(registry)).toEqual({
        switchyard_db_pool_size: 1,
        switchyard_db_pool_in_use: 1,
        switchyard_db_pool_waiting: 1,
      });
      held.release();
      await queued;
      expect(await gauges(registry)).toMatchObject({
        switchyard_db_pool_in_use: 0,
        switchyard_db_pool_waiting: 0,
      });
    } finally {
      await pool.end();
    }
  });
});

describe('evaluation counter', () => {
  it('counts every evaluation recorded, by environment', async () => {
    const registry = new Registry();
    const usage = new EvaluationUsage(async () => {}, {} as Logger, createEvaluationCounter(registry));
    usage.record('production', [
      { key: 'a', variation: 'on' },
      { key: 'b', variation: null },
    ]);
    usage.record('staging', [{ key: 'a', variation: 'off' }]);
    const [metric] = await registry.getMetricsAsJSON();
    expect(metric?.values.map((v) => [v.labels.environment, v.value])).toEqual([
      ['production', 2],
      ['staging', 1],
    ]);
  });
});
