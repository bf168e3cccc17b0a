// `switchyard export` and `switchyard import` of the native format against real stacks through the gateway:
// export, import into a fresh stack, export again -> identical; dry run and re-run write nothing; files of the
// wrong shape or version are refused naming the file and JSON path, with nothing written.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestStack, type TestStack } from '@switchyard/testkit';
import { cli, evaluate, latestSeq } from './import-support';

const dir = mkdtempSync(path.join(os.tmpdir(), 'switchyard-export-'));
const file = (name: string) => path.join(dir, name);

async function version(stack: TestStack, key: string): Promise<number> {
  return (
    await stack.gqlOk<{ flag: { version: number } }>('query($k: String!) { flag(key: $k) { version } }', {
      k: key,
    })
  ).flag.version;
}

async function targeting(stack: TestStack, key: string, environment: string, input: Record<string, unknown>) {
  await stack.gqlOk(
    'mutation($k: String!, $e: String!, $v: Int!, $i: TargetingInput!) { updateTargeting(key: $k, environment: $e, expectedVersion: $v, input: $i) { key } }',
    { k: key, e: environment, v: await version(stack, key), i: input },
  );
}

/** A source installation using every part of the model the format carries. */
async function seed(stack: TestStack): Promise<void> {
  await stack.gqlOk('mutation { createEnvironment(input: { key: "qa", name: "QA" }) { key } }');
  await stack.gqlOk(`mutation { createSegment(input: { key: "staff", name: "Staff", description: "Employees",
    included: ["u-9", "u-1"], excluded: ["u-2"],
    rules: [{ id: "by-mail", conditions: [{ attribute: "email", operator: "endsWith", values: ["@Corp.Example"], caseInsensitive: true }] }] }) { key } }`);
  await stack.gqlOk(`mutation { createSegment(input: { key: "beta", name: "Beta",
    rules: [{ id: "staff-or-beta", conditions: [{ attribute: "key", operator: "inSegment", values: ["staff"] }] }] }) { key } }`);
  await stack.gqlOk(`mutation { createFlag(input: { key: "checkout", name: "Checkout", description: "New checkout",
    tags: ["payments", "web"], owner: "team-pay" }) { key } }`);
  await stack.gqlOk(`mutation { createFlag(input: { key: "color", name: "Color", type: STRING, variations: [
    { key: "red", value: "red", name: "Red" }, { key: "blue", value: "blue", description: "calm" }, { key: "none", value: "" }] }) { key } }`);
  await stack.gqlOk(`mutation { createFlag(input: { key: "limits", name: "Limits", type: JSON, variations: [
    { key: "small", value: { max: 5, tiers: ["a"] } }, { key: "large", value: { max: 50, tiers: ["a", "b"] } }] }) { key } }`);
  await stack.gqlOk('mutation { createFlag(input: { key: "old", name: "Old" }) { key } }');
  await targeting(stack, 'checkout', 'production', {
    enabled: true,
    targets: [{ variation: 'on', values: ['u-7'] }],
    rules: [
      {
        id: 'de-pro',
        description: 'German pro users',
        conditions: [
          { attribute: 'country', operator: 'in', values: ['DE', 'AT'] },
          { attribute: 'plan.tier', operator: 'equals', values: ['pro'], negate: false },
          { attribute: 'age', operator: 'gte', values: [18] },
        ],
        serve: { variation: 'on' },
      },
      {
        id: 'beta',
        conditions: [{ attribute: 'key', operator: 'inSegment', values: ['beta'] }],
        serve: { variation: 'on' },
      },
    ],
    fallthrough: {
      rollout: {
        variations: [
          { variation: 'on', weight: 12.5 },
          { variation: 'off', weight: 87.5 },
        ],
        bucketBy: 'accountId',
        salt: 'chk',
      },
    },
    startsAt: '2026-01-01T00:00:00.000Z',
    endsAt: '2030-01-01T00:00:00.000Z',
  });
  await targeting(stack, 'color', 'production', {
    enabled: true,
    offVariation: 'none',
    rules: [
      {
        id: 'mobile',
        conditions: [{ attribute: 'device', operator: 'notIn', values: ['desktop'] }],
        serve: { variation: 'blue' },
      },
      {
        id: 'firefox',
        conditions: [
          { attribute: 'ua', operator: 'matches', values: ['^mozilla.*firefox'], regexFlags: 'i' },
        ],
        serve: { variation: 'red' },
      },
    ],
    fallthrough: { variation: 'red' },
    prerequisites: [{ flagKey: 'checkout', variation: 'on' }],
  });
  await targeting(stack, 'limits', 'qa', { enabled: true, fallthrough: { variation: 'large' } });
  await stack.gqlOk(
    `mutation { archiveFlag(key: "old", expectedVersion: ${await version(stack, 'old')}) { key } }`,
  );
}

describe('switchyard export / import (native format)', () => {
  let source: TestStack;
  let target: TestStack;
  let sourceToken: string;
  let targetToken: string;

  beforeAll(async () => {
    [source, target] = await Promise.all([
      startTestStack({ subgraphs: ['flags'] }),
      startTestStack({ subgraphs: ['flags'] }),
    ]);
    await seed(source);
    sourceToken = (await source.createApiKey('token', { role: 'viewer' })).secret;
    targetToken = (await target.createApiKey('token', { role: 'admin', production: true })).secret;
  }, 180_000);

  afterAll(async () => {
    await Promise.all([source?.stop(), target?.stop()]);
  });

  const importInto = (path: string, ...extra: string[]) =>
    cli(['import', path, '--url', target.graphqlUrl, '--token', targetToken, ...extra]);

  it('exports, imports into a fresh stack and exports the same file again; re-runs write nothing', async () => {
    const first = await cli([
      'export',
      '--url',
      source.graphqlUrl,
      '--token',
      sourceToken,
      '--out',
      file('a.json'),
    ]);
    expect(first).toMatchObject({ code: 0 });
    const exported = JSON.parse(readFileSync(file('a.json'), 'utf8'));
    expect(exported.formatVersion).toBe(1);
    expect(exported.segments[1].rules[0].conditions[0]).toEqual({
      attribute: 'email',
      operator: 'endsWith',
      values: ['@Corp.Example'],
      negate: false,
      caseInsensitive: true,
    });
    expect(exported.flags.map((f: { key: string }) => f.key)).toEqual(['checkout', 'color', 'limits', 'old']);
    expect(exported.environments.map((e: { key: string }) => e.key)).toEqual([
      'development',
      'staging',
      'production',
      'qa',
    ]);

    // A dry run prints the plan and writes nothing.
    const before = await latestSeq(target);
    const dry = await importInto(file('a.json'), '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('createEnvironment qa');
    expect(dry.out).toContain(
      'importFlag       checkout (new BOOLEAN, 2 variations; development, staging, production, qa)',
    );
    expect(dry.out).toContain('dry run: nothing was written');
    expect(await latestSeq(target)).toBe(before);

    const run = await importInto(file('a.json'));
    expect(run).toMatchObject({ code: 0, err: '' });
    // One audited change each: the environment, the two segments, and one importFlag per flag (its metadata and
    // its targeting in every environment together).
    expect(await latestSeq(target)).toBe(before + 7);
    const { auditLog } = await target.gqlOk<{
      auditLog: { nodes: { action: string; resourceKey: string }[] };
    }>('{ auditLog(first: 20) { nodes { action resourceKey } } }');
    expect(
      auditLog.nodes
        .filter((e) => e.action === 'flag.imported')
        .map((e) => e.resourceKey)
        .sort(),
    ).toEqual(['checkout', 'color', 'limits', 'old']);
    const again = await cli([
      'export',
      '--url',
      target.graphqlUrl,
      '--token',
      targetToken,
      '--out',
      file('b.json'),
    ]);
    expect(again.code).toBe(0);
    expect(readFileSync(file('b.json'), 'utf8')).toBe(readFileSync(file('a.json'), 'utf8'));

    // The imported flags answer as the source does.
    const context = { key: 'u-5', country: 'DE', plan: { tier: 'pro' }, age: 30, device: 'phone' };
    for (const stack of [source, target])
      expect(await evaluate(stack, 'production', context, ['checkout', 'color'])).toEqual({
        checkout: { variation: 'on', value: true, reason: 'RULE_MATCH' },
        color: { variation: 'blue', value: 'blue', reason: 'RULE_MATCH' },
      });

    const seq = await latestSeq(target);
    const rerun = await importInto(file('a.json'));
    expect(rerun.code).toBe(0);
    expect(rerun.out).toContain('0 writes; unchanged: 4 flags, 2 segments');
    expect(await latestSeq(target)).toBe(seq);
  }, 120_000);

  it('writes only what differs, against the version it read', async () => {
    const exported = JSON.parse(readFileSync(file('a.json'), 'utf8'));
    const color = exported.flags.find((f: { key: string }) => f.key === 'color');
    color.environments.production.fallthrough = { variation: 'none' };
    color.name = 'Colour';
    writeFileSync(file('c.json'), JSON.stringify(exported));
    const seq = await latestSeq(target);
    const run = await importInto(file('c.json'));
    expect(run.code).toBe(0);
    expect(run.out).toContain('importFlag       color (name; production: fallthrough)');
    expect(run.out).toContain('1 writes; unchanged: 3 flags, 2 segments');
    expect(await latestSeq(target)).toBe(seq + 1);
  }, 60_000);

  it.each([
    ['not JSON', '{"formatVersion": 1,', '$', 'is not valid JSON'],
    [
      'another version',
      '{"formatVersion": 2, "flags": []}',
      '$.formatVersion',
      'unsupported format version 2',
    ],
    ['no version', '{"flags": []}', '$.formatVersion', 'is missing'],
    [
      'a wrong type',
      JSON.stringify({
        formatVersion: 1,
        environments: [],
        segments: [],
        flags: [
          { key: 'x', name: 'X', type: 'DATE', variations: [{ key: 'a', value: 1 }], environments: {} },
        ],
      }),
      '$.flags[0].type',
      'Invalid option',
    ],
    [
      'a rule without conditions',
      JSON.stringify({
        formatVersion: 1,
        environments: [],
        segments: [],
        flags: [
          {
            key: 'x',
            name: 'X',
            type: 'BOOLEAN',
            variations: [{ key: 'on', value: true }],
            environments: {
              production: {
                enabled: true,
                offVariation: 'on',
                targets: [],
                rules: [{ id: 'r', serve: { variation: 'on' } }],
                fallthrough: { variation: 'on' },
                prerequisites: [],
              },
            },
          },
        ],
      }),
      '$.flags[0].environments.production.rules[0].conditions',
      'expected array',
    ],
  ])(
    'refuses a file with %s, naming the file and JSON path, writing nothing',
    async (_name, text, jsonPath, message) => {
      const bad = file('bad.json');
      writeFileSync(bad, text);
      const seq = await latestSeq(target);
      const run = await importInto(bad);
      expect(run.code).toBe(1);
      expect(run.err).toContain(`${bad}: ${jsonPath}: `);
      expect(run.err).toContain(message);
      expect(await latestSeq(target)).toBe(seq);
    },
  );

  it('stops before writing anything when the plan has errors', async () => {
    const exported = JSON.parse(readFileSync(file('a.json'), 'utf8'));
    exported.flags.push({
      key: 'broken',
      name: 'Broken',
      type: 'BOOLEAN',
      variations: [
        { key: 'on', value: true },
        { key: 'off', value: false },
      ],
      environments: {
        production: {
          enabled: true,
          offVariation: 'off',
          targets: [],
          rules: [],
          fallthrough: { variation: 'maybe' },
          prerequisites: [],
        },
      },
    });
    exported.flags.push({
      key: 'fine',
      name: 'Fine',
      type: 'BOOLEAN',
      variations: [
        { key: 'on', value: true },
        { key: 'off', value: false },
      ],
      environments: {},
    });
    writeFileSync(file('d.json'), JSON.stringify(exported));
    const seq = await latestSeq(target);
    const run = await importInto(file('d.json'));
    expect(run.code).toBe(1);
    expect(run.out).toContain(
      'error   flag broken: environments.production.fallthrough.variation: unknown variation "maybe"',
    );
    expect(await latestSeq(target)).toBe(seq);
    const skipping = await importInto(file('d.json'), '--skip-errors');
    expect(skipping.code).toBe(0);
    expect(skipping.out).toContain('skipped because of errors: flag broken');
    expect(skipping.out).toContain('importFlag       fine (new BOOLEAN');
  }, 60_000);

  it('exports and imports one project (--project): the same file into another project, its flags and segments only there', async () => {
    await target.gqlOk(`mutation { createProject(input: { key: "mobile", name: "Mobile", environments: [
      { key: "development" }, { key: "staging" }, { key: "production" }, { key: "qa" }] }) { key } }`);
    const defaultFlags = await target.gqlOk('{ flags(first: 50) { nodes { key version } } }');
    const run = await importInto(file('a.json'), '--project', 'mobile');
    expect(run).toMatchObject({ code: 0, err: '' });
    const exported = await cli([
      'export',
      '--url',
      target.graphqlUrl,
      '--token',
      targetToken,
      '--project',
      'mobile',
      '--out',
      file('mobile.json'),
    ]);
    expect(exported.code).toBe(0);
    expect(readFileSync(file('mobile.json'), 'utf8')).toBe(readFileSync(file('a.json'), 'utf8'));
    expect(await target.gqlOk('{ flags(first: 50) { nodes { key version } } }')).toEqual(defaultFlags);
    const mobile = await target.gqlOk<{ flags: { nodes: { key: string; project: string }[] } }>(
      '{ flags(first: 50, project: "mobile") { nodes { key project } } }',
    );
    expect(mobile.flags.nodes.map((f) => f.key).sort()).toEqual(['checkout', 'color', 'limits', 'old']);

    // A project lacking an environment the file uses: refused in the plan, nothing written.
    await target.gqlOk(`mutation { createProject(input: { key: "lean", name: "Lean",
      environments: [{ key: "production" }] }) { key } }`);
    const seq = await latestSeq(target);
    const refused = await importInto(file('a.json'), '--project', 'lean');
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('project "lean" does not use environment "qa"');
    expect(await latestSeq(target)).toBe(seq);
    await expect(
      cli(['export', '--url', target.graphqlUrl, '--token', targetToken, '--project', 'nope']),
    ).rejects.toThrow(/"nope"/);
  }, 120_000);
});
