// Writes demo-answers.generated.jsonl from the core as it is now. Run only when a demo answer is meant to change:
//   npm run demo-answers -w @switchyard/flags
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatAnswers } from '@switchyard/core/test-fixtures';
import { demoAnswers } from './demo-answers';

const answers = demoAnswers();
writeFileSync(
  join(__dirname, 'demo-answers.generated.jsonl'),
  formatAnswers(
    'by `npm run demo-answers -w @switchyard/flags` (tests/demo-answers/generate-demo-answers.ts) — do not edit',
    answers,
  ),
);
console.log(`wrote ${answers.length} answers`);
