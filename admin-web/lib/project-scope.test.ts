import { describe, expect, it } from '@jest/globals';
import {
  AREA_LABELS,
  areaOfPage,
  availableIn,
  DEFAULT_ONLY,
  type ProjectArea,
  projectToOpen,
} from './project-scope';

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

describe('the project the console opens in', () => {
  const list = (...keys: string[]) => keys.map((key) => ({ key }));
  it.each([
    ['default, readable', 'default', list('default', 'checkout'), 'default'],
    ['a remembered readable project', 'checkout', list('default', 'checkout'), 'checkout'],
    ['a project gone or no longer readable', 'gone', list('default', 'checkout'), 'default'],
    ['default, when only checkout is readable', 'default', list('checkout'), 'checkout'],
    ['default, when checkout and mobile are readable', 'default', list('checkout', 'mobile'), 'checkout'],
    ['anything while the list is unknown', 'mobile', undefined, 'mobile'],
    ['anything when nothing is readable', 'default', list(), 'default'],
  ] as const)('%s', (_case, chosen, readable, expected) => {
    expect(projectToOpen(chosen, readable)).toBe(expected);
  });
});
