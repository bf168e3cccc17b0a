import { DEFAULT_PROJECT, projectScopedKey, splitProjectScopedKey } from './projects';

describe('project-scoped keys', () => {
  it.each([
    [DEFAULT_PROJECT, 'checkout-redesign', 'checkout-redesign'],
    [null, 'checkout-redesign', 'checkout-redesign'],
    [undefined, 'production', 'production'],
    ['mobile', 'checkout-redesign', 'mobile/checkout-redesign'],
  ])('names %s / %s as %s, and splits it back', (project, key, scoped) => {
    expect(projectScopedKey(project, key)).toBe(scoped);
    expect(splitProjectScopedKey(scoped)).toEqual({ project: project ?? DEFAULT_PROJECT, key });
  });

  it('keeps a series suffix with the key: only the first slash separates the project', () => {
    expect(splitProjectScopedKey('mobile/purchase/denominator')).toEqual({
      project: 'mobile',
      key: 'purchase/denominator',
    });
  });
});
