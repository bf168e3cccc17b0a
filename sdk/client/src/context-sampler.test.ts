import { Backoff } from './backoff';
import { ContextSampler, type SampledContext } from './context-sampler';
import { TransportError } from './transport';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

type Body = { counts: []; contexts: SampledContext[] };

function sampler(send: (body: Body) => Promise<void>, options = {}) {
  return new ContextSampler({
    send,
    environment: 'production',
    project: () => 'mobile',
    perFlush: 3,
    flushIntervalMs: 1000,
    backoff: new Backoff({ initialDelayMs: 1000, maxDelayMs: 8000, random: () => 1 }),
    ...options,
  });
}

describe('ContextSampler', () => {
  it('sends distinct keys, at most perFlush per flush, with only the named string attributes', async () => {
    const sent: Body[] = [];
    const s = sampler(
      async (body) => {
        sent.push(body);
      },
      { attributes: ['country', 'age'] },
    );
    s.record({ key: 'a', country: 'DE', email: 'a@example.com', age: 40 });
    s.record({ key: 'a', country: 'FR' });
    s.record({ key: '' });
    s.record({ key: 'x'.repeat(201) });
    s.record({ key: 'b', country: 'x'.repeat(257) });
    s.record({ key: 'c' });
    s.record({ key: 'd' });
    expect(s.size).toBe(3);
    expect(s.dropped).toBe(1);
    await jest.advanceTimersByTimeAsync(1000);
    // The wire format of POST /usage (server-kit's readRecentContexts), as a relay sends it.
    expect(sent).toEqual([
      {
        counts: [],
        contexts: [
          { project: 'mobile', environment: 'production', key: 'a', attributes: { country: 'DE' } },
          { project: 'mobile', environment: 'production', key: 'b', attributes: {} },
          { project: 'mobile', environment: 'production', key: 'c', attributes: {} },
        ],
      },
    ]);
    // A new flush interval samples afresh.
    s.record({ key: 'a' });
    await s.close();
    expect(sent[1]!.contexts.map((c) => c.key)).toEqual(['a']);
  });

  it('keeps a failed sample, bounded, and sends it again after a backoff', async () => {
    const attempts: string[][] = [];
    let failures = 2;
    const s = sampler(async (body) => {
      attempts.push(body.contexts.map((c) => c.key));
      if (failures-- > 0) throw new TransportError('connection refused', false);
    });
    s.record({ key: 'a' });
    s.record({ key: 'b' });
    await s.flush();
    expect(attempts).toEqual([['a', 'b']]);
    // While the gateway is away the sample stays at perFlush: the failed keys first, then newer ones.
    for (let i = 0; i < 1000; i++) s.record({ key: `u${i}` });
    expect(s.size).toBe(3);
    await jest.advanceTimersByTimeAsync(999);
    expect(attempts).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(attempts).toEqual([
      ['a', 'b'],
      ['a', 'b', 'u0'],
    ]);
    // The second failure waits twice as long.
    await jest.advanceTimersByTimeAsync(1999);
    expect(attempts).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(attempts[2]).toEqual(['a', 'b', 'u0']);
    expect(s.size).toBe(0);
    await s.close();
  });

  it('drops a batch the server refuses as bad input, and stops where there is no intake or the key is refused', async () => {
    let answer: TransportError | null = new TransportError('contexts[0].key …', false, 'BAD_USER_INPUT');
    const sent: string[][] = [];
    const s = sampler(async (body) => {
      sent.push(body.contexts.map((c) => c.key));
      if (answer) throw answer;
    });
    s.record({ key: 'a' });
    await s.flush();
    expect(s.size).toBe(0);
    expect(s.dropped).toBe(1);
    answer = new TransportError('POST /usage answered 404', false, 'NOT_FOUND');
    s.record({ key: 'b' });
    await s.flush();
    s.record({ key: 'c' });
    expect(s.size).toBe(0);
    await s.close();
    expect(sent).toEqual([['a'], ['b']]);
  });

  it('names no project when the flag set names none (the default project)', async () => {
    const sent: Body[] = [];
    const s = sampler(
      async (body) => {
        sent.push(body);
      },
      { project: () => undefined },
    );
    s.record({ key: 'a' });
    await s.close();
    expect(sent[0]!.contexts).toEqual([{ environment: 'production', key: 'a', attributes: {} }]);
  });
});
