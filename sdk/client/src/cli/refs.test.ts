import path from 'node:path';
import { scanRepository } from './refs';

// The scanner over a fixture repository written in every calling style it supports: the SDK (also through
// an aliased client and a renamed, destructured method), OpenFeature's client and React hooks (also a call
// broken over lines), the Switchyard React hook, and generated constants; plain strings are not references.
const FIXTURE = path.join(__dirname, '../../tests/fixtures/refs-repo');
const KEYS = ['new-checkout', 'dark-mode', 'banner-text', 'pricing-v2', 'not-in-code'];

describe('switchyard refs: scanning a repository for flag keys', () => {
  const refs = scanRepository(FIXTURE, KEYS);
  const where = (key: string) => refs.filter((r) => r.flagKey === key).map((r) => `${r.path}:${r.line}`);

  it('finds every supported calling style, one reference per flag and line', () => {
    expect(where('new-checkout')).toEqual([
      'generated/flags.ts:3',
      'src/checkout.ts:4',
      'src/constants.ts:4',
      'src/openfeature.ts:6',
    ]);
    expect(where('dark-mode')).toEqual(['src/checkout.ts:5', 'src/react.tsx:5']);
    expect(where('banner-text')).toEqual(['src/openfeature.ts:8', 'src/react.tsx:6']);
    expect(where('pricing-v2')).toEqual(['generated/flags.ts:4', 'src/aliases.ts:7']);
  });

  it('leaves out plain strings, options objects and comments, and flags no code uses', () => {
    expect(refs.some((r) => r.path === 'src/not-calls.ts')).toBe(false);
    expect(where('not-in-code')).toEqual([]);
  });

  it('keeps a few lines of context around each reference', () => {
    const ref = refs.find((r) => r.path === 'src/checkout.ts' && r.line === 4)!;
    expect(ref.context.split('\n')).toEqual([
      '',
      'export async function checkout(user: { key: string }) {',
      "  const variant = client.getVariation('new-checkout', user, 'off');",
      '  if (await client.isEnabled("dark-mode", user)) return \'dark\';',
      '  return variant;',
    ]);
  });
});
