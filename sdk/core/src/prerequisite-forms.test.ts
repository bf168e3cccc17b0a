// The prerequisite forms besides "serves this variation": any of several variations, and "the parent is off".
import { compileFlagSet } from './compile';
import type { FlagConfig, Prerequisite } from './model';
import { booleanFlag, flagSet, stringFlag } from './test-fixtures';
import { validateEnvironmentConfig } from './validate';

const parent = (enabled: boolean, serving: string, startsAt: string | null = null) =>
  stringFlag(
    'plan',
    serving,
    ['free', 'pro', 'team'].filter((v) => v !== serving),
    {
      enabled,
      fallthrough: { variation: serving },
      startsAt,
    },
  );

function served(parentFlag: FlagConfig, prerequisite: Prerequisite) {
  const child = booleanFlag('child', { prerequisites: [prerequisite] });
  const set = compileFlagSet(flagSet(1, [parentFlag, child]), { now: () => Date.UTC(2026, 0, 1) });
  const result = set.evaluate('child', { key: 'u' });
  return [result.variation, result.reason.kind];
}

describe('prerequisite forms', () => {
  test.each<[string, FlagConfig, Prerequisite, [string, string]]>([
    [
      'one variation, served',
      parent(true, 'pro'),
      { flagKey: 'plan', variation: 'pro' },
      ['on', 'FALLTHROUGH'],
    ],
    [
      'one variation, not served',
      parent(true, 'free'),
      { flagKey: 'plan', variation: 'pro' },
      ['off', 'PREREQUISITE_FAILED'],
    ],
    [
      'any of several, served',
      parent(true, 'team'),
      { flagKey: 'plan', variations: ['pro', 'team'] },
      ['on', 'FALLTHROUGH'],
    ],
    [
      'any of several, not served',
      parent(true, 'free'),
      { flagKey: 'plan', variations: ['pro', 'team'] },
      ['off', 'PREREQUISITE_FAILED'],
    ],
    [
      'any of several, parent off serves its off variation',
      parent(false, 'pro'),
      { flagKey: 'plan', variations: ['pro'] },
      ['off', 'PREREQUISITE_FAILED'],
    ],
    ['off, parent switched off', parent(false, 'pro'), { flagKey: 'plan', off: true }, ['on', 'FALLTHROUGH']],
    [
      'off, parent outside its schedule',
      parent(true, 'pro', '2027-01-01T00:00:00Z'),
      { flagKey: 'plan', off: true },
      ['on', 'FALLTHROUGH'],
    ],
    [
      'off, parent serving',
      parent(true, 'pro'),
      { flagKey: 'plan', off: true },
      ['off', 'PREREQUISITE_FAILED'],
    ],
    [
      'off, unknown parent',
      booleanFlag('other'),
      { flagKey: 'plan', off: true },
      ['off', 'PREREQUISITE_FAILED'],
    ],
  ])('%s', (_name, parentFlag, prerequisite, expected) => {
    expect(served(parentFlag, prerequisite)).toEqual(expected);
  });

  it('off also holds when the parent’s own prerequisite failed', () => {
    const grandparent = booleanFlag('gp', { enabled: false });
    const p = booleanFlag('p', { prerequisites: [{ flagKey: 'gp', variation: 'on' }] });
    const child = booleanFlag('child', { prerequisites: [{ flagKey: 'p', off: true }] });
    expect(
      compileFlagSet(flagSet(1, [grandparent, p, child])).evaluate('child', { key: 'u' }).variation,
    ).toBe('on');
  });

  test.each<[string, Prerequisite, { path: string; message: string }[]]>([
    ['variations', { flagKey: 'plan', variations: ['pro', 'team'] }, []],
    ['off', { flagKey: 'plan', off: true }, []],
    [
      'two forms',
      { flagKey: 'plan', variation: 'pro', off: true },
      [{ path: 'prerequisites[0]', message: 'give exactly one of variation, variations or off: true' }],
    ],
    [
      'empty variations',
      { flagKey: 'plan', variations: [] },
      [{ path: 'prerequisites[0].variations', message: 'variations must list at least one variation' }],
    ],
    [
      'unknown variation in the list',
      { flagKey: 'plan', variations: ['pro', 'gold'] },
      [{ path: 'prerequisites[0].variations[1]', message: 'flag "plan" has no variation "gold"' }],
    ],
    [
      'off not a boolean',
      { flagKey: 'plan', off: 'yes' as never },
      [{ path: 'prerequisites[0].off', message: 'off must be a boolean' }],
    ],
  ])('validates %s', (_name, prerequisite, expected) => {
    const child = booleanFlag('child', { prerequisites: [prerequisite] });
    const knownFlags = new Map([['plan', ['free', 'pro', 'team']]]);
    expect(validateEnvironmentConfig(child.environment, child, [], '', { knownFlags })).toEqual(expected);
  });
});
