import { channels } from '@switchyard/server-kit';
import { startTestStack, type TestStack } from '@switchyard/testkit';
import { Client } from 'pg';

const EVALUATED = `subscription($ctx: JSON!) {
  evaluatedConfig(environment: "development", context: $ctx) { key variation ... on BooleanFlagValue { value } }
}`;
type Evaluated = { evaluatedConfig: { key: string; variation: string; value?: boolean }[] };

describe('evaluatedConfig and experimentResultsUpdated', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags', 'experiments', 'analytics'] });
    await stack.gqlOk('mutation { createFlag(input: { key: "pushed", name: "Pushed" }) { key } }');
  }, 120_000);
  afterAll(() => stack?.stop());

  it('pushes a client key the values for its context, then again only when they change', async () => {
    const key = await stack.createApiKey('client', { environment: 'development' });
    const sub = await stack.subscribe<Evaluated>(
      EVALUATED,
      { ctx: { key: 'user-1' } },
      { token: key.secret },
    );
    const [first] = await sub.waitFor(1);
    expect(first!.errors).toBeUndefined();
    expect(first!.data!.evaluatedConfig.find((v) => v.key === 'pushed')).toMatchObject({ value: false });

    // A change elsewhere that leaves this context's values alone pushes nothing.
    await stack.gqlOk('mutation { createFlag(input: { key: "unrelated", name: "Unrelated" }) { key } }');
    await new Promise((r) => setTimeout(r, 800));
    const settled = sub.events.length;

    await stack.gqlOk(
      'mutation { setFlagEnabled(key: "pushed", environment: "development", enabled: true, expectedVersion: 1) { key } }',
    );
    const events = await sub.waitFor(settled + 1);
    expect(events.at(-1)!.data!.evaluatedConfig.find((v) => v.key === 'pushed')).toMatchObject({
      value: true,
    });
    // Production is another environment: a client key for development may not stream it.
    const other = await stack.subscribe(
      'subscription { evaluatedConfig(environment: "production", context: { key: "u" }) { key } }',
      {},
      { token: key.secret },
    );
    const [refused] = await other.waitFor(1);
    expect(refused!.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await sub.close();
    await other.close();
  });

  it('refuses experimentResultsUpdated to a client key', async () => {
    const key = await stack.createApiKey('client', { environment: 'development' });
    const sub = await stack.subscribe(
      'subscription { experimentResultsUpdated(experimentKey: "x") { key } }',
      {},
      {
        token: key.secret,
      },
    );
    const end = await sub.ended;
    expect(JSON.stringify(end.error)).toMatch(/FORBIDDEN/);
  });

  it('throttles experimentResultsUpdated to one event per second per experiment', async () => {
    const sub = await stack.subscribe<{ experimentResultsUpdated: { key: string } | null }>(
      'subscription { experimentResultsUpdated(experimentKey: "exp-a") { key } }',
    );
    await new Promise((r) => setTimeout(r, 300));
    const pg = new Client({ connectionString: stack.db.url });
    await pg.connect();
    try {
      // What the analytics subgraph publishes when rollups change: a burst of ten.
      for (let i = 0; i < 10; i++) {
        await pg.query('SELECT pg_notify($1, $2)', [
          channels.experimentResults,
          JSON.stringify({ experimentKey: 'exp-a' }),
        ]);
      }
    } finally {
      await pg.end();
    }
    await sub.waitFor(1, 5000);
    await new Promise((r) => setTimeout(r, 1600));
    // The first at once, the rest of the burst folded into one trailing event a second later.
    expect(sub.events).toHaveLength(2);
    await sub.close();
  });
});
