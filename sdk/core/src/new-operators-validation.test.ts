// Validation of the operators added after the first release: each problem names the field it is about.
import type { Condition } from './model';
import { validateCondition } from './validate';

type Problem = { path: string; message: unknown };

describe('validateCondition, new operators', () => {
  test.each<[string, Condition, Problem[]]>([
    [
      'caseInsensitive equals',
      { attribute: 'a', operator: 'equals', values: ['x'], caseInsensitive: true },
      [],
    ],
    [
      'caseInsensitive on a number operator',
      { attribute: 'a', operator: 'gt', values: [1], caseInsensitive: true },
      [{ path: 'c.caseInsensitive', message: expect.stringContaining('does not compare strings') }],
    ],
    [
      'caseInsensitive not a boolean',
      { attribute: 'a', operator: 'equals', values: ['x'], caseInsensitive: 'yes' as never },
      [{ path: 'c.caseInsensitive', message: 'caseInsensitive must be a boolean' }],
    ],
    ['regex flags', { attribute: 'a', operator: 'matches', values: ['^a.b$'], regexFlags: 'ims' }, []],
    [
      'unsupported regex flag',
      { attribute: 'a', operator: 'matches', values: ['^a$'], regexFlags: 'g' },
      [{ path: 'c.regexFlags', message: expect.stringContaining('only i, m and s') }],
    ],
    [
      'repeated regex flag',
      { attribute: 'a', operator: 'matches', values: ['^a$'], regexFlags: 'ii' },
      [{ path: 'c.regexFlags', message: 'regex flag "i" is given twice' }],
    ],
    [
      'regex flags on another operator',
      { attribute: 'a', operator: 'equals', values: ['a'], regexFlags: 'i' },
      [{ path: 'c.regexFlags', message: 'regexFlags applies only to the matches operator' }],
    ],
    [
      'CIDR ranges',
      { attribute: 'ip', operator: 'ipInRange', values: ['10.0.0.0/8', '2001:db8::/32', '::1'] },
      [],
    ],
    [
      'invalid CIDR',
      {
        attribute: 'ip',
        operator: 'ipInRange',
        values: ['10.0.0.0/8', '10.0.0.0/33', '300.1.1.1/8', 'fe80::1%eth0'],
      },
      [
        {
          path: 'c.values[1]',
          message: 'invalid CIDR range: prefix length must be a whole number from 0 to 32',
        },
        { path: 'c.values[2]', message: 'invalid CIDR range: "300.1.1.1" is not an IPv4 or IPv6 address' },
        { path: 'c.values[3]', message: 'invalid CIDR range: "fe80::1%eth0" is not an IPv4 or IPv6 address' },
      ],
    ],
    [
      'CIDR with host bits',
      { attribute: 'ip', operator: 'ipInRange', values: ['10.1.2.3/8'] },
      [
        {
          path: 'c.values[0]',
          message: 'invalid CIDR range: has bits set past the /8 prefix; the range starts at 10.0.0.0/8',
        },
      ],
    ],
    ['list values', { attribute: 'roles', operator: 'anyOf', values: ['admin', 'beta'] }, []],
    [
      'a list operator given a list of lists can never match',
      { attribute: 'roles', operator: 'allOf', values: [['admin', 'beta']] },
      [{ path: 'c.values[0]', message: expect.stringContaining('list the values themselves') }],
    ],
    [
      'equals given a list',
      { attribute: 'roles', operator: 'equals', values: [['admin']] },
      [{ path: 'c.values[0]', message: expect.stringContaining('use anyOf/allOf') }],
    ],
    [
      'negative size',
      { attribute: 'roles', operator: 'sizeGt', values: [-1, 1.5] },
      [
        { path: 'c.values[0]', message: 'must be a list size: a whole number of 0 or more' },
        { path: 'c.values[1]', message: 'must be a list size: a whole number of 0 or more' },
      ],
    ],
    [
      'size below 0',
      { attribute: 'roles', operator: 'sizeLt', values: [0] },
      [{ path: 'c.values', message: 'can never match: no list has fewer than 0 elements' }],
    ],
    [
      'anyElement',
      { attribute: 'roles', operator: 'anyElement', values: [{ operator: 'startsWith', values: ['a'] }] },
      [],
    ],
    [
      'anyElement with a bad inner value',
      {
        attribute: 'roles',
        operator: 'anyElement',
        values: [{ operator: 'ipInRange', values: ['10.0.0.0/99'] }],
      },
      [{ path: 'c.values[0].values[0]', message: expect.stringContaining('prefix length') }],
    ],
    [
      'anyElement nested',
      { attribute: 'roles', operator: 'anyElement', values: [{ operator: 'anyOf', values: ['a'] }] },
      [{ path: 'c.values[0].operator', message: 'operator anyOf cannot be used on one element' }],
    ],
    [
      'anyElement without its condition',
      { attribute: 'roles', operator: 'anyElement', values: ['admin'] },
      [{ path: 'c.values', message: expect.stringContaining('anyElement takes one value') }],
    ],
    ['type check', { attribute: 'a', operator: 'isNumber', values: [] }, []],
    [
      'type check with values',
      { attribute: 'a', operator: 'isNumber', values: [1] },
      [{ path: 'c.values', message: 'operator isNumber takes no values' }],
    ],
    ['deepEquals', { attribute: 'a', operator: 'deepEquals', values: [{ a: [1] }, [1, 2], 'x'] }, []],
    [
      'deepEquals null',
      { attribute: 'a', operator: 'deepEquals', values: [null] },
      [{ path: 'c.values[0]', message: expect.stringContaining('JSON value other than null') }],
    ],
    ['string order', { attribute: 'a', operator: 'stringGt', values: ['m'] }, []],
    [
      'string order on a number',
      { attribute: 'a', operator: 'stringLt', values: [5] },
      [{ path: 'c.values[0]', message: 'must be a string' }],
    ],
    [
      'loose versions',
      { attribute: 'v', operator: 'looseVersionGt', values: ['1', 'v1.2', '1.2.3-rc.1'] },
      [],
    ],
    [
      'not a loose version',
      { attribute: 'v', operator: 'looseVersionLt', values: ['1.2.3.4'] },
      [{ path: 'c.values[0]', message: 'must be a version like 1, 1.2, v1.2.3 or 1.4.0-rc.1' }],
    ],
    [
      'strict semver stays strict',
      { attribute: 'v', operator: 'semverGt', values: ['v1.2'] },
      [{ path: 'c.values[0]', message: expect.stringContaining('semantic version') }],
    ],
  ])('%s', (_name, condition, expected) => {
    expect(validateCondition(condition, 'c')).toEqual(expected);
  });
});
