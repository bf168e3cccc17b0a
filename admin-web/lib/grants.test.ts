import { describe, expect, it } from '@jest/globals';
import { allows, writesAnywhere } from './grants';

describe('allows, as the graph decides', () => {
  const editor = ['flags:read', 'flags:write'];
  it.each<[string[], string, boolean]>([
    [editor, 'staging', true],
    [editor, 'production', false],
    [[...editor, 'production'], 'production', true],
    [['flags:read', 'flags:write@default/staging'], 'staging', true],
    [['flags:read', 'flags:write@default/staging'], 'development', false],
    [['flags:write@default/production'], 'production', true],
    [['flags:write@*/*'], 'production', false],
    [['flags:write@*/*', 'production@default/*'], 'production', true],
    [['flags:write@checkout/*', 'production@checkout/*'], 'production', false],
    [['flags:read'], 'staging', false],
  ])('%j writing flags in %s: %s', (entries, environment, expected) => {
    expect(allows(entries, 'flags:write', environment)).toBe(expected);
  });

  it('tells a reader from a writer', () => {
    expect(writesAnywhere(['flags:read', 'audit:read'])).toBe(false);
    expect(writesAnywhere(['flags:read', 'flags:write@default/staging'])).toBe(true);
    expect(writesAnywhere(['segments:write'])).toBe(true);
  });
});
