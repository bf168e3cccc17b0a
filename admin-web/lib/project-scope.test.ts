import { describe, expect, it } from '@jest/globals';
import { AREA_LABELS, areaOfPage, availableIn, DEFAULT_ONLY, type ProjectArea } from './project-scope';

describe('what the console shows per project', () => {
  it("shows every area in every project: nothing is the default project's only any more", () => {
    expect([...DEFAULT_ONLY]).toEqual([]);
    for (const area of Object.keys(AREA_LABELS) as ProjectArea[]) {
      expect(availableIn(area, 'default')).toBe(true);
      expect(availableIn(area, 'mobile')).toBe(true);
    }
  });

  it.each([
    ['/experiments', null],
    ['/experiments/checkout-test', null],
    ['/metrics', null],
    ['/changes', 'change-requests'],
    ['/schedule', 'scheduled-changes'],
    ['/flags', null],
    ['/flags/experiments', null],
    ['/changes-log', null],
  ])('page %s is area %s', (path, area) => {
    expect(areaOfPage(path)).toBe(area);
  });
});
