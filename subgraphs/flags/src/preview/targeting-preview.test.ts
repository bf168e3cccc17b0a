import { startTestStack, type TestStack } from '@switchyard/testkit';
import { until } from '../integrations/test-receivers';

interface Preview {
  contextsConsidered: number;
  changed: number;
  transitions: { from: string | null; to: string | null; count: number }[];
  sample: { key: string; attributes: Record<string, string>; from: string | null; to: string | null }[];
}

const PREVIEW = `query($flag: String!, $env: String!, $targeting: TargetingInput!) {
  previewTargeting(flagKey: $flag, environment: $env, targeting: $targeting) {
    contextsConsidered changed transitions { from to count } sample { key attributes from to }
  }
}`;

const country = (i: number) => ['DE', 'US', 'FR'][i % 3]!;

describe('impact preview of a targeting change, over recently evaluated contexts', () => {
  let stack: TestStack;
  const preview = (targeting: unknown, flag = 'pv-flag', env = 'production') =>
    stack.gql<{ previewTargeting: Preview }>(PREVIEW, { flag, env, targeting });

  beforeAll(async () => {
    stack = await startTestStack({
      subgraphs: ['flags'],
      env: { RECENT_CONTEXT_ATTRIBUTES: 'country,plan', EVALUATION_USAGE_FLUSH_MS: '200' },
    });
    await stack.gqlOk(
      `mutation { createFlag(input: { key: "pv-flag", name: "Preview", variations: [{ key: "off", value: false }, { key: "on", value: true }] }) { key } }`,
    );
    await stack.gqlOk(
      `mutation { updateTargeting(key: "pv-flag", environment: "production", expectedVersion: 1,
        input: { enabled: true, fallthrough: { variation: "off" } }) { version } }`,
    );
    const { secret } = await stack.createApiKey('server', { environment: 'production' });
    // Thirty people, through the real evaluation path; their e-mail is not on the allow list.
    for (let i = 0; i < 30; i++) {
      await stack.gqlOk(
        'query($c: JSON!) { evaluate(environment: "production", context: $c, keys: ["pv-flag"]) { key } }',
        {
          c: {
            key: `person-${i}`,
            country: country(i),
            plan: i < 15 ? 'pro' : 'free',
            email: `p${i}@example.com`,
          },
        },
        { token: secret },
      );
    }
    await until('the sampled contexts stored', async () => {
      const rows: { n: number }[] = await stack.db.query(
        'SELECT count(*)::int AS n FROM flags.recent_contexts',
      );
      return rows[0]!.n >= 30 ? true : undefined;
    });
  }, 180_000);
  afterAll(() => stack?.stop());

  it('keeps only the allow-listed attributes of each evaluated context', async () => {
    const rows: { context_key: string; attributes: Record<string, string> }[] = await stack.db.query(
      "SELECT context_key, attributes FROM flags.recent_contexts WHERE context_key = 'person-0'",
    );
    expect(rows).toEqual([{ context_key: 'person-0', attributes: { country: 'DE', plan: 'pro' } }]);
  });

  it('counts the contexts that would move, from which variation to which, with a sample', async () => {
    // Treat Germany to "on": exactly the German contexts move.
    await until('the contexts loaded for the preview', async () => {
      const r = await preview({ rules: [] });
      return r.data?.previewTargeting.contextsConsidered === 30 ? true : undefined;
    });
    const res = await preview({
      rules: [
        {
          conditions: [{ attribute: 'country', operator: 'in', values: ['DE'] }],
          serve: { variation: 'on' },
        },
      ],
    });
    expect(res.errors).toBeUndefined();
    const p = res.data!.previewTargeting;
    const germans = Array.from({ length: 30 }, (_, i) => i).filter((i) => country(i) === 'DE');
    expect(p.contextsConsidered).toBe(30);
    expect(p.changed).toBe(germans.length);
    expect(p.transitions).toEqual([{ from: 'off', to: 'on', count: germans.length }]);
    expect(p.sample.map((s) => s.key).sort()).toEqual(germans.map((i) => `person-${i}`).sort());
    expect(p.sample[0]!.attributes).toEqual({ country: 'DE', plan: expect.any(String) });

    // Everyone on except pro users: the free ones move from off to on, the pro ones stay off.
    const all = (
      await preview({
        rules: [
          {
            conditions: [{ attribute: 'plan', operator: 'in', values: ['pro'] }],
            serve: { variation: 'off' },
          },
        ],
        fallthrough: { variation: 'on' },
      })
    ).data!.previewTargeting;
    expect(all.changed).toBe(15);
    expect(all.sample).toHaveLength(15);
    expect(all.sample.every((s) => s.attributes.plan === 'free' && s.from === 'off' && s.to === 'on')).toBe(
      true,
    );
    // Switching the flag off moves nobody already served "off".
    expect((await preview({ enabled: false, offVariation: 'off' })).data!.previewTargeting.changed).toBe(0);
  });

  it('previews scheduled changes and change requests as they would apply now', async () => {
    const { flag } = await stack.gqlOk<{ flag: { version: number } }>('{ flag(key: "pv-flag") { version } }');
    const germansOn = {
      rules: [
        {
          conditions: [{ attribute: 'country', operator: 'in', values: ['DE'] }],
          serve: { variation: 'on' },
        },
      ],
    };
    const scheduled = await stack.gqlOk<{ scheduleChange: { preview: { changed: number } } }>(
      'mutation($input: ScheduleChangeInput!) { scheduleChange(input: $input) { preview { changed } } }',
      {
        input: {
          flagKey: 'pv-flag',
          environment: 'production',
          at: new Date(Date.now() + 86_400_000).toISOString(),
          expectedVersion: flag.version,
          targeting: germansOn,
        },
      },
    );
    expect(scheduled.scheduleChange.preview.changed).toBe(10);
    const request = await stack.gqlOk<{
      createChangeRequest: { preview: { changed: number; transitions: unknown[] } };
    }>(
      'mutation($input: ChangeRequestInput!) { createChangeRequest(input: $input) { preview { changed transitions { from to count } } } }',
      {
        input: {
          flagKey: 'pv-flag',
          environment: 'production',
          expectedVersion: flag.version,
          enabled: false,
        },
      },
    );
    // A DISABLE request previews as switching the flag off directly would.
    const direct = (await preview({ enabled: false })).data!.previewTargeting;
    expect(request.createChangeRequest.preview).toEqual({
      changed: direct.changed,
      transitions: direct.transitions,
    });
    expect(direct.changed).toBe(30);
  });

  it('refuses bad input as the write would, naming the field, and writes nothing', async () => {
    const version = async () =>
      (await stack.gqlOk<{ flag: { version: number } }>('{ flag(key: "pv-flag") { version } }')).flag.version;
    const before = await version();
    const unknownVariation = await preview({ fallthrough: { variation: 'maybe' } });
    expect(unknownVariation.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: expect.stringMatching(/^targeting\.fallthrough/),
    });
    expect((await preview({ rules: [] }, 'no-such-flag')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await preview({ rules: [] }, 'pv-flag', 'no-such-env')).errors?.[0]?.extensions?.code).toBe(
      'NOT_FOUND',
    );
    expect(await version()).toBe(before);
  });
});
