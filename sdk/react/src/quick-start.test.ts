import path from 'node:path';
import { codeLines, quickStart, typeErrors } from '../../client/src/test-quick-start';

// The README's quick start is what users paste first: at most five lines of code, and it compiles as it stands.
test('the README quick start is five lines that compile against the package', () => {
  const snippet = quickStart(path.join(__dirname, '..', 'README.md'));
  expect(codeLines(snippet).length).toBeLessThanOrEqual(5);
  expect(typeErrors(snippet)).toEqual([]);
}, 60_000);
