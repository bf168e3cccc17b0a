import { Backoff } from './backoff';
import { EventQueue, PermanentSendError } from './event-queue';
import type { AnalyticsEvent } from './types';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

function queue(send: (events: AnalyticsEvent[]) => Promise<void>, options = {}) {
  return new EventQueue({
    send,
    flushIntervalMs: 1000,
    maxBatchSize: 3,
    backoff: new Backoff({ initialDelayMs: 1000, maxDelayMs: 8000, random: () => 1 }),
    ...options,
  });
}

const conversion = (n: number) => ({ type: 'CONVERSION' as const, userKey: 'u', eventName: `e${n}` });

describe('EventQueue', () => {
  it('batches by interval and by size', async () => {
    const batches: AnalyticsEvent[][] = [];
    const q = queue(async (events) => {
      batches.push(events);
    });
    q.enqueue(conversion(1));
    q.enqueue(conversion(2));
    expect(batches).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1000);
    expect(batches.map((b) => b.length)).toEqual([2]);
    for (let i = 0; i < 3; i++) q.enqueue(conversion(i));
    await jest.advanceTimersByTimeAsync(0);
    expect(batches.map((b) => b.length)).toEqual([2, 3]);
    expect(batches[0]![0]).toMatchObject({ eventId: expect.any(String), timestamp: expect.any(String) });
  });

  it('retries a failed batch with exponential backoff, in order, without duplicates', async () => {
    const attempts: number[] = [];
    const delivered: string[] = [];
    let failures = 3;
    const q = queue(async (events) => {
      attempts.push(Date.now());
      if (failures-- > 0) throw new Error('503');
      delivered.push(...events.map((e) => e.eventName!));
    });
    const start = Date.now();
    q.enqueue(conversion(1));
    q.enqueue(conversion(2));
    await jest.advanceTimersByTimeAsync(1000 + 1000 + 2000 + 4000);
    // random() = 1: the full ceiling each time (1 s, 2 s, 4 s).
    expect(attempts.map((t) => t - start)).toEqual([1000, 2000, 4000, 8000]);
    expect(delivered).toEqual(['e1', 'e2']);
  });

  it('drops a batch the server refuses for good, and the oldest events beyond the queue limit', async () => {
    const sent: string[] = [];
    const q = queue(
      async (events) => {
        if (events.some((e) => e.eventName === 'bad')) throw new PermanentSendError('invalid');
        sent.push(...events.map((e) => e.eventName!));
      },
      { maxQueueSize: 2, maxBatchSize: 10 },
    );
    q.enqueue({ type: 'CONVERSION', userKey: 'u', eventName: 'bad' });
    q.enqueue(conversion(1));
    q.enqueue(conversion(2));
    expect(q.dropped).toBe(1);
    await q.flush();
    expect(sent).toEqual(['e1', 'e2']);
  });

  it('aggregates evaluation counts into one event per flag and variation', async () => {
    const batches: AnalyticsEvent[][] = [];
    const q = queue(async (events) => {
      batches.push(events);
    });
    q.countProperties = { environment: 'staging' };
    for (let i = 0; i < 5; i++) q.countEvaluation('u', 'beta', 'on');
    q.countEvaluation('u', 'beta', 'off');
    await q.flush();
    expect(batches.flat()).toEqual([
      expect.objectContaining({ type: 'EVALUATION', eventName: 'beta', variant: 'on', value: 5 }),
      expect.objectContaining({ type: 'EVALUATION', eventName: 'beta', variant: 'off', value: 1 }),
    ]);
    expect(batches.flat()[0]!.properties).toEqual({ environment: 'staging' });
  });

  it('close makes one last attempt instead of waiting for the backoff, then takes no more events', async () => {
    let calls = 0;
    const q = queue(async () => {
      calls++;
      if (calls === 1) throw new Error('down');
    });
    q.enqueue(conversion(1));
    await q.flush();
    expect(q.size).toBe(1);
    await q.close();
    expect(calls).toBe(2);
    expect(q.size).toBe(0);
    q.enqueue(conversion(2));
    expect(q.size).toBe(0);
  });

  it('a page-hide flush sends small keepalive batches', async () => {
    const sizes: number[] = [];
    const q = new EventQueue({
      send: async (events, options) => {
        expect(options.keepalive).toBe(true);
        sizes.push(events.length);
      },
      maxBatchSize: 1000,
    });
    for (let i = 0; i < 250; i++) q.enqueue(conversion(i));
    await q.flush({ keepalive: true });
    expect(sizes).toEqual([100, 100, 50]);
  });
});

describe('Backoff', () => {
  it('doubles up to the maximum with jitter in the upper half, and resets', () => {
    let r = 0;
    const b = new Backoff({ initialDelayMs: 100, maxDelayMs: 1000, random: () => r });
    expect([b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([50, 100, 200, 400, 500]);
    r = 0.999;
    b.reset();
    expect(b.next()).toBe(100);
  });
});
