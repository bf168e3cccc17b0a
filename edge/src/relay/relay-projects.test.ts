import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  graphql,
  startTestRelay,
  startTestStack,
  subscribe,
  type TestRelay,
  type TestStack,
  until,
  wsClient,
} from '@switchyard/testkit';

// One relay process serving two projects (issue 19): given a SERVER key of each, a caller's SDK key
// evaluates its own project's flags through it, downloads its own project's set, hears its own project's
// changes, and its evaluations, sampled contexts and events count for its own project upstream.

const ENV = 'production';
const EVALUATE = `query E($e: String!, $c: JSON!, $k: [String!], $p: String) {
  evaluate(environment: $e, context: $c, keys: $k, project: $p) { key variation reason }
}`;
const FLAG_SET = 'query F($e: String!) { flagSet(environment: $e) { environment project version flags } }';

describe('a relay serving the SDK keys of two projects', () => {
  let stack: TestStack;
  let relay: TestRelay;
  let dataDir: string;
  const keys: Record<string, string> = {};
  const key = async (name: string, kind: 'SERVER' | 'CLIENT', project: string) => {
    const { createApiKey } = await stack.gqlOk<{ createApiKey: { secret: string } }>(
      `mutation { createApiKey(input: { name: "${name}", kind: ${kind}, environment: "${ENV}", project: "${project}" }) { secret } }`,
    );
    keys[name] = createApiKey.secret;
  };
  const evaluate = (token: string, flag: string, project?: string) =>
    graphql<{ evaluate: { key: string; variation: string | null; reason: string }[] }>(
      `${relay.url}/graphql`,
      EVALUATE,
      { e: ENV, c: { key: 'u1' }, k: [flag], p: project ?? null },
      { authorization: `Bearer ${token}` },
    );
  const variation = async (token: string, flag: string) =>
    (await evaluate(token, flag)).data?.evaluate[0]?.variation;

  beforeAll(async () => {
    stack = await startTestStack({ env: { EVALUATION_USAGE_FLUSH_MS: '200' } });
    for (const project of ['mobile', 'web'])
      await stack.gqlOk(
        `mutation { createProject(input: { key: "${project}", name: "${project}", environments: [{ key: "${ENV}" }] }) { key } }`,
      );
    // The same key in both projects: default's is off, mobile's serves "on".
    for (const project of ['default', 'mobile'])
      await stack.gqlOk(
        `mutation { createFlag(input: { key: "checkout", name: "Checkout", project: "${project}" }) { key } }`,
      );
    await stack.gqlOk(
      `mutation { updateTargeting(key: "checkout", project: "mobile", environment: "${ENV}", expectedVersion: 1,
        input: { enabled: true, fallthrough: { variation: "on" } }) { version } }`,
    );
    await stack.gqlOk(
      'mutation { createFlag(input: { key: "only-default", name: "Only default" }) { key } }',
    );
    await stack.gqlOk(
      'mutation { createFlag(input: { key: "only-mobile", name: "Only mobile", project: "mobile" }) { key } }',
    );
    await key('default-server', 'SERVER', 'default');
    await key('mobile-server', 'SERVER', 'mobile');
    await key('mobile-client', 'CLIENT', 'mobile');
    await key('web-server', 'SERVER', 'web');
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'switchyard-edge-projects-'));
    relay = await startTestRelay(stack, 'edge-projects', {
      environment: ENV,
      dataDir,
      args: [
        '--upstream',
        stack.gatewayUrl,
        '--server-key',
        `${keys['default-server']},${keys['mobile-server']}`,
        '--usage-flush-ms',
        '200',
      ],
    });
  }, 300_000);
  afterAll(async () => {
    await stack?.stop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it("evaluates each key's own project's flags, and refuses another project's", async () => {
    expect(await variation(keys['default-server']!, 'checkout')).toBe('off');
    expect(await variation(keys['mobile-server']!, 'checkout')).toBe('on');
    // A client key, checked upstream once, in its own project.
    expect(await variation(keys['mobile-client']!, 'checkout')).toBe('on');
    // Naming its own project is the same; naming another is FORBIDDEN, as on the gateway.
    expect((await evaluate(keys['mobile-client']!, 'checkout', 'mobile')).data?.evaluate[0]?.variation).toBe(
      'on',
    );
    const other = await evaluate(keys['mobile-client']!, 'checkout', 'default');
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // A key of a project the relay has no key of is refused, saying which it serves.
    const web = await evaluate(keys['web-server']!, 'checkout');
    expect(web.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(web.errors?.[0]?.message).toContain('"web"');

    // flagSet: the key's own project's set, as upstream serves it to that key.
    for (const name of ['default-server', 'mobile-server']) {
      const atRelay = await graphql(
        `${relay.url}/graphql`,
        FLAG_SET,
        { e: ENV },
        { authorization: `Bearer ${keys[name]}` },
      );
      expect(atRelay.data).toEqual(await stack.gqlOk(FLAG_SET, { e: ENV }, { token: keys[name] }));
    }
  });

  it("delivers each project's changes to its own subscribers", async () => {
    const client = wsClient(`${relay.url.replace('http', 'ws')}/graphql`, keys['mobile-server']!);
    const changes = subscribe<{ configChanged: { resourceKey: string } }>(
      client,
      'subscription C($e: String!) { configChanged(environment: $e) { seq resourceKey } }',
      { e: ENV },
    );
    // A change in default first, served by the relay, then one in mobile.
    await stack.gqlOk(
      `mutation { setFlagEnabled(key: "only-default", environment: "${ENV}", enabled: true, expectedVersion: 1) { version } }`,
    );
    await until('default change at the relay', async () =>
      (await evaluate(keys['default-server']!, 'only-default')).data?.evaluate[0]?.reason === 'FALLTHROUGH'
        ? true
        : undefined,
    );
    await stack.gqlOk(
      `mutation { setFlagEnabled(key: "only-mobile", project: "mobile", environment: "${ENV}", enabled: true, expectedVersion: 1) { version } }`,
    );
    await until('mobile change at the relay', async () =>
      (await evaluate(keys['mobile-server']!, 'only-mobile')).data?.evaluate[0]?.reason === 'FALLTHROUGH'
        ? true
        : undefined,
    );
    const [first] = await changes.waitFor(1, 60_000);
    // Mobile's subscriber heard mobile's change, not default's.
    expect(first?.data?.configChanged.resourceKey).toBe('only-mobile');
    await changes.close();
    await client.dispose();
  });

  it("sends the contexts it evaluates upstream, kept for each project's impact preview", async () => {
    await evaluate(keys['mobile-client']!, 'checkout');
    // Only this relay evaluated context u1: the gateway kept it from the relay's POST /usage.
    const rows = await until('the relay-sampled contexts stored', async () => {
      const r: { project: string }[] = await stack.db.query(
        `SELECT project FROM flags.recent_contexts WHERE environment = $1 AND context_key = 'u1' ORDER BY project`,
        [ENV],
      );
      return r.length === 2 ? r : undefined;
    });
    expect(rows).toEqual([{ project: 'default' }, { project: 'mobile' }]);

    // A key's contexts are of its own project and environment, and well formed; else nothing is taken.
    const post = async (body: unknown) => {
      const res = await fetch(`${stack.gatewayUrl}/usage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${keys['mobile-server']}` },
        body: JSON.stringify(body),
      });
      return [res.status, ((await res.json()) as { error: { message: string } }).error?.message];
    };
    expect(await post({ counts: [], contexts: [{ environment: ENV, key: 'x', attributes: {} }] })).toEqual([
      403,
      'This key is of project "mobile"; counts of project "default" need a key of that project',
    ]);
    expect(
      await post({
        counts: [],
        contexts: [{ project: 'mobile', environment: ENV, key: 'x', attributes: { a: 1 } }],
      }),
    ).toEqual([400, 'contexts[0].attributes must be an object of strings']);
  });

  it('counts evaluations and forwards events for the project of the caller', async () => {
    await stack.gqlOk(
      'mutation { createFlag(input: { key: "relay-usage", name: "Relay usage", project: "mobile" }) { key } }',
    );
    await stack.gqlOk('mutation { createFlag(input: { key: "relay-usage", name: "Relay usage" }) { key } }');
    await until('the new flag at the relay', async () =>
      (await evaluate(keys['mobile-client']!, 'relay-usage')).data?.evaluate[0]?.reason === 'OFF'
        ? true
        : undefined,
    );
    for (let i = 0; i < 2; i++) await evaluate(keys['mobile-client']!, 'relay-usage');
    // An SDK evaluating locally reports its counts as EVALUATION events through the relay.
    const res = await fetch(`${relay.url}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keys['mobile-client']}` },
      body: JSON.stringify({
        events: [
          {
            eventId: `relay-projects-${Date.now()}`,
            type: 'EVALUATION',
            userKey: 'sdk',
            eventName: 'relay-usage',
            variant: 'off',
            value: 4,
          },
        ],
      }),
    });
    expect(res.status).toBe(202);
    const usage = async (project: string) =>
      (
        await stack.gqlOk<{ flag: { usage: { evaluations: number } } }>(
          `{ flag(key: "relay-usage", project: "${project}") { usage(days: 1) { evaluations } } }`,
        )
      ).flag.usage.evaluations;
    // 3 evaluations through the relay (one above to wait for the flag, two here) and 4 reported.
    await until("mobile's usage", async () => ((await usage('mobile')) === 7 ? true : undefined));
    expect(await usage('default')).toBe(0);
  });
});
