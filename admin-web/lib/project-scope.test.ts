import { describe, expect, it } from '@jest/globals';
import { areaOfPage, availableIn, DEFAULT_ONLY } from './project-scope';

describe('what the console shows per project', () => {
  it('shows every area in the default project, and default-only areas nowhere else', () => {
    for (const area of DEFAULT_ONLY) {
      expect(availableIn(area, 'default')).toBe(true);
      expect(availableIn(area, 'mobile')).toBe(false);
    }
  });

  it.each([
    ['/experiments', 'experiments'],
    ['/experiments/checkout-test', 'experiments'],
    ['/metrics', 'metrics'],
    ['/changes', 'change-requests'],
    ['/schedule', 'scheduled-changes'],
    ['/flags', null],
    ['/flags/experiments', null],
    ['/changes-log', null],
  ])('page %s is area %s', (path, area) => {
    expect(areaOfPage(path)).toBe(area);
  });
});
