import { compareSemver, parseSemver } from './semver';

describe('parseSemver', () => {
  test.each([
    '0.0.0',
    '1.2.3',
    '10.20.30',
    '1.0.0-alpha',
    '1.0.0-alpha.1',
    '1.0.0-0.3.7',
    '1.0.0-x.7.z.92',
    '1.0.0+20130313144700',
    '1.0.0-beta+exp.sha.5114f85',
    '1.0.0-x-y-z.--',
    '99999999999999999999.0.0',
  ])('accepts %s', (version) => expect(parseSemver(version)).not.toBeNull());

  test.each([
    '',
    '1',
    '1.2',
    '1.2.3.4',
    '01.2.3',
    '1.02.3',
    'v1.2.3',
    '1.2.3-',
    '1.2.3-01',
    '1.2.3+',
    '1.2.3-a..b',
    '1.2.3-a_b',
    ' 1.2.3',
    '1.2.3 ',
    'a.b.c',
  ])('rejects %j', (version) => expect(parseSemver(version)).toBeNull());

  test('rejects non-strings', () => {
    expect(parseSemver(123)).toBeNull();
    expect(parseSemver(null)).toBeNull();
  });
});

describe('compareSemver', () => {
  const cmp = (a: string, b: string) => compareSemver(parseSemver(a)!, parseSemver(b)!);

  test('follows the precedence example of the semver 2.0 spec', () => {
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.1.0',
      '2.0.0',
      '10.0.0',
    ];
    for (let i = 0; i < ordered.length; i++) {
      for (let j = 0; j < ordered.length; j++) {
        expect(cmp(ordered[i]!, ordered[j]!)).toBe(Math.sign(i - j));
      }
    }
  });

  test('ignores build metadata and compares huge numbers exactly', () => {
    expect(cmp('1.0.0+a', '1.0.0+b')).toBe(0);
    expect(cmp('99999999999999999999.0.0', '99999999999999999998.0.0')).toBe(1);
    expect(cmp('1.0.0-2', '1.0.0-10')).toBe(-1);
    expect(cmp('1.0.0-10', '1.0.0-a')).toBe(-1);
  });
});
