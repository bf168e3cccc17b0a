import type { EventBus } from './event-bus';
import { type CountedEvaluation, EvaluationUsage } from './evaluation-usage';
import type { Logger } from './logger';

const result = (key: string, variation: string | null): CountedEvaluation => ({ key, variation });

function fakeBus(fail = false) {
  const published: { channel: string; message: string }[] = [];
  const bus = {
    publish: async (channel: string, message: string) => {
      if (fail) throw new Error('bus down');
      published.push({ channel, message });
    },
  } as unknown as EventBus;
  return { bus, published };
}
const logger = { warn: jest.fn() } as unknown as Logger;

describe('EvaluationUsage', () => {
  it('aggregates counts per environment, flag and served variation, skipping errors', async () => {
    const { bus, published } = fakeBus();
    const usage = new EvaluationUsage(bus, logger);
    usage.record('production', [result('a', 'on'), result('b', 'x'), result('c', null)]);
    usage.record('production', [result('a', 'on'), result('a', 'off')]);
    usage.record('staging', [result('a', 'on')]);
    await usage.flush();
    expect(published).toHaveLength(1);
    expect(published[0]!.channel).toBe('switchyard_evaluations');
    const rows = JSON.parse(published[0]!.message) as Record<string, unknown>[];
    expect(rows.map(({ windowStart: _s, windowEnd: _e, ...r }) => r)).toEqual([
      { environment: 'production', flagKey: 'a', variation: 'on', count: 2 },
      { environment: 'production', flagKey: 'b', variation: 'x', count: 1 },
      { environment: 'production', flagKey: 'a', variation: 'off', count: 1 },
      { environment: 'staging', flagKey: 'a', variation: 'on', count: 1 },
    ]);
    expect(Date.parse(String(rows[0]!.windowEnd))).toBeGreaterThanOrEqual(
      Date.parse(String(rows[0]!.windowStart)),
    );
  });

  it('publishes nothing for an empty window and starts a new window after each flush', async () => {
    const { bus, published } = fakeBus();
    const usage = new EvaluationUsage(bus, logger);
    await usage.flush();
    expect(published).toHaveLength(0);
    usage.record('production', [result('a', 'on')]);
    await usage.flush();
    usage.record('production', [result('a', 'on')]);
    await usage.flush();
    const counts = published.map((p) => (JSON.parse(p.message) as { count: number }[])[0]!.count);
    expect(counts).toEqual([1, 1]);
    const [first, second] = published.map(
      (p) => JSON.parse(p.message)[0] as { windowStart: string; windowEnd: string },
    );
    expect(second!.windowStart).toBe(first!.windowEnd);
  });

  it('never throws when the bus is down', async () => {
    const { bus } = fakeBus(true);
    const usage = new EvaluationUsage(bus, logger);
    usage.record('production', [result('a', 'on')]);
    await expect(usage.flush()).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalled();
  });
});
