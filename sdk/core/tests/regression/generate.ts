// Writes answers.generated.jsonl from the core as it is now. Run only when an answer is meant to change:
//   npm run regression:fixture -w @switchyard/core
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { answersOf, formatAnswers } from './answers';
import { REGRESSION_NOW, regressionContexts, regressionFlagSet } from './regression-cases';

export const FIXTURE_HEADER =
  'by `npm run regression:fixture -w @switchyard/core` (sdk/core/tests/regression/generate.ts) — do not edit';

const answers = answersOf(regressionFlagSet(), regressionContexts(), REGRESSION_NOW);
writeFileSync(join(__dirname, 'answers.generated.jsonl'), formatAnswers(FIXTURE_HEADER, answers));
console.log(`wrote ${answers.length} answers`);
