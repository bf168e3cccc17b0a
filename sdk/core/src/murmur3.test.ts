import { murmur3_32, murmur3_32Prefix, murmur3_32Resume, murmur3_32WithPrefix } from './murmur3';

// Published MurmurHash3 x86_32 vectors plus non-ASCII strings; every value was recomputed with an independent
// Python implementation over `str.encode('utf-8')` (the first rows also match the published reference values).
const VECTORS: [string, number, number][] = [
  ['', 0, 0x00000000],
  ['', 1, 0x514e28b7],
  ['', 0xffffffff, 0x81f16f39],
  ['test', 0, 0xba6bd213],
  ['Hello, world!', 0, 0xc0363e43],
  ['Hello, world!', 1234, 0xfaf6cdb3],
  ['The quick brown fox jumps over the lazy dog', 0, 0x2e4ff723],
  ['a', 0, 0x3c2569b2],
  ['ab', 0, 0x9bbfd75f],
  ['abc', 0, 0xb3dd93fa],
  ['abcd', 0, 0x43ed676a],
  ['abcde', 0, 0xe89b9af6],
  ['é', 0, 0x10110787],
  ['ñ', 0, 0x389b8196],
  ['€', 0, 0x5b43fca5],
  ['naïve café', 0, 0x6764ea36],
  ['日本語', 0, 0xa5a47297],
  ['Ünïcödé-ß', 42, 0x82fe7388],
  ['😀', 0, 0xbeb42efa],
  ['a😀b', 0, 0xba4460fc],
  ['𝄞 music', 0, 0x6c521bff],
  ['flag-key:user-123', 0, 0x88157c97],
];

describe('murmur3_32', () => {
  test.each(VECTORS)('%j with seed %d', (input, seed, expected) => {
    expect(murmur3_32(input, seed)).toBe(expected);
  });

  test('defaults to seed 0 and returns unsigned integers', () => {
    expect(murmur3_32('test')).toBe(0xba6bd213);
    expect(murmur3_32('test')).toBeGreaterThan(0x7fffffff);
  });

  test('encodes lone surrogates as U+FFFD, like TextEncoder', () => {
    expect(murmur3_32('a\ud800b')).toBe(murmur3_32('a\ufffdb'));
    expect(murmur3_32('\udc00')).toBe(murmur3_32('\ufffd'));
    expect(murmur3_32('x\ud83d')).toBe(murmur3_32('x\ufffd'));
  });

  test('resuming from a prefix equals hashing the whole string, at every split point', () => {
    const whole = 'salt-ü:user-😀-42-日本';
    for (let i = 0; i <= whole.length; i++) {
      const prefix = whole.slice(0, i);
      const suffix = whole.slice(i);
      // Splitting inside a surrogate pair changes the string's meaning; skip those positions.
      if (/[\ud800-\udbff]$/.test(prefix)) continue;
      expect(murmur3_32Resume(murmur3_32Prefix(prefix), suffix)).toBe(murmur3_32(whole));
      expect(murmur3_32WithPrefix(prefix)(suffix)).toBe(murmur3_32(whole));
    }
  });
});
