import type { Condition, FlagConfig } from './model';
import { detectPrerequisiteCycle } from './prerequisites';
import { booleanFlag } from './test-fixtures';
import { validateCondition, validateEnvironmentConfig, validateFlagConfig } from './validate';

const SEGMENTS = ['beta-testers'];

describe('validateCondition', () => {
  test.each<[string, Condition, { path: string; message: string }[]]>([
    ['valid', { attribute: 'country', operator: 'in', values: ['US', 'CA'] }, []],
    ['exists ignores values', { attribute: 'email', operator: 'exists', values: [] }, []],
    [
      'unknown operator',
      { attribute: 'a', operator: 'like' as never, values: ['x'] },
      [{ path: 'c.operator', message: expect.stringContaining('unknown operator "like"') }],
    ],
    [
      'empty attribute',
      { attribute: '', operator: 'equals', values: ['x'] },
      [{ path: 'c.attribute', message: 'attribute must be a non-empty string' }],
    ],
    [
      'no values',
      { attribute: 'a', operator: 'equals', values: [] },
      [{ path: 'c.values', message: 'operator equals needs at least one value' }],
    ],
    [
      'bad regex',
      { attribute: 'a', operator: 'matches', values: ['^ok$', '(a+)+$'] },
      [{ path: 'c.values[1]', message: expect.stringContaining('nested quantifiers') }],
    ],
    [
      'numeric string for gt',
      { attribute: 'age', operator: 'gt', values: ['18'] },
      [{ path: 'c.values[0]', message: 'must be a number (numeric strings are not converted)' }],
    ],
    [
      'bad date',
      { attribute: 'signup', operator: 'before', values: ['2024-02-30'] },
      [{ path: 'c.values[0]', message: 'must be an ISO-8601 timestamp or epoch milliseconds' }],
    ],
    [
      'bad semver',
      { attribute: 'v', operator: 'semverGt', values: ['1.2'] },
      [{ path: 'c.values[0]', message: 'must be a semantic version like 1.4.0-rc.1' }],
    ],
    [
      'unknown segment',
      { attribute: 'key', operator: 'inSegment', values: ['beta-testers', 'ghosts'] },
      [{ path: 'c.values[1]', message: 'unknown segment "ghosts"' }],
    ],
    [
      'object value for equals',
      { attribute: 'a', operator: 'equals', values: [{}] },
      [{ path: 'c.values[0]', message: expect.stringContaining('must be a string, number or boolean') }],
    ],
  ])('%s', (_, condition, problems) => {
    expect(validateCondition(condition, 'c', SEGMENTS)).toEqual(problems);
  });
});

describe('validateFlagConfig', () => {
  const valid = booleanFlag('valid', {
    rules: [
      {
        id: 'r1',
        conditions: [{ attribute: 'key', operator: 'inSegment', values: ['beta-testers'] }],
        serve: {
          rollout: {
            variations: [
              { variation: 'on', weight: 33.333 },
              { variation: 'off', weight: 66.667 },
            ],
            experiment: { key: 'e', coverage: 0.5, layer: { key: 'l', rangeStart: 0, rangeEnd: 50 } },
          },
        },
      },
    ],
    startsAt: '2025-01-01T00:00:00Z',
    endsAt: '2025-02-01T00:00:00Z',
  });

  test('a valid flag has no problems', () => {
    expect(validateFlagConfig(valid, SEGMENTS)).toEqual([]);
  });

  test('reports every problem with its field path', () => {
    const broken: FlagConfig = {
      ...valid,
      variations: [
        { key: 'on', value: true },
        { key: 'off', value: 'false' },
        { key: 'on', value: false },
      ],
      environment: {
        ...valid.environment,
        offVariation: 'gone',
        targets: [{ variation: 'maybe', values: ['u1'] }],
        rules: [
          valid.environment.rules[0]!,
          { id: 'r1', conditions: [], serve: { variation: 'on' } },
          {
            id: 'r3',
            conditions: [{ attribute: 'email', operator: 'matches', values: ['(x*)*y'] }],
            serve: {
              rollout: {
                variations: [
                  { variation: 'on', weight: 50 },
                  { variation: 'off', weight: 40 },
                ],
              },
            },
          },
        ],
        fallthrough: { variation: 'unknown' },
        startsAt: '2025-03-01T00:00:00Z',
        prerequisites: [{ flagKey: 'valid', variation: 'on' }],
      },
    };
    expect(validateFlagConfig(broken, SEGMENTS)).toEqual([
      { path: 'variations[1].value', message: 'value must be a boolean' },
      { path: 'variations[2].key', message: 'duplicate variation key "on"' },
      { path: 'environment.offVariation', message: 'unknown variation "gone"' },
      { path: 'environment.targets[0].variation', message: 'unknown variation "maybe"' },
      { path: 'environment.rules[1].id', message: 'duplicate rule id "r1"' },
      {
        path: 'environment.rules[2].conditions[0].values[0]',
        message: expect.stringContaining('nested quantifiers'),
      },
      { path: 'environment.rules[2].serve.rollout.variations', message: 'weights must sum to 100 (got 90)' },
      { path: 'environment.fallthrough.variation', message: 'unknown variation "unknown"' },
      { path: 'environment.startsAt', message: 'startsAt must be before endsAt' },
      { path: 'environment.prerequisites[0].flagKey', message: 'a flag cannot be its own prerequisite' },
    ]);
  });

  test('split details: decimals, coverage and layer ranges', () => {
    const problems = validateEnvironmentConfig(
      {
        ...valid.environment,
        rules: [],
        fallthrough: {
          rollout: {
            variations: [
              { variation: 'on', weight: 50.0005 },
              { variation: 'off', weight: 49.9995 },
            ],
            experiment: { key: '', coverage: 1.5, layer: { key: 'l', rangeStart: 60, rangeEnd: 40 } },
          },
        },
      },
      valid,
      SEGMENTS,
    );
    expect(problems).toEqual([
      {
        path: 'fallthrough.rollout.variations[0].weight',
        message: 'weight allows at most 3 decimals (0.001 % steps)',
      },
      {
        path: 'fallthrough.rollout.variations[1].weight',
        message: 'weight allows at most 3 decimals (0.001 % steps)',
      },
      { path: 'fallthrough.rollout.experiment.key', message: 'experiment key must be a non-empty string' },
      {
        path: 'fallthrough.rollout.experiment.coverage',
        message: 'coverage must be a number between 0 and 1',
      },
      {
        path: 'fallthrough.rollout.experiment.layer.rangeEnd',
        message: 'rangeEnd must be greater than rangeStart',
      },
    ]);
  });

  test('weights summing to 100 within floating-point tolerance are fine', () => {
    const env = {
      ...valid.environment,
      rules: [],
      fallthrough: {
        rollout: {
          variations: [
            { variation: 'on', weight: 0.1 },
            { variation: 'off', weight: 0.2 },
            { variation: 'on', weight: 99.7 },
          ],
        },
      },
    };
    expect(validateEnvironmentConfig(env, valid, SEGMENTS)).toEqual([]);
  });

  test('unknown type and prerequisites against known flags', () => {
    const flag = {
      ...booleanFlag('p', {
        prerequisites: [
          { flagKey: 'other', variation: 'maybe' },
          { flagKey: 'ghost', variation: 'on' },
        ],
      }),
      type: 'DATE' as never,
    };
    expect(
      validateFlagConfig(flag, SEGMENTS, 'input', { knownFlags: new Map([['other', ['yes', 'no']]]) }),
    ).toEqual([
      { path: 'input.type', message: 'type must be one of BOOLEAN, STRING, NUMBER, JSON' },
      {
        path: 'input.environment.prerequisites[0].variation',
        message: 'flag "other" has no variation "maybe"',
      },
      { path: 'input.environment.prerequisites[1].flagKey', message: 'unknown flag "ghost"' },
    ]);
  });
});

describe('detectPrerequisiteCycle', () => {
  const node = (key: string, ...deps: string[]) => ({
    key,
    prerequisites: deps.map((flagKey) => ({ flagKey })),
  });

  test('no cycle', () => {
    expect(
      detectPrerequisiteCycle([node('a', 'b'), node('b', 'c'), node('c'), node('d', 'b', 'missing')]),
    ).toBeNull();
  });

  test('returns the cycle as a closed path', () => {
    expect(detectPrerequisiteCycle([node('a', 'b'), node('b', 'c'), node('c', 'a')])).toEqual([
      'a',
      'b',
      'c',
      'a',
    ]);
    expect(detectPrerequisiteCycle([node('x'), node('y', 'y')])).toEqual(['y', 'y']);
  });

  test('handles long chains without overflowing the stack', () => {
    const chain = Array.from({ length: 50_000 }, (_, i) => node(`f${i}`, `f${i + 1}`));
    expect(detectPrerequisiteCycle(chain)).toBeNull();
    chain.push(node('f50000', 'f0'));
    expect(detectPrerequisiteCycle(chain)).toHaveLength(50_002);
  });
});
