// Bounds that keep one evaluation cheap and total: patterns whose automaton would be large are refused at
// validation, contexts have a maximum size, long value lists are refused and still evaluate, and nothing a
// context does (a throwing getter, an inherited name) makes evaluation throw or match by accident.
import { assignVariant } from './bucketing';
import { compileFlagSet } from './compile';
import {
  contextProblem,
  contextSizeProblem,
  MAX_CONTEXT_SIZE,
  MAX_CONTEXT_STRING_LENGTH,
} from './context-limits';
import type { Condition, EvaluationContext } from './model';
import { validateRegex } from './safe-regex';
import { booleanFlag, experimentFlag, flagSet } from './test-fixtures';
import { MAX_CONDITION_VALUES, validateFlagConfig } from './validate';

const ruleOn = (conditions: Condition[]) =>
  booleanFlag('f', {
    fallthrough: { variation: 'off' },
    rules: [{ id: 'r', conditions, serve: { variation: 'on' } }],
  });

describe('counted repetition is bounded at validation', () => {
  test.each([['.{0,999}'.repeat(5)], ['a{1000}b'], ['.{0,999}'], ['(abcdefghij){60}']])(
    'refuses %s, naming the field and why',
    (pattern) => {
      const problems = validateFlagConfig(
        ruleOn([{ attribute: 'email', operator: 'matches', values: [pattern] }]),
        null,
      );
      expect(problems).toEqual([
        {
          path: 'environment.rules[0].conditions[0].values[0]',
          message: expect.stringContaining('too complex: it needs more than 500 automaton states'),
        },
      ]);
    },
  );

  test.each([
    ['^[a-z0-9._%+-]+@example\\.com$'],
    ['^\\d{3}-\\d{4}$'],
    ['x{100}'],
    ['^v[0-9]{1,3}\\.[0-9]{1,3}$'],
  ])('still accepts %s', (pattern) => expect(validateRegex(pattern)).toBeNull());
});

describe('contextProblem', () => {
  test('accepts an ordinary context', () => {
    expect(contextProblem({ key: 'u1', email: 'a@b.c', plan: { tier: 'gold' }, tags: ['x'] })).toBeNull();
  });

  test.each<[unknown, string, string]>([
    [null, 'context', 'must be a JSON object'],
    [[], 'context', 'must be a JSON object'],
    [{ key: '' }, 'context.key', 'non-empty string'],
    [{ key: 'u', bio: 'x'.repeat(MAX_CONTEXT_STRING_LENGTH + 1) }, 'context.bio', 'the limit is 1024'],
    [{ key: 'u', user: { about: 'x'.repeat(5000) } }, 'context.user.about', 'the limit is 1024'],
    [
      { key: 'u', ...Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`a${i}`, 'x'.repeat(1000)])) },
      'context.a32',
      `larger than ${MAX_CONTEXT_SIZE} characters`,
    ],
    [{ key: 'u', deep: [[[[[[[[['x']]]]]]]]] }, 'context.deep[0][0][0][0][0][0][0]', 'deeper than 8'],
  ])('refuses case %#', (context, path, message) => {
    expect(contextProblem(context)).toEqual({ path, message: expect.stringContaining(message) });
  });

  test('reports a throwing getter instead of throwing', () => {
    const context = {
      get key(): string {
        throw new Error('boom');
      },
    };
    expect(contextProblem(context)).toEqual({ path: 'context', message: 'cannot be read: boom' });
  });
});

describe('contextSizeProblem (the bounds the SDK checks before sending a context)', () => {
  test('has no opinion on the key', () => {
    expect(contextSizeProblem({ plan: 'gold' })).toBeNull();
  });

  test('refuses what contextProblem refuses for size, with the same path and message', () => {
    const context = { key: 'u', bio: 'x'.repeat(MAX_CONTEXT_STRING_LENGTH + 1) };
    expect(contextSizeProblem(context)).toEqual(contextProblem(context));
    expect(contextSizeProblem(context)?.path).toBe('context.bio');
  });
});

describe('evaluation never throws', () => {
  test('a context whose key getter throws is an ERROR result with the default', () => {
    const set = compileFlagSet(flagSet(1, [booleanFlag('f')]));
    const context = {
      get key(): string {
        throw new Error('getter failed');
      },
    } as unknown as EvaluationContext;
    const result = set.evaluate('f', context, false);
    expect(result).toMatchObject({ value: false, variation: null, reason: { kind: 'ERROR' } });
    expect(() => set.evaluateAll(context)).not.toThrow();
  });

  test('a gt condition with 150,000 values evaluates (no stack overflow) though validation refuses it', () => {
    const values = Array.from({ length: 150_000 }, (_, i) => i + 10);
    const flag = ruleOn([{ attribute: 'age', operator: 'gt', values }]);
    const set = compileFlagSet(flagSet(1, [flag]));
    expect(set.evaluate('f', { key: 'u', age: 11 }).reason).toEqual({
      kind: 'RULE_MATCH',
      ruleId: 'r',
      ruleIndex: 0,
    });
    expect(set.evaluate('f', { key: 'u', age: 10 }).reason).toEqual({ kind: 'FALLTHROUGH' });
    const after = ruleOn([{ attribute: 'at', operator: 'after', values: values.map((v) => v * 1000) }]);
    expect(compileFlagSet(flagSet(1, [after])).evaluate('f', { key: 'u', at: 20_000 }).variation).toBe('on');
    expect(validateFlagConfig(flag, null)).toEqual([
      {
        path: 'environment.rules[0].conditions[0].values',
        message: `has 150000 values; the limit is ${MAX_CONDITION_VALUES} (use a segment for long lists)`,
      },
    ]);
  });
});

describe('attributes are own properties only', () => {
  test.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'user.__proto__'])(
    'exists on %s does not match a context without it',
    (attribute) => {
      const set = compileFlagSet(flagSet(1, [ruleOn([{ attribute, operator: 'exists', values: [] }])]));
      expect(set.evaluate('f', { key: 'u', user: { id: 1 } }).variation).toBe('off');
    },
  );

  test('an own attribute named like an inherited one still counts', () => {
    const context = JSON.parse('{"key":"u","__proto__":"set","constructor":"c"}') as EvaluationContext;
    for (const attribute of ['__proto__', 'constructor']) {
      const set = compileFlagSet(flagSet(1, [ruleOn([{ attribute, operator: 'exists', values: [] }])]));
      expect(set.evaluate('f', context).variation).toBe('on');
    }
  });
});

describe('an empty key enrols nowhere', () => {
  test('the flag path and assignVariant agree', () => {
    const set = compileFlagSet(flagSet(1, [experimentFlag('checkout', 'exp')]));
    const onFlag = set.evaluate('checkout', { key: '' });
    expect(onFlag.reason).toMatchObject({ bucketingAttributeMissing: true });
    const assigned = assignVariant({
      salt: 'checkout',
      bucketingValue: '',
      variations: [
        { variation: 'control', weight: 50 },
        { variation: 'treatment', weight: 50 },
      ],
    });
    expect(assigned).toMatchObject({ variation: null, inTraffic: false });
    // Any non-empty key is enrolled on both paths.
    expect(
      assignVariant({ salt: 'checkout', bucketingValue: 'u1', variations: [{ variation: 'a', weight: 100 }] })
        .variation,
    ).toBe('a');
  });
});
