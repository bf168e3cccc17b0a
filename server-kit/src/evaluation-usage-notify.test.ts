import { createTestDatabase, type TestDatabase } from '@switchyard/testkit';
import { channels, type EventBus, PostgresEventBus } from './event-bus';
import {
  busUsageSink,
  type EvaluationCount,
  EvaluationUsage,
  MAX_USAGE_MESSAGE_BYTES,
} from './evaluation-usage';
import { createLogger } from './logger';

const logger = createLogger('test', 'silent');
const FLAGS = 60;
const flagKey = (i: number) => `checkout-experience-redesign-${String(i).padStart(3, '0')}`;

/** Every count the channel delivers, until `rows` have arrived. */
function collect(bus: PostgresEventBus, rows: number) {
  const received: EvaluationCount[] = [];
  const sizes: number[] = [];
  let done: () => void;
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  const subscribed = bus.subscribe(channels.evaluations, (message) => {
    sizes.push(Buffer.byteLength(message));
    received.push(...(JSON.parse(message) as EvaluationCount[]));
    if (received.length >= rows) done();
  });
  return { received, sizes, all, subscribed };
}

// Without Redis, usage travels as PostgreSQL NOTIFY, whose payload must stay under 8,000 bytes.
describe('evaluation usage over PostgreSQL NOTIFY', () => {
  let db: TestDatabase;
  let bus: PostgresEventBus;

  beforeAll(async () => {
    db = await createTestDatabase('sy_usage');
    bus = await PostgresEventBus.connect(db.url, logger);
  });
  afterAll(async () => {
    await bus?.close();
    await db?.drop();
  });

  it(`delivers every count of ${FLAGS} flags × 2 variations, each message under the limit`, async () => {
    const listener = collect(bus, FLAGS * 2);
    await listener.subscribed;
    const usage = new EvaluationUsage(busUsageSink(bus), logger);
    for (let round = 0; round < 3; round++)
      for (let i = 0; i < FLAGS; i++)
        usage.record('production', [
          { key: flagKey(i), variation: 'treatment' },
          { key: flagKey(i), variation: round === 0 ? 'control' : 'treatment' },
        ]);
    await usage.flush();
    await listener.all;
    expect(listener.sizes.length).toBeGreaterThan(1);
    for (const size of listener.sizes) expect(size).toBeLessThanOrEqual(MAX_USAGE_MESSAGE_BYTES);
    const byKey = new Map(listener.received.map((r) => [`${r.flagKey}/${r.variation}`, r.count]));
    expect(byKey.size).toBe(FLAGS * 2);
    for (let i = 0; i < FLAGS; i++) {
      expect(byKey.get(`${flagKey(i)}/treatment`)).toBe(5);
      expect(byKey.get(`${flagKey(i)}/control`)).toBe(1);
    }
  });

  it('keeps a window the bus refused and sends it with the next one', async () => {
    const down = await createTestDatabase('sy_usage_down');
    const closed = await PostgresEventBus.connect(down.url, logger);
    await closed.close();
    // The counter's bus: a closed one (every publish fails), then this suite's working one.
    let current: EventBus = closed;
    const switching: EventBus = {
      kind: 'postgres',
      publish: (channel, message) => current.publish(channel, message),
      publishMany: (channel, messages) => current.publishMany(channel, messages),
      subscribe: (channel, handler) => current.subscribe(channel, handler),
      close: async () => {},
    };
    const usage = new EvaluationUsage(busUsageSink(switching), logger);
    usage.record('production', [{ key: 'a', variation: 'on' }]);
    await usage.flush();
    await down.drop();

    const listener = collect(bus, 2);
    await listener.subscribed;
    current = bus;
    usage.record('production', [{ key: 'a', variation: 'on' }]);
    await usage.flush();
    await listener.all;
    // The refused window is sent again row for row (same window start, so storing it twice would be
    // one row), beside the new window's own row.
    expect(listener.received.map((r) => [r.flagKey, r.variation, r.count])).toEqual([
      ['a', 'on', 1],
      ['a', 'on', 1],
    ]);
    const [refused, next] = listener.received;
    expect(refused!.windowEnd).toBe(next!.windowStart);
  });
});
