import {
  ConfigChangeOutbox,
  createEventBus,
  createLogger,
  createMetrics,
  openDatabase,
  type ServiceConfig,
  type SubgraphDeps,
} from '@switchyard/server-kit';
import { startTestStack, type TestStack } from '@switchyard/testkit';
import { migrations } from '../migrations';
import { createFlagServices, flagEntities } from '../services';
import { seedDemo } from './demo';

type FlagView = {
  key: string;
  type: string;
  variations: { key: string }[];
  environment: {
    enabled: boolean;
    startsAt: string | null;
    endsAt: string | null;
    rules: { id: string }[];
    prerequisites: unknown[];
  };
};

describe('demo seed', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags'], seedDemo: true });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('shows flags of every type with rules, segments, a schedule and a prerequisite', async () => {
    const data = await stack.gqlOk<{ flags: { nodes: FlagView[] }; segments: { key: string }[] }>(`{
      flags(first: 100) { nodes { key type variations { key }
        environment(key: "production") { enabled startsAt endsAt rules { id } prerequisites { flagKey } } } }
      segments { key }
    }`);
    const flags = data.flags.nodes;
    expect(new Set(flags.map((f) => f.type))).toEqual(new Set(['BOOLEAN', 'STRING', 'NUMBER', 'JSON']));
    const checkout = flags.find((f) => f.key === 'new-checkout')!;
    expect(checkout.variations.map((v) => v.key)).toEqual(['control', 'treatment']);
    expect(flags.filter((f) => f.environment.rules.length > 0).length).toBeGreaterThanOrEqual(5);
    expect(flags.some((f) => f.environment.startsAt && f.environment.endsAt)).toBe(true);
    expect(flags.some((f) => f.environment.prerequisites.length > 0)).toBe(true);
    expect(data.segments.map((s) => s.key).sort()).toEqual(
      [
        'beta-testers',
        'internal-staff',
        'language-german',
        'power-users',
        'region-eu',
        'usertype-enterprise',
      ].sort(),
    );
  });

  it.each([
    [{ key: 'x', email: 'dev@switchyard.dev' }, 'new-checkout', 'treatment'],
    [{ key: 'x', country: 'DE' }, 'checkout-color', 'green'],
    [{ key: 'x', user: { plan: 'enterprise' } }, 'max-cart-items', 'hundred'],
    [{ key: 'x', language: 'de-AT' }, 'pricing-config', 'german'],
    [{ key: 'bob' }, 'dark-mode', 'on'],
    [{ key: 'x', sessionsPerWeek: 12, appVersion: '2.4.0' }, 'dark-mode', 'on'],
    [{ key: 'no-account' }, 'dark-mode', 'off'],
  ])('serves %j the %s variation %s in production', async (context, key, variation) => {
    const data = await stack.gqlOk<{ evaluate: { variation: string; reason: string }[] }>(
      'query($c: JSON!, $k: [String!]) { evaluate(environment: "production", context: $c, keys: $k) { variation reason } }',
      { c: context, k: [key] },
    );
    expect(data.evaluate[0]).toMatchObject({ variation });
  });

  it('is idempotent: seeding again writes nothing', async () => {
    const logger = createLogger('seed-test', 'silent');
    const ds = await openDatabase({
      url: stack.db.url,
      schema: 'flags',
      entities: flagEntities,
      migrations,
      logger,
    });
    const bus = await createEventBus({ databaseUrl: stack.db.url, logger });
    try {
      const deps: SubgraphDeps = {
        config: {} as ServiceConfig,
        ds,
        bus,
        outbox: new ConfigChangeOutbox(ds, bus, logger),
        logger,
        metrics: createMetrics('flags'),
      };
      const count = async () =>
        Number((await ds.query('SELECT count(*) AS n FROM platform.config_changes'))[0].n);
      const before = await count();
      expect(before).toBeGreaterThan(10);
      await seedDemo(deps, createFlagServices(deps));
      expect(await count()).toBe(before);
    } finally {
      await bus.close();
      await ds.destroy();
    }
  });
});
