// `switchyard import --from unleash` against a real stack through the gateway. The fixture
// (fixtures/import/unleash-export.json) uses every construct of an Unleash export; the expected answers below are
// what Unleash gives for each context (isEnabled, or getVariant for features with variants), worked out by hand
// from Unleash's documented semantics, not from the mapper.

import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { startTestStack, type TestStack } from '@switchyard/testkit';
import { cli, evaluate, expectNoWrites, expectRefused, latestSeq } from './import-support';

const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'import');
const exportFile = path.join(fixtures, 'unleash-export.json');
const unmappable = path.join(fixtures, 'unleash-unmappable.json');

const disabled = { name: 'disabled', enabled: false, feature_enabled: false };

/** [flag, environment, context (without key), what Unleash answers]. */
const EXPECTED: [string, string, Record<string, unknown>, unknown][] = [
  ['kill-switch', 'production', {}, true],
  ['kill-switch', 'development', {}, false],
  ['no-strategies', 'production', { userId: 'x' }, true],
  ['user-list', 'production', { userId: 'bob' }, true],
  ['user-list', 'production', { userId: 'carol' }, true],
  ['user-list', 'production', { userId: 'dave' }, false],
  ['user-list', 'production', {}, false],
  ['constraints-in', 'production', { appName: 'web', country: 'FR' }, true],
  ['constraints-in', 'production', { appName: 'web', country: 'DE' }, false],
  ['constraints-in', 'production', { appName: 'ios' }, true],
  ['constraints-in', 'production', { appName: 'android', country: 'FR' }, false],
  ['constraints-in', 'production', {}, false],
  ['inverted', 'production', { email: 'x@corp.com', plan: 'pro' }, false],
  ['inverted', 'production', { email: 'x@gmail.com', plan: 'pro' }, true],
  ['inverted', 'production', { plan: 'pro' }, true],
  ['inverted', 'production', { email: 'x@gmail.com', plan: 'free' }, false],
  ['inverted', 'production', { email: 'x@gmail.com' }, true],
  ['inverted', 'production', {}, true],
  ['case-insensitive', 'production', { group: 'BETA-1', region: 'west-eu', device: 'iphone' }, true],
  ['case-insensitive', 'production', { group: 'beta-x', region: 'west-EU', device: 'phone' }, false],
  ['case-insensitive', 'production', { group: 'alpha', region: 'eu', device: 'phone' }, false],
  ['case-insensitive', 'production', { group: 'Beta-', region: 'eu', device: 'Phone' }, true],
  ['case-insensitive', 'production', { group: 'x-beta-', region: 'eu', device: 'phone' }, false],
  ['case-insensitive', 'production', { group: 'beta-1', region: 'eu', device: 'phones' }, false],
  ['numbers', 'production', { age: 30, seats: 3 }, true],
  ['numbers', 'production', { age: 30, seats: 5 }, false],
  ['numbers', 'production', { age: 17 }, false],
  ['numbers', 'production', { age: 65 }, false],
  ['numbers', 'production', { age: 18 }, true],
  ['numbers', 'production', { age: 40 }, true],
  ['score-band', 'production', { score: 10 }, false],
  ['score-band', 'production', { score: 10.5 }, true],
  ['score-band', 'production', { score: 20 }, true],
  ['score-band', 'production', { score: 21 }, false],
  ['dates', 'production', { currentTime: '2026-06-01T00:00:00Z' }, true],
  ['dates', 'production', { currentTime: '2024-06-01T00:00:00Z' }, false],
  ['dates', 'production', { currentTime: '2031-01-01T00:00:00Z' }, false],
  ['versions', 'production', { appVersion: '2.1.0' }, true],
  ['versions', 'production', { appVersion: '3.0.0' }, false],
  ['versions', 'production', { appVersion: '1.5.0' }, true],
  ['versions', 'production', { appVersion: '2.0.0' }, false],
  ['versions', 'production', { appVersion: '2.5.0-beta.1' }, true],
  ['versions', 'production', { appVersion: '1.4.9' }, false],
  ['rollout-half', 'production', {}, false],
  ['rollout-default-stickiness', 'production', { userId: 'vip' }, true],
  ['rollout-custom-full', 'production', { accountId: 'a1' }, true],
  ['rollout-custom-full', 'production', {}, false],
  ['rollout-zero', 'production', { userId: 'u1' }, false],
  ['gradual-user', 'production', { userId: 'x' }, true],
  ['gradual-user', 'production', {}, false],
  ['gradual-session', 'production', { sessionId: 's' }, true],
  ['gradual-session', 'production', { userId: 'x' }, false],
  ['remote-ips', 'production', { remoteAddress: '10.0.0.1' }, true],
  ['remote-ips', 'production', { remoteAddress: '192.168.1.5' }, true],
  ['remote-ips', 'production', { remoteAddress: '10.0.0.2' }, false],
  ['remote-ips', 'production', { remoteAddress: '172.20.1.1' }, true],
  ['remote-ips', 'production', { remoteAddress: '172.32.0.1' }, false],
  ['hostnames', 'production', { hostname: 'WEB-1' }, true],
  ['hostnames', 'production', { hostname: 'web-2' }, true],
  ['hostnames', 'production', { hostname: 'web-3' }, false],
  ['segmented', 'production', { betaOptIn: 'true', country: 'DE' }, true],
  ['segmented', 'production', { betaOptIn: 'true', country: 'US' }, false],
  ['segmented', 'production', { country: 'DE' }, false],
  ['child-flag', 'production', {}, true],
  ['child-flag', 'development', {}, false],
  [
    'variants-checkout',
    'production',
    { userId: 'alice' },
    { name: 'blue', enabled: true, feature_enabled: true, payload: { type: 'string', value: '#00f' } },
  ],
  ['variants-checkout', 'development', { userId: 'alice' }, disabled],
  [
    'strategy-variants',
    'production',
    { plan: 'pro' },
    { name: 'a', enabled: true, feature_enabled: true, payload: { type: 'number', value: '42' } },
  ],
  [
    'strategy-variants',
    'production',
    { plan: 'free' },
    { name: 'disabled', enabled: false, feature_enabled: true },
  ],
];

describe('switchyard import --from unleash', () => {
  let stack: TestStack;
  let token: string;
  const importFile = (file: string, ...extra: string[]) =>
    cli(['import', file, '--from', 'unleash', '--url', stack.graphqlUrl, '--token', token, ...extra]);

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags'] });
    token = (await stack.createApiKey('token', { role: 'admin', production: true })).secret;
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('prints the plan and its warnings on a dry run, writing nothing', async () => {
    const seq = await latestSeq(stack);
    const dry = await importFile(exportFile, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('createSegment    beta-testers');
    expect(dry.out).toContain('importFlag       variants-checkout (new JSON, 4 variations; ');
    expect(dry.out).toContain('importFlag       kill-switch (new BOOLEAN, 2 variations; ');
    expect(dry.out).toMatch(
      /warning flag rollout-half: .*percentage split: the same shares of users as Unleash/,
    );
    expect(dry.out).toMatch(/warning flag numbers: .*the context must carry a number/);
    expect(dry.out).not.toContain('error');
    expect(await latestSeq(stack)).toBe(seq);
  });

  it('imports every construct and answers as Unleash does', async () => {
    const run = await importFile(exportFile);
    expect(run).toMatchObject({ code: 0, err: '' });
    const failures: string[] = [];
    for (const [key, env, context, expected] of EXPECTED) {
      const result = (await evaluate(stack, env, { key: 'ctx', ...context }, [key]))[key];
      if (!isDeepStrictEqual(result?.value, expected))
        failures.push(
          `${key} in ${env} for ${JSON.stringify(context)}: ${JSON.stringify(result)}, Unleash: ${JSON.stringify(expected)}`,
        );
    }
    expect(failures).toEqual([]);
    const archived = await evaluate(stack, 'production', { key: 'ctx' }, ['old-flag']);
    expect(archived['old-flag']?.reason).toBe('ERROR');
    const { flag } = await stack.gqlOk<{ flag: { tags: string[] } }>('{ flag(key: "kill-switch") { tags } }');
    expect(flag.tags).toEqual(['ops', 'team:payments']);
  }, 120_000);

  it('splits users in the shares Unleash uses', async () => {
    const counts = { half: 0, quarter: 0, blue: 0 };
    const users = 1000;
    for (let i = 0; i < users; i++) {
      const userId = `user-${i}`;
      const r = await evaluate(stack, 'production', { key: userId, userId }, [
        'rollout-half',
        'rollout-default-stickiness',
        'variants-checkout',
      ]);
      if (r['rollout-half']?.value === true) counts.half++;
      if (r['rollout-default-stickiness']?.value === true) counts.quarter++;
      const variant = (r['variants-checkout']?.value as { name: string } | undefined)?.name;
      expect(['blue', 'red']).toContain(variant);
      if (variant === 'blue') counts.blue++;
    }
    // 50 %, 25 % and 50 % of 1,000 users; five standard deviations either way.
    expect(Math.abs(counts.half - 500)).toBeLessThan(80);
    expect(Math.abs(counts.quarter - 250)).toBeLessThan(70);
    expect(Math.abs(counts.blue - 500)).toBeLessThan(80);
  }, 120_000);

  it('writes nothing when run again', () =>
    expectNoWrites(stack, () => importFile(exportFile), '0 writes; unchanged: 23 flags, 2 segments'));

  it('names every construct it cannot map, and writes nothing unless told to skip them', async () => {
    const seq = await latestSeq(stack);
    const run = await importFile(unmappable);
    expect(run.code).toBe(1);
    for (const line of [
      /error {3}flag random-half: .*flexibleRollout .*: random stickiness/,
      /error {3}flag custom-strategy: .*myCustomStrategy .*: custom strategy "myCustomStrategy" has no Switchyard equivalent/,
      /error {3}flag two-partials: .*: a partial rollout followed by other strategies/,
      /error {3}flag unknown-operator: .*: constraints\[0\] REGEX on x: unknown operator REGEX/,
    ])
      expect(run.out).toMatch(line);
    expect(run.out).not.toMatch(/flag good-one:/);
    // A parent that must be disabled maps onto the "parent is off" prerequisite, with the difference named.
    expect(run.out).toMatch(
      /warning flag parent-off: dependencies\[0\] on good-one: the parent must be disabled/,
    );
    // IP ranges map onto ipInRange.
    expect(run.out).not.toMatch(/flag cidr:/);
    expect(await latestSeq(stack)).toBe(seq);

    const skipping = await importFile(unmappable, '--skip-errors');
    expect(skipping.code).toBe(0);
    expect(skipping.out).toContain('importFlag       good-one');
    expect(skipping.out).toContain('importFlag       cidr');
    expect(skipping.out).toContain('importFlag       parent-off');
    expect(skipping.out).not.toContain('importFlag       random-half');
    expect(await latestSeq(stack)).toBeGreaterThan(seq);
  });

  it.each([
    [
      'a feature without a name',
      { features: [{ description: 'x' }], featureStrategies: [] },
      '$.features[0].name',
    ],
    ['no strategies list', { features: [] }, '$.featureStrategies'],
    [
      'a constraint without an operator',
      {
        features: [],
        featureStrategies: [
          { name: 'default', featureName: 'f', constraints: [{ contextName: 'a', values: [] }] },
        ],
      },
      '$.featureStrategies[0].constraints[0].operator',
    ],
  ])('refuses an export with %s, naming the JSON path', (_name, content, jsonPath) =>
    expectRefused(stack, importFile, content, jsonPath),
  );
});
