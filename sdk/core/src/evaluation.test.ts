import { assignVariant } from './bucketing';
import { compileFlagSet } from './compile';
import { evaluateFlag } from './evaluate';
import type { EvaluationContext, FlagConfig, FlagSet, Rollout } from './model';
import { booleanFlag } from './test-fixtures';

function set(flags: FlagConfig[], now?: () => number, segments: FlagSet['segments'] = []) {
  return compileFlagSet({ environment: 'test', version: 7, flags, segments }, { now });
}

const split = (onWeight: number, extra: Partial<Rollout> = {}): Rollout => ({
  variations: [
    { variation: 'on', weight: onWeight },
    { variation: 'off', weight: 100 - onWeight },
  ],
  ...extra,
});

describe('evaluation order and reasons', () => {
  const flag = booleanFlag('checkout', {
    targets: [{ variation: 'off', values: ['blocked-user'] }],
    rules: [
      {
        id: 'admins',
        conditions: [{ attribute: 'role', operator: 'equals', values: ['admin'] }],
        serve: { variation: 'on' },
      },
      {
        id: 'german-adults',
        conditions: [
          { attribute: 'country', operator: 'equals', values: ['DE'] },
          { attribute: 'age', operator: 'gte', values: [18] },
        ],
        serve: { variation: 'off' },
      },
    ],
    fallthrough: { variation: 'on' },
  });
  const flags = set([flag, { ...booleanFlag('gone'), archived: true }]);

  test.each<[string, EvaluationContext, unknown, object]>([
    ['individual target', { key: 'blocked-user', role: 'admin' }, false, { kind: 'TARGET_MATCH' }],
    [
      'first rule',
      { key: 'u', role: 'admin', country: 'DE', age: 30 },
      true,
      { kind: 'RULE_MATCH', ruleId: 'admins', ruleIndex: 0 },
    ],
    [
      'second rule (conditions ANDed)',
      { key: 'u', country: 'DE', age: 30 },
      false,
      { kind: 'RULE_MATCH', ruleId: 'german-adults', ruleIndex: 1 },
    ],
    ['one condition failing', { key: 'u', country: 'DE', age: 17 }, true, { kind: 'FALLTHROUGH' }],
    ['fallthrough', { key: 'u' }, true, { kind: 'FALLTHROUGH' }],
  ])('%s', (_, context, value, reason) => {
    const result = flags.evaluate('checkout', context);
    expect(result.value).toBe(value);
    expect(result.variation).toBe(value ? 'on' : 'off');
    expect(result.reason).toEqual(reason);
  });

  test('unknown flag → default with FLAG_NOT_FOUND', () => {
    expect(flags.evaluate('missing', { key: 'u' }, true)).toEqual({
      key: 'missing',
      value: true,
      variation: null,
      reason: { kind: 'ERROR', errorCode: 'FLAG_NOT_FOUND', errorMessage: 'flag "missing" does not exist' },
    });
  });

  test('archived flag → default with FLAG_NOT_FOUND', () => {
    const result = flags.evaluate('gone', { key: 'u' }, false);
    expect(result.value).toBe(false);
    expect(result.reason.errorCode).toBe('FLAG_NOT_FOUND');
  });

  test('disabled flag → off variation with OFF, before targets and rules', () => {
    const off = set([{ ...flag, environment: { ...flag.environment, enabled: false, offVariation: 'off' } }]);
    expect(off.evaluate('checkout', { key: 'u', role: 'admin' })).toEqual({
      key: 'checkout',
      value: false,
      variation: 'off',
      reason: { kind: 'OFF' },
    });
  });

  test('a missing default is null on errors', () => {
    expect(flags.evaluate('missing', { key: 'u' }).value).toBeNull();
  });

  test('keys, version, environment and evaluateAll', () => {
    expect(flags.keys()).toEqual(['checkout']);
    expect(flags.version).toBe(7);
    expect(flags.environment).toBe('test');
    expect(flags.evaluateAll({ key: 'u', role: 'admin' })).toEqual([
      flags.evaluate('checkout', { key: 'u', role: 'admin' }),
    ]);
  });

  test('results are frozen and reused', () => {
    const a = flags.evaluate('checkout', { key: 'u1' });
    const b = flags.evaluate('checkout', { key: 'u2' });
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.reason)).toBe(true);
  });

  test('negate inverts one condition', () => {
    const negated = booleanFlag('not-us', {
      rules: [
        {
          id: 'outside-us',
          conditions: [{ attribute: 'country', operator: 'equals', values: ['US'], negate: true }],
          serve: { variation: 'off' },
        },
      ],
    });
    const s = set([negated]);
    expect(s.evaluate('not-us', { key: 'u', country: 'FR' }).value).toBe(false);
    expect(s.evaluate('not-us', { key: 'u', country: 'US' }).value).toBe(true);
    // A missing attribute fails closed even when negated.
    expect(s.evaluate('not-us', { key: 'u' }).reason.kind).toBe('FALLTHROUGH');
  });
});

describe('schedule window', () => {
  const flag = booleanFlag('launch', { startsAt: '2025-03-01T09:00:00Z', endsAt: '2025-03-08T09:00:00Z' });
  let now = 0;
  const flags = set([flag], () => now);

  test.each([
    ['before the window', '2025-03-01T08:59:59.999Z', 'SCHEDULED_OFF', false],
    ['at the start', '2025-03-01T09:00:00Z', 'FALLTHROUGH', true],
    ['inside', '2025-03-05T00:00:00Z', 'FALLTHROUGH', true],
    ['at the end (exclusive)', '2025-03-08T09:00:00Z', 'SCHEDULED_OFF', false],
  ])('%s', (_, at, kind, value) => {
    now = Date.parse(at);
    const result = flags.evaluate('launch', { key: 'u' });
    expect(result.reason.kind).toBe(kind);
    expect(result.value).toBe(value);
  });

  test('open-ended windows', () => {
    const from = set([booleanFlag('from', { startsAt: '2025-01-01T00:00:00Z' })], () =>
      Date.parse('2030-01-01'),
    );
    expect(from.evaluate('from', { key: 'u' }).reason.kind).toBe('FALLTHROUGH');
    const until = set([booleanFlag('until', { endsAt: '2025-01-01T00:00:00Z' })], () =>
      Date.parse('2030-01-01'),
    );
    expect(until.evaluate('until', { key: 'u' }).reason.kind).toBe('SCHEDULED_OFF');
  });

  test('a disabled flag reports OFF rather than SCHEDULED_OFF', () => {
    now = Date.parse('2020-01-01');
    const off = set([{ ...flag, environment: { ...flag.environment, enabled: false } }], () => now);
    expect(off.evaluate('launch', { key: 'u' }).reason.kind).toBe('OFF');
  });
});

describe('prerequisites', () => {
  const base = booleanFlag('base');
  const middle = booleanFlag('middle', { prerequisites: [{ flagKey: 'base', variation: 'on' }] });
  const top = booleanFlag('top', { prerequisites: [{ flagKey: 'middle', variation: 'on' }] });

  test('a met chain evaluates normally', () => {
    expect(set([top, middle, base]).evaluate('top', { key: 'u' }).reason.kind).toBe('FALLTHROUGH');
  });

  test('a failed link anywhere in the chain serves the off variation', () => {
    const baseOff = { ...base, environment: { ...base.environment, enabled: false } };
    const result = set([top, middle, baseOff]).evaluate('top', { key: 'u' });
    expect(result).toEqual({
      key: 'top',
      value: false,
      variation: 'off',
      reason: { kind: 'PREREQUISITE_FAILED', prerequisiteKey: 'middle' },
    });
  });

  test('the prerequisite must serve the required variation for this context', () => {
    const targeted = booleanFlag('base', { targets: [{ variation: 'off', values: ['vip'] }] });
    const flags = set([middle, targeted]);
    expect(flags.evaluate('middle', { key: 'someone' }).reason.kind).toBe('FALLTHROUGH');
    expect(flags.evaluate('middle', { key: 'vip' }).reason).toEqual({
      kind: 'PREREQUISITE_FAILED',
      prerequisiteKey: 'base',
    });
  });

  test('an unknown or archived prerequisite fails', () => {
    expect(set([middle]).evaluate('middle', { key: 'u' }).reason.kind).toBe('PREREQUISITE_FAILED');
    expect(set([middle, { ...base, archived: true }]).evaluate('middle', { key: 'u' }).reason.kind).toBe(
      'PREREQUISITE_FAILED',
    );
  });

  test('a prerequisite serving its off variation while ON still counts as served', () => {
    const baseServesOff = booleanFlag('base', { fallthrough: { variation: 'off' } });
    const needsOff = booleanFlag('needs-off', { prerequisites: [{ flagKey: 'base', variation: 'off' }] });
    expect(set([needsOff, baseServesOff]).evaluate('needs-off', { key: 'u' }).reason.kind).toBe(
      'FALLTHROUGH',
    );
    const baseDisabled = { ...baseServesOff, environment: { ...baseServesOff.environment, enabled: false } };
    expect(set([needsOff, baseDisabled]).evaluate('needs-off', { key: 'u' }).reason.kind).toBe(
      'PREREQUISITE_FAILED',
    );
  });

  test('cycles fail instead of hanging', () => {
    const a = booleanFlag('a', { prerequisites: [{ flagKey: 'b', variation: 'on' }] });
    const b = booleanFlag('b', { prerequisites: [{ flagKey: 'c', variation: 'on' }] });
    const c = booleanFlag('c', { prerequisites: [{ flagKey: 'a', variation: 'on' }] });
    const self = booleanFlag('self', { prerequisites: [{ flagKey: 'self', variation: 'on' }] });
    const outside = booleanFlag('outside', { prerequisites: [{ flagKey: 'a', variation: 'on' }] });
    const flags = set([a, b, c, self, outside]);
    for (const key of ['a', 'b', 'c', 'self', 'outside']) {
      expect(flags.evaluate(key, { key: 'u' }).reason.kind).toBe('PREREQUISITE_FAILED');
    }
    expect(flags.evaluate('a', { key: 'u' }).reason.prerequisiteKey).toBe('b');
  });

  test('a long acyclic chain works', () => {
    const chain = Array.from({ length: 500 }, (_, i) =>
      booleanFlag(`f${i}`, { prerequisites: i === 0 ? [] : [{ flagKey: `f${i - 1}`, variation: 'on' }] }),
    );
    expect(set(chain).evaluate('f499', { key: 'u' }).reason.kind).toBe('FALLTHROUGH');
  });
});

describe('percentage splits', () => {
  const flag = booleanFlag('rollout', { fallthrough: { rollout: split(30) } });
  const flags = set([flag]);

  test('30 % over 100,000 keys lands within ±0.5 % and is sticky', () => {
    let on = 0;
    for (let i = 0; i < 100_000; i++) {
      const result = flags.evaluate('rollout', { key: `user-${i}` });
      if (result.value === true) on++;
      expect(result.reason).toEqual({ kind: 'FALLTHROUGH' });
    }
    expect(Math.abs(on / 100_000 - 0.3)).toBeLessThan(0.005);
    for (let i = 0; i < 1000; i++) {
      expect(flags.evaluate('rollout', { key: `user-${i}` })).toBe(
        flags.evaluate('rollout', { key: `user-${i}` }),
      );
    }
  });

  test('the salt defaults to the flag key, and a salt changes the assignment', () => {
    const salted = set([booleanFlag('rollout', { fallthrough: { rollout: split(50, { salt: 'other' }) } })]);
    const plain = set([booleanFlag('rollout', { fallthrough: { rollout: split(50) } })]);
    const explicit = set([
      booleanFlag('rollout', { fallthrough: { rollout: split(50, { salt: 'rollout' }) } }),
    ]);
    let differ = 0;
    for (let i = 0; i < 1000; i++) {
      const context = { key: `u${i}` };
      expect(explicit.evaluate('rollout', context).value).toBe(plain.evaluate('rollout', context).value);
      if (salted.evaluate('rollout', context).value !== plain.evaluate('rollout', context).value) differ++;
    }
    expect(differ).toBeGreaterThan(300);
  });

  test('bucketBy an attribute; a missing attribute gets the first variation and says so', () => {
    const byOrg = set([booleanFlag('org', { fallthrough: { rollout: split(50, { bucketBy: 'org.id' }) } })]);
    const values = new Set<unknown>();
    for (let i = 0; i < 50; i++)
      values.add(byOrg.evaluate('org', { key: `u${i}`, org: { id: 'acme' } }).value);
    expect(values.size).toBe(1); // every member of one org gets the same variation
    const missing = byOrg.evaluate('org', { key: 'u' });
    expect(missing.variation).toBe('on');
    expect(missing.reason).toEqual({ kind: 'FALLTHROUGH', bucketingAttributeMissing: true });
    const numeric = byOrg.evaluate('org', { key: 'u', org: { id: 42 } });
    expect(numeric.reason.bucketingAttributeMissing).toBeUndefined();
  });

  test('an empty context key counts as a missing bucketing attribute', () => {
    expect(flags.evaluate('rollout', { key: '' }).reason.bucketingAttributeMissing).toBe(true);
  });

  test('rule splits report the rule', () => {
    const ruled = set([
      booleanFlag('r', { rules: [{ id: 'everyone', conditions: [], serve: { rollout: split(100) } }] }),
    ]);
    expect(ruled.evaluate('r', { key: 'x' }).reason).toEqual({
      kind: 'RULE_MATCH',
      ruleId: 'everyone',
      ruleIndex: 0,
    });
  });
});

describe('experiments on a rollout', () => {
  const variations = split(50).variations;
  const experimentRule = (coverage: number, layer?: { key: string; rangeStart: number; rangeEnd: number }) =>
    booleanFlag('exp-flag', {
      rules: [
        {
          id: 'experiment',
          conditions: [],
          serve: { rollout: { variations, salt: 'exp-salt', experiment: { key: 'exp-1', coverage, layer } } },
        },
      ],
      fallthrough: { variation: 'off' },
    });

  test('coverage enrols only part of the users; the rest continue to the fallthrough', () => {
    const flags = set([experimentRule(0.25)]);
    let enrolled = 0;
    for (let i = 0; i < 20_000; i++) {
      const result = flags.evaluate('exp-flag', { key: `u${i}` });
      if (result.reason.kind === 'RULE_MATCH') {
        enrolled++;
        expect(result.reason).toMatchObject({ inExperiment: true, experimentKey: 'exp-1' });
      } else expect(result.reason).toEqual({ kind: 'FALLTHROUGH' });
    }
    expect(Math.abs(enrolled / 20_000 - 0.25)).toBeLessThan(0.015);
  });

  test('flag evaluation and assignVariant agree for every user', () => {
    const layer = { key: 'layer-1', rangeStart: 20, rangeEnd: 70 };
    const flags = set([experimentRule(0.6, layer)]);
    for (let i = 0; i < 5000; i++) {
      const key = `user-${i}`;
      const assignment = assignVariant({
        salt: 'exp-salt',
        bucketingValue: key,
        variations,
        coverage: 0.6,
        layer,
      });
      const result = flags.evaluate('exp-flag', { key });
      expect(result.reason.kind === 'RULE_MATCH').toBe(assignment.inTraffic);
      if (assignment.inTraffic) expect(result.variation).toBe(assignment.variation);
    }
  });

  test('experiments in disjoint ranges of a layer never share a user', () => {
    const exp = (key: string, rangeStart: number, rangeEnd: number) =>
      booleanFlag(key, {
        rules: [
          {
            id: 'x',
            conditions: [],
            serve: {
              rollout: {
                variations,
                experiment: { key, coverage: 1, layer: { key: 'shared', rangeStart, rangeEnd } },
              },
            },
          },
        ],
      });
    const flags = set([exp('left', 0, 30), exp('right', 30, 100)]);
    for (let i = 0; i < 20_000; i++) {
      const context = { key: `k${i}` };
      const inLeft = flags.evaluate('left', context).reason.inExperiment === true;
      const inRight = flags.evaluate('right', context).reason.inExperiment === true;
      expect(inLeft && inRight).toBe(false);
      expect(inLeft || inRight).toBe(true);
    }
  });

  test('a user not enrolled by an experiment on the fallthrough gets the off variation', () => {
    const flags = set([
      booleanFlag('ft', { fallthrough: { rollout: { variations, experiment: { key: 'e', coverage: 0 } } } }),
    ]);
    expect(flags.evaluate('ft', { key: 'u' })).toMatchObject({
      variation: 'off',
      reason: { kind: 'FALLTHROUGH' },
    });
  });

  test('a missing bucketing attribute is served the first variation but not enrolled', () => {
    const flags = set([experimentRule(1)]);
    expect(flags.evaluate('exp-flag', { key: '' }).reason).toEqual({
      kind: 'RULE_MATCH',
      ruleId: 'experiment',
      ruleIndex: 0,
      inExperiment: false,
      experimentKey: 'exp-1',
      bucketingAttributeMissing: true,
    });
  });
});

describe('errors', () => {
  test('TYPE_MISMATCH: a default of another type', () => {
    const result = set([booleanFlag('b')]).evaluate('b', { key: 'u' }, 'yes');
    expect(result).toMatchObject({
      value: 'yes',
      variation: null,
      reason: { kind: 'ERROR', errorCode: 'TYPE_MISMATCH' },
    });
  });

  test('TYPE_MISMATCH: a served variation whose value does not fit the flag type', () => {
    const flag: FlagConfig = {
      ...booleanFlag('n'),
      type: 'NUMBER',
      variations: [
        { key: 'on', value: 1 },
        { key: 'off', value: 'zero' },
      ],
    };
    const flags = set([{ ...flag, environment: { ...flag.environment, fallthrough: { variation: 'off' } } }]);
    expect(flags.evaluate('n', { key: 'u' }, 5)).toMatchObject({
      value: 5,
      variation: null,
      reason: { kind: 'ERROR', errorCode: 'TYPE_MISMATCH' },
    });
  });

  test.each<[string, Partial<FlagConfig['environment']>]>([
    ['unknown fallthrough variation', { fallthrough: { variation: 'nope' } }],
    [
      'weights not summing to 100',
      { fallthrough: { rollout: { variations: [{ variation: 'on', weight: 60 }] } } },
    ],
    ['serve without variation or rollout', { fallthrough: {} as never }],
    ['bad schedule', { startsAt: 'soon' }],
  ])('MALFORMED_FLAG: %s', (_, environment) => {
    const result = set([booleanFlag('m', environment)]).evaluate('m', { key: 'u' }, true);
    expect(result).toMatchObject({
      value: true,
      variation: null,
      reason: { kind: 'ERROR', errorCode: 'MALFORMED_FLAG' },
    });
  });

  test('MALFORMED_FLAG only on the path that is broken', () => {
    const flags = set([
      booleanFlag('partly', {
        rules: [
          {
            id: 'r',
            conditions: [{ attribute: 'beta', operator: 'exists', values: [] }],
            serve: { variation: 'x' },
          },
        ],
      }),
    ]);
    expect(flags.evaluate('partly', { key: 'u' }).reason.kind).toBe('FALLTHROUGH');
    expect(flags.evaluate('partly', { key: 'u', beta: true }).reason.errorCode).toBe('MALFORMED_FLAG');
  });

  test.each([null, undefined, 'user-1', 42, {}, { key: 42 }])('INVALID_CONTEXT for %j', (context) => {
    const result = set([booleanFlag('b')]).evaluate('b', context as never, false);
    expect(result).toMatchObject({ value: false, reason: { kind: 'ERROR', errorCode: 'INVALID_CONTEXT' } });
  });

  test('GENERAL when reading the context throws; evaluate itself never throws', () => {
    const flags = set([
      booleanFlag('g', {
        rules: [
          {
            id: 'r',
            conditions: [{ attribute: 'boom', operator: 'exists', values: [] }],
            serve: { variation: 'on' },
          },
        ],
      }),
    ]);
    const context = {
      key: 'u',
      get boom(): unknown {
        throw new Error('getter exploded');
      },
    };
    expect(flags.evaluate('g', context, false)).toMatchObject({
      value: false,
      reason: { kind: 'ERROR', errorCode: 'GENERAL', errorMessage: 'getter exploded' },
    });
  });

  test('garbage flag sets compile and evaluate without throwing', () => {
    const garbage = [
      null,
      {},
      { key: 'x' },
      { key: 'y', type: 'BOOLEAN', variations: 'no', environment: null },
      { key: 'z', type: 'WHAT', variations: [], environment: {} },
      {
        key: 'w',
        type: 'BOOLEAN',
        variations: [{ key: 'on', value: true }],
        environment: {
          enabled: true,
          rules: [null, { conditions: [null, {}] }],
          fallthrough: { rollout: { variations: null } },
        },
      },
    ];
    const flags = compileFlagSet({
      environment: 'e',
      version: 1,
      flags: garbage as never,
      segments: [null] as never,
    });
    for (const key of ['x', 'y', 'z', 'w', 'none']) {
      expect(flags.evaluate(key, { key: 'u' }, false).reason.kind).toBe('ERROR');
    }
    expect(() => flags.evaluateAll({ key: 'u' })).not.toThrow();
    expect(() => compileFlagSet(null as never).evaluate('a', { key: 'u' })).not.toThrow();
  });
});

describe('flag types', () => {
  test('JSON values are served as deep-frozen copies', () => {
    const original = { theme: { color: 'teal' }, items: [1, 2] };
    const flag: FlagConfig = {
      ...booleanFlag('j'),
      type: 'JSON',
      variations: [
        { key: 'on', value: original },
        { key: 'off', value: null },
      ],
    };
    const result = set([flag]).evaluate('j', { key: 'u' });
    expect(result.value).toEqual(original);
    expect(result.value).not.toBe(original);
    expect(Object.isFrozen((result.value as typeof original).theme)).toBe(true);
    expect(Object.isFrozen(original)).toBe(false);
  });

  test('STRING and NUMBER flags accept defaults of their own type', () => {
    const stringFlag: FlagConfig = {
      ...booleanFlag('s'),
      type: 'STRING',
      variations: [
        { key: 'on', value: 'blue' },
        { key: 'off', value: 'grey' },
      ],
    };
    const numberFlag: FlagConfig = {
      ...booleanFlag('n'),
      type: 'NUMBER',
      variations: [
        { key: 'on', value: 3 },
        { key: 'off', value: 0 },
      ],
    };
    const flags = set([stringFlag, numberFlag]);
    expect(flags.evaluate('s', { key: 'u' }, 'red').value).toBe('blue');
    expect(flags.evaluate('n', { key: 'u' }, 1).value).toBe(3);
    expect(flags.evaluate('n', { key: 'u' }, '1').reason.errorCode).toBe('TYPE_MISMATCH');
  });
});

describe('evaluateFlag', () => {
  test('gives the same answer as the compiled set', () => {
    const base = booleanFlag('base', { fallthrough: { rollout: split(40) } });
    const flag = booleanFlag('dependent', {
      prerequisites: [{ flagKey: 'base', variation: 'on' }],
      rules: [
        {
          id: 'seg',
          conditions: [{ attribute: 'key', operator: 'inSegment', values: ['s'] }],
          serve: { variation: 'off' },
        },
      ],
    });
    const segments = [{ key: 's', included: ['u3'], excluded: [], rules: [] }];
    const compiled = set([flag, base], undefined, segments);
    for (let i = 0; i < 200; i++) {
      const context = { key: `u${i}` };
      expect(evaluateFlag(flag, context, segments, { flags: [base] })).toEqual(
        compiled.evaluate('dependent', context),
      );
    }
    expect(evaluateFlag(flag, { key: 'u' }, segments, { defaultValue: true }).reason.kind).toBe(
      'PREREQUISITE_FAILED',
    );
  });
});
