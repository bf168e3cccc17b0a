import { describe, expect, it } from '@jest/globals';
import { neutraliseFormula, toCsv } from './export-file';

describe('CSV export', () => {
  it.each([
    ['=HYPERLINK("http://evil","x")', `'=HYPERLINK("http://evil","x")`],
    ['+1+cmd|calc', `'+1+cmd|calc`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\t=1', `'\t=1`],
    ['\r=1', `'\r=1`],
  ])('neutralises a formula: %j', (cell, expected) => {
    expect(neutraliseFormula(cell)).toBe(expected);
  });

  it('leaves ordinary cells alone', () => {
    for (const cell of ['new-checkout', 'a=b', '', '2026-12-04', 'Ünïcode'])
      expect(neutraliseFormula(cell)).toBe(cell);
  });

  it('quotes after neutralising (RFC 4180)', () => {
    expect(
      toCsv(
        ['name', 'note'],
        [
          ['=1+1', 'a,"b"'],
          ['\r=2', 'ok'],
        ],
      ),
    ).toBe(`name,note\n'=1+1,"a,""b"""\n"'\r=2",ok\n`);
  });
});
