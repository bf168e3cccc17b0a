// Reading and writing the regression fixture: one JSON line per (flag, context) answer, after a first line that
// says how the file was generated. Shared by the generator and the test so both agree on the format.

import { compileFlagSet } from '../../src/compile';
import type { EvaluationContext, EvaluationReason, FlagSet } from '../../src/model';

export interface Answer {
  flag: string;
  context: number;
  value: unknown;
  variation: string | null;
  reason: EvaluationReason;
}

/** Every flag of `flagSet` (archived ones included: they must keep answering FLAG_NOT_FOUND) for every context. */
export function answersOf(flagSet: FlagSet, contexts: readonly EvaluationContext[], now: number): Answer[] {
  const compiled = compileFlagSet(flagSet, { now: () => now });
  const answers: Answer[] = [];
  for (const flag of flagSet.flags) {
    contexts.forEach((context, index) => {
      const { value, variation, reason } = compiled.evaluate(flag.key, context);
      answers.push({ flag: flag.key, context: index, value, variation, reason });
    });
  }
  return answers;
}

export function formatAnswers(header: string, answers: readonly Answer[]): string {
  return `${JSON.stringify({ generated: header })}\n${answers.map((a) => JSON.stringify(a)).join('\n')}\n`;
}

export function parseAnswers(text: string): Answer[] {
  const lines = text.split('\n').filter((line) => line.length > 0);
  return lines.slice(1).map((line) => JSON.parse(line) as Answer);
}

/** The reason kinds that occur among `answers`, to show a fixture exercises each evaluation path. */
export function reasonKinds(answers: readonly Answer[]): Set<string> {
  return new Set(answers.map((a) => a.reason.kind));
}

/** The first `limit` answers that differ from the recorded ones, with both sides (empty when all agree). */
export function differences(actual: readonly Answer[], expected: readonly Answer[], limit = 5) {
  const found: { actual: Answer | undefined; expected: Answer | undefined }[] = [];
  for (let i = 0; i < Math.max(actual.length, expected.length) && found.length < limit; i++) {
    if (JSON.stringify(actual[i]) !== JSON.stringify(expected[i]))
      found.push({ actual: actual[i], expected: expected[i] });
  }
  return found;
}
