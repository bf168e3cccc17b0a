import { bucketOf, chooseVariation, type Serve } from '@switchyard/core';
import { stageServe } from './release-rollout';

const SALT = 'checkout';
const users = Array.from({ length: 20_000 }, (_, i) => `user-${i}`);

function served(serve: Serve, user: string): string | null {
  if (serve.variation !== undefined) return serve.variation;
  return chooseVariation(serve.rollout.variations, bucketOf(serve.rollout.salt ?? SALT, user));
}

describe('stageServe', () => {
  it.each<[string, Serve]>([
    ['a single variation', { variation: 'off' }],
    [
      'a split of two others',
      {
        rollout: {
          variations: [
            { variation: 'a', weight: 30 },
            { variation: 'b', weight: 70 },
          ],
        },
      },
    ],
  ])('grows the released share from %s, keeping every user who got it', (_what, base) => {
    let had = new Set<string>();
    for (const percent of [1, 5, 25, 100]) {
      const serve = stageServe(base, 'on', percent);
      const now = new Set(users.filter((u) => served(serve, u) === 'on'));
      expect(Math.abs(now.size / users.length - percent / 100)).toBeLessThan(0.01);
      for (const u of had) expect(now.has(u)).toBe(true);
      had = now;
    }
  });

  it('keeps the proportions of the other variations and covers every bucket', () => {
    const serve = stageServe(
      {
        rollout: {
          variations: [
            { variation: 'a', weight: 30 },
            { variation: 'b', weight: 70 },
          ],
          salt: 's',
        },
      },
      'on',
      10,
    );
    expect(serve).toEqual({
      rollout: {
        variations: [
          { variation: 'on', weight: 10 },
          { variation: 'a', weight: 27 },
          { variation: 'b', weight: 63 },
        ],
        salt: 's',
      },
    });
  });

  it('serves the variation alone at 100 %', () => {
    expect(stageServe({ variation: 'off' }, 'on', 100)).toEqual({ variation: 'on' });
  });
});
