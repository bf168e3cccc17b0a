import { compileSafeRegex, validateRegex } from './safe-regex';

describe('validateRegex', () => {
  test.each([
    ['^[a-z]+@example\\.com$'],
    ['^(beta|alpha)-\\d{1,3}$'],
    ['.*a.*a.*b'],
    ['\\bcat\\b'],
    ['(?:ab)+c'],
    ['(?<tier>gold|silver)'],
    ['[\\w.-]+'],
    ['^$'],
  ])('accepts %s', (pattern) => expect(validateRegex(pattern)).toBeNull());

  test.each([
    ['a'.repeat(257), 'longer than 256'],
    ['(a+)+$', 'nested quantifiers'],
    ['(a*)*', 'nested quantifiers'],
    ['((ab)+c){2,}', 'nested quantifiers'],
    ['(\\w+)\\s\\1', 'backreferences'],
    ['(?<x>a)\\k<x>', 'backreferences'],
    ['foo(?=bar)', 'lookahead and lookbehind'],
    ['(?<!x)y', 'lookahead and lookbehind'],
    ['[z-a]', 'invalid regular expression'],
    ['(abc', 'invalid regular expression'],
    ['a{', 'must start a quantifier'],
    ['a]', 'must be escaped'],
    ['\\q', 'unsupported escape'],
    ['a{1001}', 'above 1000'],
    ['(abcdefghij){1000}', 'too complex'],
  ])('rejects %s', (pattern, message) => {
    expect(validateRegex(pattern)).toContain(message);
  });

  test('rejects non-strings', () => {
    expect(validateRegex(42)).toBe('pattern must be a string');
  });

  test('a 256-character pattern is still allowed', () => {
    expect(validateRegex('a'.repeat(256))).toBeNull();
  });
});

describe('compileSafeRegex', () => {
  test('returns null for rejected patterns', () => {
    expect(compileSafeRegex('(a+)+')).toBeNull();
  });

  // The automaton must give the same answer as JavaScript's RegExp for every pattern it accepts.
  const patterns = [
    'abc',
    '^abc$',
    'a|b|cd',
    '^(foo|bar)?baz$',
    'x{2,3}$',
    'x{2}',
    'x{2,}y',
    'colou?r',
    '^[^\\d\\s]+$',
    '[a-cx-z]+',
    '\\bcat\\b',
    '\\Bcat',
    '.*a.*a.*b',
    'a.c',
    '^\\w+@\\w+\\.(com|org)$',
    '^$',
    '^',
    '$',
    '\\d{3}-\\d{4}',
    '[.]',
    '\\.',
    '(?:ab)+',
    '(ab|a)c',
    'a+?b',
    '\\s',
    '[\\s\\S]',
    '\\u00e9',
    '\\x41',
    '[\\-+]',
    'é+',
    '😀',
    '^.$',
  ];
  const inputs = [
    '',
    'a',
    'abc',
    'xabcx',
    'baz',
    'foobaz',
    'barbaz',
    'xbaz',
    'xx',
    'xxx',
    'xxxx',
    'xxy',
    'color',
    'colour',
    'hello',
    'hello world',
    'a cat!',
    'concat',
    'bobcat',
    'aab',
    'ab',
    'a\nc',
    'axc',
    'me@site.com',
    'me@site.net',
    '555-1234',
    '.',
    'abab',
    'abc',
    'ac',
    'A',
    'é',
    'ééé',
    '😀',
    '+',
    '-',
    'tab\there',
    '\u00a0',
  ];
  test.each(patterns)('%s matches exactly like RegExp', (pattern) => {
    const ours = compileSafeRegex(pattern);
    expect(ours).not.toBeNull();
    const native = new RegExp(pattern);
    for (const input of inputs) expect([input, ours!(input)]).toEqual([input, native.test(input)]);
  });

  test('runs in linear time on inputs that make backtracking engines explode', () => {
    const matcher = compileSafeRegex('.*a.*a.*a.*b')!;
    const started = Date.now();
    expect(matcher('a'.repeat(50_000))).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
