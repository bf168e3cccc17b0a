import { inputPath } from './targeting-validation';

describe('inputPath', () => {
  it.each([
    [
      'rules[2].conditions[0].values',
      { prefix: 'input', ruleOffset: 0 },
      'input.rules[2].conditions[0].values',
    ],
    ['rules[3].serve.variation', { prefix: 'input', ruleOffset: 1 }, 'input.rules[2].serve.variation'],
    ['rules[0].serve', { prefix: 'input', ruleOffset: 1 }, 'input.existingRules[0].serve'],
    [
      'fallthrough.rollout.variations',
      { prefix: 'input', ruleOffset: 2 },
      'input.fallthrough.rollout.variations',
    ],
    ['startsAt', { prefix: '', ruleOffset: 0 }, 'startsAt'],
  ])('maps %s with %j to %s', (path, mapping, expected) => {
    expect(inputPath(path, mapping)).toBe(expected);
  });
});
