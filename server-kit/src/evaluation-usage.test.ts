import type { EventBus } from './event-bus';
import { busUsageSink, type CountedEvaluation, EvaluationUsage, readUsageRows } from './evaluation-usage';
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
    const usage = new EvaluationUsage(busUsageSink(bus), logger);
    usage.record('production', [result('a', 'on'), result('b', 'x'), result('c', null)]);
    usage.record('production', [result('a', 'on'), result('a', 'off')]);
    usage.record('staging', [result('a', 'on')]);
    await usage.flush();
    expect(published).toHaveLength(1);
    expect(published[0]!.channel).toBe('switchyard_evaluations');
    const rows = JSON.parse(published[0]!.message) as Record<string, unknown>[];
    expect(rows.map(({ windowStart: _s, windowEnd: _e, counter: _c, ...r }) => r)).toEqual([
      { environment: 'production', flagKey: 'a', variation: 'on', count: 2 },
      { environment: 'production', flagKey: 'b', variation: 'x', count: 1 },
      { environment: 'production', flagKey: 'a', variation: 'off', count: 1 },
      { environment: 'staging', flagKey: 'a', variation: 'on', count: 1 },
    ]);
    expect(Date.parse(String(rows[0]!.windowEnd))).toBeGreaterThanOrEqual(
      Date.parse(String(rows[0]!.windowStart)),
    );
    // Every row names this process's counter, and another process's counter differs.
    expect(new Set(rows.map((r) => r.counter)).size).toBe(1);
    const other = new EvaluationUsage(busUsageSink(bus), logger);
    other.record('production', [result('a', 'on')]);
    await other.flush();
    const theirs = JSON.parse(published[1]!.message) as Record<string, unknown>[];
    expect(theirs[0]!.counter).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(theirs[0]!.counter).not.toBe(rows[0]!.counter);
  });

  it('publishes nothing for an empty window and starts a new window after each flush', async () => {
    const { bus, published } = fakeBus();
    const usage = new EvaluationUsage(busUsageSink(bus), logger);
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
    const usage = new EvaluationUsage(busUsageSink(bus), logger);
    usage.record('production', [result('a', 'on')]);
    await expect(usage.flush()).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalled();
  });

  it('sends rows handed in by add, and a refused window again row for row with the next one', async () => {
    const sent: { flagKey: string; count: number; windowStart: string }[][] = [];
    let refuse = true;
    const usage = new EvaluationUsage(async (rows) => {
      if (refuse) throw new Error('upstream down');
      sent.push(rows.map(({ flagKey, count, windowStart }) => ({ flagKey, count, windowStart })));
    }, logger);
    usage.record('production', [result('a', 'on')]);
    usage.add([
      {
        environment: 'production',
        flagKey: 'relayed',
        variation: 'on',
        count: 5,
        windowStart: '2026-12-05T00:00:00.000Z',
        windowEnd: '2026-12-05T00:00:10.000Z',
      },
    ]);
    await usage.flush();
    expect(sent).toEqual([]);
    refuse = false;
    usage.record('production', [result('a', 'on'), result('a', 'on')]);
    await usage.flush();
    expect(sent).toHaveLength(1);
    const rows = sent[0]!;
    expect(rows.map((r) => [r.flagKey, r.count]).sort()).toEqual([
      ['a', 1],
      ['a', 2],
      ['relayed', 5],
    ]);
    expect(rows.find((r) => r.flagKey === 'relayed')!.windowStart).toBe('2026-12-05T00:00:00.000Z');
    await usage.flush();
    expect(sent).toHaveLength(1);
  });

  it('reads a POST /usage body, naming the first bad field', () => {
    const row = {
      environment: 'production',
      flagKey: 'a',
      variation: 'on',
      count: 3,
      windowStart: '2026-12-05T00:00:00.000Z',
      windowEnd: '2026-12-05T00:00:10.000Z',
    };
    expect(readUsageRows({ counts: [row] })).toEqual([row]);
    expect(readUsageRows({ counts: [{ ...row, counter: 'relay-1' }] })).toEqual([
      { ...row, counter: 'relay-1' },
    ]);
    expect(() => readUsageRows({ counts: [{ ...row, counter: 'a b' }] })).toThrow('counts[0].counter');
    expect(() => readUsageRows([row])).toThrow(/Send \{ "counts"/);
    expect(() => readUsageRows({ counts: [{ ...row, count: 0 }] })).toThrow('counts[0].count');
    expect(() => readUsageRows({ counts: [row, { ...row, flagKey: '' }] })).toThrow('counts[1].flagKey');
    expect(() => readUsageRows({ counts: [{ ...row, windowEnd: 'yesterday' }] })).toThrow(
      'counts[0].windowEnd',
    );
    expect(() => readUsageRows({ counts: [{ ...row, windowStart: '2026-12-06T00:00:00.000Z' }] })).toThrow(
      'windowStart is after',
    );
  });
});
