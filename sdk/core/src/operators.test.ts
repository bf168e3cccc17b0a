import type { Condition, EvaluationContext, Operator } from './model';
import { compileCondition } from './operators';
import { compileSegments } from './segments';

const env = {
  segment: compileSegments([
    { key: 'beta', included: ['u-in'], excluded: ['u-out'], rules: [] },
    {
      key: 'germans',
      included: [],
      excluded: ['u-out'],
      rules: [{ id: 'r', conditions: [{ attribute: 'country', operator: 'equals', values: ['DE'] }] }],
    },
  ]),
};

function matches(operator: Operator, values: unknown[], attribute: unknown, negate = false): boolean {
  const condition: Condition = { attribute: 'a', operator, values, negate };
  const context: EvaluationContext = attribute === undefined ? { key: 'k' } : { key: 'k', a: attribute };
  return compileCondition(condition, env)(context);
}

// [operator, values, attribute value, matches?]. Each row is also run negated: a row that matches must not
// match when negated and vice versa, except type mismatches, which fail closed both ways (see the next table).
const MATCH_TABLE: [Operator, unknown[], unknown, boolean][] = [
  ['equals', ['pro'], 'pro', true],
  ['equals', ['pro'], 'free', false],
  ['equals', [42], 42, true],
  ['equals', [42], 42.5, false],
  ['equals', [true], true, true],
  ['equals', [true], false, false],
  ['notEquals', ['pro'], 'free', true],
  ['notEquals', ['pro'], 'pro', false],
  ['in', ['US', 'CA'], 'CA', true],
  ['in', ['US', 'CA'], 'DE', false],
  ['in', [1, 2, 3], 2, true],
  ['in', ['1', 2], 2, true],
  ['notIn', ['US', 'CA'], 'DE', true],
  ['notIn', ['US', 'CA'], 'US', false],
  ['contains', ['@acme.'], 'jo@acme.com', true],
  ['contains', ['@acme.'], 'jo@other.com', false],
  ['startsWith', ['adm', 'root'], 'root-1', true],
  ['startsWith', ['adm'], 'user', false],
  ['endsWith', ['.edu'], 'mit.edu', true],
  ['endsWith', ['.edu'], 'mit.com', false],
  ['matches', ['^v\\d+$'], 'v12', true],
  ['matches', ['^v\\d+$'], 'v12a', false],
  ['gt', [10], 11, true],
  ['gt', [10], 10, false],
  ['gte', [10], 10, true],
  ['gte', [10], 9.99, false],
  ['lt', [10], 9, true],
  ['lt', [10], 10, false],
  ['lte', [10], 10, true],
  ['lte', [10], 11, false],
  ['before', ['2024-06-01T00:00:00Z'], '2024-05-31T23:59:59Z', true],
  ['before', ['2024-06-01T00:00:00Z'], '2024-06-01T00:00:00Z', false],
  ['before', ['2024-06-01'], Date.UTC(2024, 4, 1), true],
  ['after', ['2024-06-01T00:00:00Z'], '2024-06-02', true],
  ['after', [Date.UTC(2024, 5, 1)], '2024-05-01', false],
  ['semverEq', ['1.2.3'], '1.2.3+build.7', true],
  ['semverEq', ['1.2.3'], '1.2.4', false],
  ['semverLt', ['2.0.0'], '2.0.0-rc.1', true],
  ['semverLt', ['2.0.0'], '2.0.0', false],
  ['semverGt', ['1.9.9'], '1.10.0', true],
  ['semverGt', ['1.10.0'], '1.9.9', false],
  ['exists', [], 'anything', true],
  ['exists', [], 0, true],
  ['exists', [], false, true],
  ['exists', [], null, false],
  ['exists', [], undefined, false],
  ['inSegment', ['beta'], 'u-in', true],
  ['inSegment', ['beta'], 'u-other', false],
  ['inSegment', ['beta'], 'u-out', false],
  ['inSegment', ['nope', 'beta'], 'u-in', true],
  ['inSegment', ['nope'], 'u-in', false],
];

describe.each(MATCH_TABLE)('%s %j on %j', (operator, values, attribute, expected) => {
  test(`matches: ${expected}`, () => expect(matches(operator, values, attribute)).toBe(expected));
  test(`negated matches: ${!expected}`, () =>
    expect(matches(operator, values, attribute, true)).toBe(!expected));
});

// Missing attributes and types the operator cannot judge never match, negated or not.
const FAIL_CLOSED_TABLE: [Operator, unknown[], unknown][] = [
  ['equals', ['42'], 42],
  ['equals', [42], '42'],
  ['equals', ['true'], true],
  ['equals', ['x'], undefined],
  ['equals', ['x'], null],
  ['equals', ['x'], { nested: 'x' }],
  ['notEquals', ['pro'], 7],
  ['notEquals', ['pro'], undefined],
  ['in', ['US'], ['US']],
  ['notIn', ['US'], undefined],
  ['notIn', ['US'], 1],
  ['contains', ['a'], 123],
  ['contains', [1], 'a1'],
  ['startsWith', ['a'], undefined],
  ['endsWith', ['a'], ['a']],
  ['matches', ['^a'], 17],
  ['matches', ['(a+)+$'], 'aaa'],
  ['gt', [10], '11'],
  ['gt', ['10'], 11],
  ['gte', [10], Number.NaN],
  ['lt', [10], null],
  ['lte', [10], true],
  ['before', ['2024-01-01'], 'yesterday'],
  ['before', ['2024-01-01'], '2023-02-30'],
  ['after', ['not a date'], '2024-01-01'],
  ['after', ['2024-01-01'], true],
  ['semverEq', ['1.0.0'], '1.0'],
  ['semverLt', ['1.0.0'], 'v0.9.0'],
  ['semverGt', ['1.0.0'], 2],
  ['semverGt', ['latest'], '2.0.0'],
  ['bogus' as Operator, ['x'], 'x'],
];

describe.each(FAIL_CLOSED_TABLE)('%s %j on %j fails closed', (operator, values, attribute) => {
  test('no match', () => expect(matches(operator, values, attribute)).toBe(false));
  test('no match when negated', () => expect(matches(operator, values, attribute, true)).toBe(false));
});

describe('attributes', () => {
  const check = (attribute: string, context: EvaluationContext) =>
    compileCondition({ attribute, operator: 'equals', values: ['gold'] }, env)(context);

  test('nested paths read nested objects', () => {
    expect(check('user.plan', { key: 'k', user: { plan: 'gold' } })).toBe(true);
    expect(check('user.plan', { key: 'k', user: { plan: 'free' } })).toBe(false);
    expect(check('org.billing.tier', { key: 'k', org: { billing: { tier: 'gold' } } })).toBe(true);
    expect(check('user.plan', { key: 'k', user: 'gold' })).toBe(false);
    expect(check('user.plan', { key: 'k' })).toBe(false);
  });

  test('a literal key containing a dot wins over the nested path', () => {
    expect(check('user.plan', { key: 'k', 'user.plan': 'gold' })).toBe(true);
    expect(check('user.plan', { key: 'k', 'user.plan': 'free', user: { plan: 'gold' } })).toBe(false);
  });

  test('`key` is the context key', () => {
    expect(check('key', { key: 'gold' })).toBe(true);
  });

  test('inherited properties are not attributes', () => {
    const exists = compileCondition({ attribute: 'constructor', operator: 'exists', values: [] }, env);
    expect(exists({ key: 'k' })).toBe(false);
    const toStr = compileCondition({ attribute: 'user.toString', operator: 'exists', values: [] }, env);
    expect(toStr({ key: 'k', user: {} })).toBe(false);
  });
});

describe('segment membership', () => {
  const inSegment = (values: string[], context: EvaluationContext) =>
    compileCondition({ attribute: 'key', operator: 'inSegment', values }, env)(context);

  test('rules match, but an excluded key wins over them', () => {
    expect(inSegment(['germans'], { key: 'someone', country: 'DE' })).toBe(true);
    expect(inSegment(['germans'], { key: 'someone', country: 'FR' })).toBe(false);
    expect(inSegment(['germans'], { key: 'u-out', country: 'DE' })).toBe(false);
  });
});
