// Type-checks a README's quick start as an application would compile it: the first code block under
// "## Quick start", importing the packages by name (resolved through the workspace's node_modules with the
// `development` condition), with the app's own names (`user`, `App`, ...) declared.

import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';

const repoRoot = path.join(__dirname, '..', '..', '..');

/** What the quick starts take from the application around them. */
const APP_NAMES = `
declare const user: { id: string; country: string };
declare const clientKey: string;
declare const serverKey: string;
declare function showNewCheckout(): void;
declare function App(): JSX.Element;
declare function NewCheckout(): JSX.Element;
declare function OldCheckout(): JSX.Element;
`;

export function quickStart(readme: string): string {
  const text = readFileSync(readme, 'utf8');
  const section = text.slice(text.indexOf('## Quick start'));
  const match = section.match(/```(?:ts|tsx)\n([\s\S]*?)```/);
  if (!match) throw new Error(`${readme} has no code block under "## Quick start"`);
  return match[1]!;
}

/** The code lines of a quick start (blank lines and comments aside). */
export function codeLines(snippet: string): string[] {
  return snippet.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('//'));
}

/** The compiler's complaints about `snippet`, compiled as an application module. */
export function typeErrors(snippet: string): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'switchyard-quick-start-'));
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const file = path.join(dir, 'app.tsx');
  writeFileSync(file, `import type { JSX } from 'react';\n${APP_NAMES}\n${snippet}\nexport {};\n`);
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    customConditions: ['development'],
    jsx: ts.JsxEmit.ReactJSX,
    types: ['node'],
    typeRoots: [path.join(repoRoot, 'node_modules', '@types')],
  });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === file)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}
