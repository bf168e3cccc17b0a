// The demo flags must keep serving what they served when demo-answers.generated.jsonl was recorded, in every
// environment, for every demo context.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { differences, parseAnswers, reasonKinds } from '@switchyard/core/test-fixtures';
import { demoAnswers } from './demo-answers';

const fixture = readFileSync(join(__dirname, 'demo-answers.generated.jsonl'), 'utf8');

describe('demo flags against their recorded answers', () => {
  it('says on its first line that it is generated and how', () => {
    expect(fixture.split('\n')[0]).toContain('npm run demo-answers -w @switchyard/flags');
  });

  it('answers as recorded for every flag, context and environment', () => {
    const expected = parseAnswers(fixture);
    const actual = demoAnswers();
    expect(actual.length).toBe(expected.length);
    expect([...reasonKinds(expected)].sort()).toEqual([
      'FALLTHROUGH',
      'OFF',
      'PREREQUISITE_FAILED',
      'RULE_MATCH',
      'SCHEDULED_OFF',
      'TARGET_MATCH',
    ]);
    expect(differences(actual, expected)).toEqual([]);
  });
});
