// Table tests for the operators added after the first release, through compileCondition as rules use them.
import type { Condition, EvaluationContext, Operator } from './model';
import { compileCondition } from './operators';
import { compileSegments } from './segments';

const env = { segment: compileSegments([]) };

function matches(condition: Omit<Condition, 'attribute'>, attribute: unknown): boolean {
  const context: EvaluationContext = attribute === undefined ? { key: 'k' } : { key: 'k', a: attribute };
  return compileCondition({ attribute: 'a', ...condition }, env)(context);
}

type Row = [Operator, unknown[], unknown, boolean, Partial<Condition>?];

const TABLE: Row[] = [
  // caseInsensitive on the string operators
  ['equals', ['Pro'], 'pRO', true, { caseInsensitive: true }],
  ['equals', ['Pro'], 'pRO', false],
  ['in', ['DE', 'FR'], 'de', true, { caseInsensitive: true }],
  ['in', ['DE', 42], 42, true, { caseInsensitive: true }],
  ['notIn', ['DE', 'FR'], 'fr', false, { caseInsensitive: true }],
  ['notEquals', ['DE'], 'us', true, { caseInsensitive: true }],
  ['contains', ['ACME'], 'jo@acme.com', true, { caseInsensitive: true }],
  ['contains', ['ACME'], 'jo@acme.com', false],
  ['startsWith', ['ADMIN'], 'admin-1', true, { caseInsensitive: true }],
  ['endsWith', ['.COM'], 'x@y.com', true, { caseInsensitive: true }],
  // regex flags
  ['matches', ['^pro$'], 'PRO', true, { caseInsensitive: true }],
  ['matches', ['^pro$'], 'PRO', true, { regexFlags: 'i' }],
  ['matches', ['^[a-z]+$'], 'ÄBC', false, { regexFlags: 'i' }],
  ['matches', ['^b$'], 'a\nb\nc', true, { regexFlags: 'm' }],
  ['matches', ['^b$'], 'a\nb\nc', false],
  ['matches', ['a.c'], 'a\nc', true, { regexFlags: 's' }],
  ['matches', ['a.c'], 'a\nc', false],
  ['matches', ['^A.C$'], 'a\nc', true, { regexFlags: 'ims' }],
  // string ordering, UTF-16 code-unit order
  ['stringGt', ['m'], 'n', true],
  ['stringGt', ['m'], 'M', false],
  ['stringGt', ['m'], 'N', true, { caseInsensitive: true }],
  ['stringGte', ['2024-01-01'], '2024-01-01', true],
  ['stringLt', ['b', 'd'], 'c', true],
  ['stringLte', ['b'], 'c', false],
  ['stringGt', ['1'], 2, false],
  // deep equality
  ['deepEquals', [{ a: 1, b: [1, 2] }], { b: [1, 2], a: 1 }, true],
  ['deepEquals', [[1, 2]], [2, 1], false],
  ['deepEquals', [['admin']], ['admin'], true],
  ['deepEquals', ['x'], 'x', true],
  ['deepEquals', [1], '1', false],
  // type checks
  ['isString', [], 'x', true],
  ['isString', [], 1, false],
  ['isNumber', [], 1.5, true],
  ['isNumber', [], '1.5', false],
  ['isBoolean', [], false, true],
  ['isList', [], [], true],
  ['isList', [], { length: 0 }, false],
  ['isObject', [], { a: 1 }, true],
  ['isObject', [], [1], false],
  ['isString', [], null, false],
  // list attributes
  ['anyOf', ['admin', 'owner'], ['beta', 'admin'], true],
  ['anyOf', ['admin'], ['beta'], false],
  ['anyOf', ['ADMIN'], ['beta', 'admin'], true, { caseInsensitive: true }],
  ['anyOf', [1], ['1'], false],
  ['allOf', ['admin', 'beta'], ['beta', 'admin', 'x'], true],
  ['allOf', ['admin', 'beta'], ['admin'], false],
  ['allOf', ['admin', 'admin'], ['admin'], true],
  ['noneOf', ['banned'], ['beta'], true],
  ['noneOf', ['banned'], ['banned'], false],
  ['noneOf', ['banned'], [], true],
  ['sizeEq', [0], [], true],
  ['sizeEq', [2], ['a', 'b'], true],
  ['sizeGt', [1], ['a', 'b'], true],
  ['sizeGte', [3], ['a', 'b'], false],
  ['sizeLt', [3], ['a', 'b'], true],
  ['sizeLte', [1], ['a', 'b'], false],
  ['anyElement', [{ operator: 'startsWith', values: ['admin:'] }], ['user:1', 'admin:eu'], true],
  ['anyElement', [{ operator: 'startsWith', values: ['admin:'] }], ['user:1'], false],
  [
    'anyElement',
    [{ attribute: 'plan', operator: 'equals', values: ['pro'] }],
    [{ plan: 'free' }, { plan: 'pro' }],
    true,
  ],
  ['anyElement', [{ operator: 'gt', values: [10] }], [1, 5, 11], true],
  ['anyElement', [{ operator: 'ipInRange', values: ['10.0.0.0/8'] }], ['192.168.0.1', '10.1.2.3'], true],
  // IP ranges
  ['ipInRange', ['10.0.0.0/8'], '10.200.3.4', true],
  ['ipInRange', ['10.0.0.0/8'], '11.0.0.1', false],
  ['ipInRange', ['192.168.1.0/24', '172.16.0.0/12'], '172.31.255.255', true],
  ['ipInRange', ['172.16.0.0/12'], '172.32.0.0', false],
  ['ipInRange', ['203.0.113.7'], '203.0.113.7', true],
  ['ipInRange', ['0.0.0.0/0'], '8.8.8.8', true],
  ['ipInRange', ['2001:db8::/32'], '2001:db8:ffff::1', true],
  ['ipInRange', ['2001:db8::/32'], '2001:db9::1', false],
  ['ipInRange', ['2001:db8:abcd:10::/62'], '2001:db8:abcd:13::1', true],
  ['ipInRange', ['2001:db8:abcd:12::/63'], '2001:db8:abcd:14::1', false],
  ['ipInRange', ['2001:db8:abcd:12::/63'], '2001:db8:abcd:13:ffff::', true],
  ['ipInRange', ['10.0.0.0/8'], '::ffff:10.1.1.1', true],
  ['ipInRange', ['::/0'], '10.1.1.1', true],
  ['ipInRange', ['10.0.0.0/8'], '10.1.1', false],
  ['ipInRange', ['10.0.0.0/8'], '010.1.1.1', false],
  // loose versions
  ['looseVersionEq', ['1'], '1.0.0', true],
  ['looseVersionEq', ['v1.2'], '1.2.0', true],
  ['looseVersionGt', ['1.2'], 'v1.10', true],
  ['looseVersionLt', ['2'], '1.99.99', true],
  ['looseVersionLt', ['2.0.0'], '2.0.0-rc.1', true],
  ['looseVersionEq', ['1.2.3'], 'v1.2.3+build.5', true],
  ['looseVersionGt', ['1'], 'banana', false],
  ['semverEq', ['1.2.0'], 'v1.2', false],
];

describe('new operators', () => {
  test.each(TABLE)('%s %j on %j → %s', (operator, values, attribute, expected, extra = {}) => {
    expect(matches({ operator, values, ...extra }, attribute)).toBe(expected);
  });

  test.each(TABLE.filter(([, , attribute]) => attribute !== null))(
    'negated %s %j on %j is the opposite (when the attribute has the right shape)',
    (operator, values, attribute, expected, extra = {}) => {
      const shapeOk =
        matches({ operator, values, ...extra }, attribute) ||
        matches({ operator, values, ...extra, negate: true }, attribute);
      if (shapeOk) expect(matches({ operator, values, ...extra, negate: true }, attribute)).toBe(!expected);
    },
  );

  test.each<[Operator, unknown[]]>([
    ['anyOf', ['admin']],
    ['noneOf', ['admin']],
    ['allOf', ['admin']],
    ['sizeEq', [1]],
    ['anyElement', [{ operator: 'equals', values: ['admin'] }]],
  ])('%s fails closed on a scalar or missing attribute, negated or not', (operator, values) => {
    for (const attribute of ['admin', undefined, null, { 0: 'admin' }]) {
      expect(matches({ operator, values }, attribute)).toBe(false);
      expect(matches({ operator, values, negate: true }, attribute)).toBe(false);
    }
  });

  test.each<Operator>(['isString', 'isNumber', 'isList', 'ipInRange', 'stringGt', 'deepEquals'])(
    '%s never matches a missing attribute, even negated',
    (operator) => {
      const values = operator === 'ipInRange' ? ['10.0.0.0/8'] : operator.startsWith('is') ? [] : ['x'];
      expect(matches({ operator, values }, undefined)).toBe(false);
      expect(matches({ operator, values, negate: true }, undefined)).toBe(false);
    },
  );

  it('treats an invalid CIDR value as absent: with none left the condition never matches', () => {
    expect(matches({ operator: 'ipInRange', values: ['10.0.0.1/8', '10.0.0.0/40'] }, '10.0.0.1')).toBe(false);
    expect(matches({ operator: 'ipInRange', values: ['nope', '10.0.0.0/8'] }, '10.0.0.1')).toBe(true);
  });
});
