// `switchyard import --from launchdarkly` against a real stack through the gateway. The fixture
// (fixtures/import/launchdarkly-flags.json, as LaunchDarkly's REST API lists flags) uses every construct; the
// expected answers below are what LaunchDarkly serves for each context, worked out by hand from its documented
// semantics, not from the mapper.

import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { startTestStack, type TestStack } from '@switchyard/testkit';
import { cli, evaluate, expectNoWrites, expectRefused, latestSeq } from './import-support';

const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'import');
const flagsFile = path.join(fixtures, 'launchdarkly-flags.json');
const unmappable = path.join(fixtures, 'launchdarkly-unmappable.json');

/** [flag, environment, context, what LaunchDarkly serves]. */
const EXPECTED: [string, string, Record<string, unknown>, unknown][] = [
  ['ld-bool', 'production', { key: 'u-1' }, true],
  ['ld-bool', 'production', { key: 'u-2', email: 'a@corp.com' }, false],
  ['ld-bool', 'production', { key: 'u-3', email: 'a@corp.com' }, true],
  ['ld-bool', 'production', { key: 'u-4' }, false],
  ['ld-bool', 'test', { key: 'u-1' }, false],
  ['ld-ops', 'production', { key: 'c', country: 'AT' }, 'b'],
  ['ld-ops', 'production', { key: 'c', country: 'FR' }, 'a'],
  ['ld-ops', 'production', { key: 'c', email: 'admin@x.io' }, 'b'],
  ['ld-ops', 'production', { key: 'c', email: 'bob@x.io' }, 'a'],
  ['ld-ops', 'production', { key: 'c', path: '/app/beta/home' }, 'b'],
  ['ld-ops', 'production', { key: 'c', name: 'John' }, 'b'],
  ['ld-ops', 'production', { key: 'c', name: 'Joan!' }, 'a'],
  ['ld-ops', 'production', { key: 'c', age: 12 }, 'c'],
  ['ld-ops', 'production', { key: 'c', age: 13 }, 'a'],
  ['ld-ops', 'production', { key: 'c', age: '12' }, 'a'],
  ['ld-ops', 'production', { key: 'c', seniority: 65 }, 'c'],
  ['ld-ops', 'production', { key: 'c', seniority: 64 }, 'a'],
  ['ld-ops', 'production', { key: 'c', score: 10 }, 'c'],
  ['ld-ops', 'production', { key: 'c', score: 11 }, 'a'],
  ['ld-ops', 'production', { key: 'c', rank: 101 }, 'c'],
  ['ld-ops', 'production', { key: 'c', rank: 100 }, 'a'],
  ['ld-ops', 'production', { key: 'c', signup: 1600000000000 }, 'c'],
  ['ld-ops', 'production', { key: 'c', signup: '2020-01-01T00:00:00Z' }, 'c'],
  ['ld-ops', 'production', { key: 'c', signup: 1800000000000 }, 'a'],
  ['ld-ops', 'production', { key: 'c', lastSeen: '2026-06-01T00:00:00Z' }, 'c'],
  ['ld-ops', 'production', { key: 'c', lastSeen: '2025-06-01T00:00:00Z' }, 'a'],
  ['ld-ops', 'production', { key: 'c', version: '1.9.9' }, 'b'],
  ['ld-ops', 'production', { key: 'c', version: '3.1.0' }, 'c'],
  ['ld-ops', 'production', { key: 'c', version: '4.0.1' }, 'b'],
  ['ld-ops', 'production', { key: 'c', version: '3.0.0' }, 'a'],
  ['ld-ops', 'production', { key: 'c', version: '4.1' }, 'b'],
  ['ld-ops', 'production', { key: 'c', version: '1' }, 'b'],
  ['ld-ops', 'production', { key: 'c', version: '3.1' }, 'c'],
  ['ld-ops', 'production', { key: 'c', plan: 'pro' }, 'c'],
  ['ld-ops', 'production', { key: 'c', plan: 'free' }, 'a'],
  ['ld-ops', 'production', { key: 'c' }, 'a'],
  ['ld-ops', 'production', { key: 'c', organization: { key: 'o', tier: 'gold' } }, 'c'],
  ['ld-ops', 'production', { key: 'c', organization: { key: 'o', tier: 'silver' } }, 'a'],
  ['ld-ops', 'production', { key: 'c', address: { city: 'Paris' } }, 'b'],
  ['ld-segment', 'production', { key: 'u-seg' }, true],
  ['ld-segment', 'production', { key: 'u-x' }, false],
  ['ld-rollout', 'production', { key: 'x', country: 'US' }, false],
  ['ld-rollout', 'production', { key: 'x' }, true],
  ['ld-prereq', 'production', { key: 'u-1' }, true],
  ['ld-prereq', 'production', { key: 'u-4' }, false],
  ['ld-contexts', 'production', { key: 'u', organization: { key: 'org-9' } }, true],
  ['ld-contexts', 'production', { key: 'u-5' }, true],
  ['ld-contexts', 'production', { key: 'u' }, false],
  ['ld-json', 'production', { key: 'u' }, { max: 50 }],
  ['ld-number', 'production', { key: 'u' }, 2.5],
  ['ld-number', 'test', { key: 'u' }, 1],
];

describe('switchyard import --from launchdarkly', () => {
  let stack: TestStack;
  let token: string;
  const importFile = (file: string, ...extra: string[]) =>
    cli(['import', file, '--from', 'launchdarkly', '--url', stack.graphqlUrl, '--token', token, ...extra]);

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags'] });
    token = (await stack.createApiKey('token', { role: 'admin', production: true })).secret;
    // LaunchDarkly's flag export does not carry segments: the one segmentMatch refers to exists already.
    await stack.gqlOk(
      'mutation { createSegment(input: { key: "beta-seg", name: "Beta", included: ["u-seg"] }) { key } }',
    );
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('prints the plan on a dry run, writing nothing', async () => {
    const seq = await latestSeq(stack);
    const dry = await importFile(flagsFile, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('createEnvironment test');
    expect(dry.out).toContain('importFlag       ld-ops (new STRING, 3 variations');
    expect(dry.out).toMatch(
      /warning flag ld-rollout: environments\.production\.fallthrough: percentage split/,
    );
    expect(dry.out).not.toContain('error');
    expect(await latestSeq(stack)).toBe(seq);
  });

  it('imports every construct and serves what LaunchDarkly serves', async () => {
    const run = await importFile(flagsFile);
    expect(run).toMatchObject({ code: 0, err: '' });
    const failures: string[] = [];
    for (const [key, env, context, expected] of EXPECTED) {
      const result = (await evaluate(stack, env, context, [key]))[key];
      if (!isDeepStrictEqual(result?.value, expected))
        failures.push(
          `${key} in ${env} for ${JSON.stringify(context)}: ${JSON.stringify(result)}, LaunchDarkly: ${JSON.stringify(expected)}`,
        );
    }
    expect(failures).toEqual([]);
    expect((await evaluate(stack, 'production', { key: 'u' }, ['ld-archived']))['ld-archived']?.reason).toBe(
      'ERROR',
    );
    const { flag } = await stack.gqlOk<{ flag: { tags: string[]; variations: { key: string }[] } }>(
      '{ flag(key: "ld-bool") { tags variations { key } } }',
    );
    expect(flag).toEqual({ tags: ['ops', 'web'], variations: [{ key: 'true' }, { key: 'false' }] });
  }, 120_000);

  it('splits users in the rollout weights', async () => {
    let on = 0;
    for (let i = 0; i < 1000; i++) {
      const r = await evaluate(stack, 'production', { key: `user-${i}`, accountId: `account-${i}` }, [
        'ld-rollout',
      ]);
      if (r['ld-rollout']?.value === true) on++;
    }
    // 30 % of 1,000 (30,000 of 100,000); five standard deviations either way.
    expect(Math.abs(on - 300)).toBeLessThan(73);
  }, 120_000);

  it('writes nothing when run again', () =>
    expectNoWrites(stack, () => importFile(flagsFile), '0 writes; unchanged: 9 flags, 0 segments'));

  it('names every construct it cannot map, and writes nothing unless told to skip them', async () => {
    const seq = await latestSeq(stack);
    const run = await importFile(unmappable);
    expect(run.code).toBe(1);
    for (const line of [
      /error {3}flag ld-null-off: environments\.production\.offVariation: not set/,
      /error {3}flag ld-kind-clause: environments\.production\.rules\[0\]\.clauses\[0\] in: clauses on the context kind/,
      /error {3}flag ld-unknown-op: .*clauses\[0\] fuzzyMatch: unknown operator fuzzyMatch/,
      /error {3}flag ld-bad-regex: .*clauses\[0\] matches: pattern "\(a\+\)\+\$" is refused by the safe regex engine/,
      /error {3}flag ld-bad-weights: environments\.production\.fallthrough: rollout weights sum to 90000, not 100,000/,
      /error {3}flag ld-missing-prereq: environments\.production\.prerequisites\[0\]: flag nowhere is neither in the file nor in Switchyard/,
    ])
      expect(run.out).toMatch(line);
    expect(run.out).not.toMatch(/flag ld-good:/);
    expect(await latestSeq(stack)).toBe(seq);
    const skipping = await importFile(unmappable, '--skip-errors');
    expect(skipping.code).toBe(0);
    expect(skipping.out).toContain('importFlag       ld-good');
    expect(skipping.out).not.toContain('importFlag       ld-null-off');
  });

  it.each([
    ['a flag without variations', { items: [{ key: 'x', environments: {} }] }, '$.items[0].variations'],
    [
      'an environment without "on"',
      [{ key: 'x', variations: [{ value: 1 }], environments: { production: {} } }],
      '$[0].environments.production.on',
    ],
    [
      'a rule clause without an op',
      {
        key: 'x',
        variations: [{ value: 1 }],
        environments: { production: { on: true, rules: [{ clauses: [{ attribute: 'a', values: [] }] }] } },
      },
      '$.environments.production.rules[0].clauses[0].op',
    ],
  ])('refuses an export with %s, naming the file', (_name, content, jsonPath) =>
    expectRefused(stack, importFile, content, jsonPath),
  );
});
