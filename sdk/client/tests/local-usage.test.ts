// A flag evaluated only by apps that evaluate locally (server keys, a downloaded flag set) is seen by the graph like
// one the gateway evaluates (issue 19): the SDK's evaluation counts reach `Flag.usage` and the flag lifecycle (no
// longer STALE), and the contexts it sampled reach the impact preview (`previewTargeting`) through the gateway's
// `POST /usage`, each project's with its own key. Nothing here is evaluated by the gateway: it only serves the flag
// set, so every count and context in the graph came from the SDKs.

import { startTestStack, type TestStack, until } from '@switchyard/testkit';
import { createClient, type SwitchyardClient } from '../src/index';

const ENV = 'production';
const quiet = { warn: () => {}, debug: () => {} };
const country = (i: number) => ['DE', 'US', 'FR'][i % 3]!;

const USAGE = `query($project: String) {
  flag(key: "local-only", project: $project) {
    usage(environment: "production") { evaluations variations { variation evaluations } }
    lifecycle { state }
  }
}`;
const PREVIEW = `query($targeting: TargetingInput!, $project: String) {
  previewTargeting(flagKey: "local-only", environment: "production", targeting: $targeting, project: $project) {
    contextsConsidered changed transitions { from to count } sample { key attributes from to }
  }
}`;

interface FlagUsage {
  usage: { evaluations: number; variations: { variation: string; evaluations: number }[] };
  lifecycle: { state: string };
}
interface Preview {
  contextsConsidered: number;
  changed: number;
  transitions: { from: string | null; to: string | null; count: number }[];
  sample: { key: string; attributes: Record<string, string>; from: string | null; to: string | null }[];
}

describe('usage and recent contexts of a locally evaluating SDK', () => {
  let stack: TestStack;
  const flag = async (project: string) => (await stack.gqlOk<{ flag: FlagUsage }>(USAGE, { project })).flag;
  const preview = async (targeting: unknown, project: string) =>
    (await stack.gqlOk<{ previewTargeting: Preview }>(PREVIEW, { targeting, project })).previewTargeting;
  const sdk = (sdkKey: string): SwitchyardClient =>
    createClient({
      url: stack.graphqlUrl,
      sdkKey,
      environment: ENV,
      cache: false,
      logger: quiet,
      // Nothing leaves before close(): what the graph shows below was sent by it.
      flushIntervalMs: 600_000,
      contextAttributes: ['country', 'plan'],
    });

  beforeAll(async () => {
    stack = await startTestStack({
      subgraphs: ['flags', 'analytics'],
      env: {
        // The gateway keeps country only: plan, sent by the SDK, is not on its list.
        RECENT_CONTEXT_ATTRIBUTES: 'country',
        EVALUATION_USAGE_FLUSH_MS: '200',
        FLAG_STALE_DAYS: '10',
        FLAG_ROLLED_OUT_DAYS: '3',
        FLAG_LIFECYCLE_INTERVAL_MS: '300',
      },
    });
    await stack.gqlOk(
      'mutation { createProject(input: { key: "mobile", name: "Mobile", environments: [{ key: "production" }] }) { key } }',
    );
    // The same key in both projects: Germany gets "on", everyone else "off".
    for (const project of ['default', 'mobile']) {
      await stack.gqlOk(
        `mutation { createFlag(input: { key: "local-only", name: "Local only", project: "${project}" }) { key } }`,
      );
      await stack.gqlOk(
        `mutation { updateTargeting(key: "local-only", project: "${project}", environment: "${ENV}", expectedVersion: 1,
          input: { enabled: true, fallthrough: { variation: "off" },
            rules: [{ conditions: [{ attribute: "country", operator: "in", values: ["DE"] }], serve: { variation: "on" } }] }) { version } }`,
      );
    }
    // Older than FLAG_STALE_DAYS and never evaluated: stale, until the SDKs say otherwise.
    await stack.db.query(
      `UPDATE flags.flags SET created_at = now() - interval '20 days' WHERE key = 'local-only'`,
    );
  }, 180_000);
  afterAll(() => stack?.stop());

  it('counts, lifecycle and the impact preview see what SDKs evaluated locally, per project', async () => {
    await until('the lifecycle job to call the unevaluated flag stale', async () =>
      (await flag('default')).lifecycle.state === 'STALE' ? true : undefined,
    );
    const defaultKey = (await stack.createApiKey('server', { environment: ENV, production: true })).secret;
    const { createApiKey: mobileKey } = await stack.gqlOk<{ createApiKey: { secret: string } }>(
      `mutation { createApiKey(input: { name: "mobile app", kind: SERVER, environment: "${ENV}", project: "mobile" }) { secret } }`,
    );

    const web = sdk(defaultKey);
    const mobile = sdk(mobileKey.secret);
    await Promise.all([web.ready(), mobile.ready()]);
    expect([web.status, mobile.status]).toEqual(['ready', 'ready']);
    // Thirty people in the default project's app (twice each), six in mobile's.
    for (let round = 0; round < 2; round++)
      for (let i = 0; i < 30; i++)
        web.isEnabled('local-only', false, { key: `person-${i}`, country: country(i), plan: 'pro' });
    for (let i = 0; i < 6; i++)
      mobile.isEnabled('local-only', false, { key: `phone-${i}`, country: country(i) });
    await Promise.all([web.close(), mobile.close()]);

    // Every evaluation counted once, in its own project: default's app 40 off and 20 on, mobile's 4 and 2.
    for (const [project, off, on] of [
      ['default', 40, 20],
      ['mobile', 4, 2],
    ] as const) {
      const counted = await until(`${project} counts in Flag.usage`, async () => {
        const f = await flag(project);
        return f.usage.evaluations === off + on ? f : undefined;
      });
      expect(counted.usage.variations).toEqual([
        { variation: 'off', evaluations: off },
        { variation: 'on', evaluations: on },
      ]);
    }
    // Both variations served in the window: live, no longer stale.
    await until('the lifecycle job to see the SDK evaluations', async () =>
      (await flag('default')).lifecycle.state === 'LIVE' ? true : undefined,
    );

    // The impact preview: France to "on" moves exactly the French contexts the SDK evaluated.
    await until('the sampled contexts loaded for the preview', async () =>
      (await preview({ rules: [] }, 'default')).contextsConsidered === 30 ? true : undefined,
    );
    const franceOn = {
      fallthrough: { variation: 'off' },
      rules: [
        {
          conditions: [{ attribute: 'country', operator: 'in', values: ['DE', 'FR'] }],
          serve: { variation: 'on' },
        },
      ],
    };
    const p = await preview(franceOn, 'default');
    const french = Array.from({ length: 30 }, (_, i) => i).filter((i) => country(i) === 'FR');
    expect(p.changed).toBe(french.length);
    expect(p.transitions).toEqual([{ from: 'off', to: 'on', count: french.length }]);
    expect(p.sample.map((s) => s.key).sort()).toEqual(french.map((i) => `person-${i}`).sort());
    expect(p.sample[0]!.attributes).toEqual({ country: 'FR' });

    // Mobile's contexts are mobile's preview's only.
    await until('mobile contexts loaded for its preview', async () =>
      (await preview({ rules: [] }, 'mobile')).contextsConsidered === 6 ? true : undefined,
    );
    expect((await preview(franceOn, 'mobile')).changed).toBe(2);
    const rows: { project: string; n: number }[] = await stack.db.query(
      'SELECT project, count(*)::int AS n FROM flags.recent_contexts GROUP BY 1 ORDER BY 1',
    );
    expect(rows).toEqual([
      { project: 'default', n: 30 },
      { project: 'mobile', n: 6 },
    ]);
  }, 180_000);
});
