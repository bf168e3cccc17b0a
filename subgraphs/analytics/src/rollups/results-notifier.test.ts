import { metricEventMessages } from './results-notifier';

describe('metric events notices', () => {
  it('names every flag once, each message under the NOTIFY limit and repeating the metrics', () => {
    const flags = Array.from({ length: 2000 }, (_, i) => `a-rather-long-flag-key-number-${i}`);
    const messages = metricEventMessages(['errors', 'latency'], flags);
    expect(messages.length).toBeGreaterThan(1);
    const parsed = messages.map((m) => JSON.parse(m) as { metrics: string[]; flags: string[] });
    for (const [i, m] of messages.entries()) {
      expect(Buffer.byteLength(m)).toBeLessThanOrEqual(7000);
      expect(parsed[i]!.metrics).toEqual(['errors', 'latency']);
    }
    expect(parsed.flatMap((p) => p.flags)).toEqual(flags);
  });

  it('leaves flags out when the events named none (any flag)', () => {
    expect(metricEventMessages(['errors'], null)).toEqual(['{"metrics":["errors"]}']);
  });
});
