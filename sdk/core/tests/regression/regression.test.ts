// Every answer the core gave when the fixture was generated must stay the same: new operators and forms may add
// behaviour, never change what existing flags serve.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPERATORS } from '../../src/operators';
import { answersOf, differences, parseAnswers, reasonKinds } from './answers';
import {
  BASELINE_OPERATORS,
  REGRESSION_NOW,
  regressionContexts,
  regressionFlagSet,
} from './regression-cases';

const fixture = readFileSync(join(__dirname, 'answers.generated.jsonl'), 'utf8');

describe('regression against the recorded answers', () => {
  const flagSet = regressionFlagSet();
  const expected = parseAnswers(fixture);

  it('says on its first line that it is generated and how', () => {
    expect(fixture.split('\n')[0]).toContain('npm run regression:fixture -w @switchyard/core');
  });

  it('covers every baseline operator, negation, prerequisites, targets, splits and experiments', () => {
    const conditions = flagSet.flags.flatMap((f) => f.environment.rules.flatMap((r) => r.conditions));
    for (const operator of BASELINE_OPERATORS) {
      expect(OPERATORS).toContain(operator);
      expect(conditions.filter((c) => c.operator === operator).length).toBeGreaterThan(5);
    }
    expect(conditions.some((c) => c.negate)).toBe(true);
    expect([...reasonKinds(expected)].sort()).toEqual([
      'ERROR',
      'FALLTHROUGH',
      'OFF',
      'PREREQUISITE_FAILED',
      'RULE_MATCH',
      'SCHEDULED_OFF',
      'TARGET_MATCH',
    ]);
    expect(expected.some((a) => a.reason.inExperiment === true || a.reason.experimentKey)).toBe(true);
  });

  it('gives the recorded value, variation and reason for each of the generated cases', () => {
    const actual = answersOf(flagSet, regressionContexts(), REGRESSION_NOW);
    expect(actual.length).toBe(expected.length);
    expect(actual.length).toBeGreaterThanOrEqual(5000);
    expect(differences(actual, expected)).toEqual([]);
  });
});
