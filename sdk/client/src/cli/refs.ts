// `switchyard refs`: finds where a repository uses flag keys through the SDK, OpenFeature, the React bindings and
// generated constants, and uploads file, line and a few lines of context with the commit, so the console can
// show where each flag is used and which ones no code references any more.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { GraphRequest } from './graph-client';

export interface CodeReference {
  flagKey: string;
  /** Relative to the repository root, with forward slashes. */
  path: string;
  /** 1-based. */
  line: number;
  /** The line and up to CONTEXT_LINES lines either side. */
  context: string;
}

const CONTEXT_LINES = 2;
const SOURCE = /\.(?:[cm]?[jt]sx?)$/;
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'dist', 'build', '.next', 'coverage']);
/** Files larger than this are generated bundles, not code a person removes a flag from. */
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Calls that take a flag key first: the Switchyard SDK and its React hooks, and OpenFeature's evaluation
 * API (client methods and the React SDK's hooks). Matched on any receiver, so an aliased client counts.
 */
const KEY_METHODS = [
  'getVariation',
  'variation',
  'isEnabled',
  'getValue',
  'getDetails',
  'getBooleanValue',
  'getStringValue',
  'getNumberValue',
  'getObjectValue',
  'getBooleanDetails',
  'getStringDetails',
  'getNumberDetails',
  'getObjectDetails',
  'useFlag',
  'useVariation',
  'useBooleanFlagValue',
  'useStringFlagValue',
  'useNumberFlagValue',
  'useObjectFlagValue',
  'useFlagValue',
];

const STRING_LITERAL = /(['"`])((?:\\.|(?!\1)[^\\\n])*)\1/g;

/** Every file the scan reads: tracked files when the root is a Git work tree, else a directory walk. */
export function sourceFiles(root: string): string[] {
  let listed: string[] | null = null;
  try {
    // Tracked and new files, not ignored ones.
    listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .split('\0')
      .filter(Boolean);
  } catch {
    listed = null;
  }
  const files = listed ?? walk(root, '');
  return files
    .filter((f) => SOURCE.test(f) && !f.split('/').some((part) => SKIPPED_DIRECTORIES.has(part)))
    .sort();
}

function walk(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    if (SKIPPED_DIRECTORIES.has(entry.name)) continue;
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(root, rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

/**
 * The references to `flagKeys` in the repository at `root`: a key as the first argument of a flag call
 * (also through a destructured, renamed method), and constants whose value is a key (as generated code
 * declares them) wherever they are used. One reference per flag and line.
 */
export function scanRepository(root: string, flagKeys: readonly string[]): CodeReference[] {
  const keys = new Set(flagKeys);
  const files = sourceFiles(root)
    .filter((f) => statSync(path.join(root, f)).size <= MAX_FILE_BYTES)
    .map((f) => ({ path: f, lines: readFileSync(path.join(root, f), 'utf8').split(/\r?\n/) }));

  // Constants naming a key anywhere (`NEW_CHECKOUT: 'new-checkout'`, `const NEW_CHECKOUT = "new-checkout"`), as
  // generated code declares them: upper-case names only, so `{ flagKey: 'x' }` does not make every `flagKey` a use.
  const constants = new Map<string, string>();
  const definition = /\b([A-Z][A-Z0-9_]*)\s*[:=]\s*(['"`])([^'"`\n]+)\2/g;
  for (const file of files) {
    for (const line of file.lines) {
      for (const m of line.matchAll(definition)) {
        if (keys.has(m[3]!) && !KEY_METHODS.includes(m[1]!)) constants.set(m[1]!, m[3]!);
      }
    }
  }

  const found = new Map<string, CodeReference>();
  const add = (file: { path: string; lines: string[] }, index: number, flagKey: string) => {
    const id = `${flagKey}\0${file.path}\0${index}`;
    if (found.has(id)) return;
    const from = Math.max(0, index - CONTEXT_LINES);
    const context = file.lines.slice(from, index + CONTEXT_LINES + 1).join('\n');
    found.set(id, { flagKey, path: file.path, line: index + 1, context });
  };

  for (const file of files) {
    const source = file.lines.join('\n');
    // Methods renamed by destructuring (`const { getVariation: flag } = client`) are flag calls too.
    const methods = new Set(KEY_METHODS);
    for (const m of source.matchAll(/\b([A-Za-z_$][\w$]*)\s*:\s*([A-Za-z_$][\w$]*)/g)) {
      if (KEY_METHODS.includes(m[1]!)) methods.add(m[2]!);
    }
    const call = new RegExp(`(?:^|[^\\w$])(${[...methods].join('|')})\\s*(?:<[^>()]*>)?\\s*\\(\\s*$`);
    file.lines.forEach((line, index) => {
      for (const m of line.matchAll(STRING_LITERAL)) {
        const flagKey = m[2]!;
        if (!keys.has(flagKey)) continue;
        // A call broken over lines (`getStringDetails(\n  'key',`) has its name on the line before.
        const before = line.slice(0, m.index);
        const prefix =
          before.trim() === '' && index > 0 ? `${file.lines[index - 1]!.trimEnd()}${before}` : before;
        if (call.test(prefix)) add(file, index, flagKey);
      }
      for (const [name, flagKey] of constants) {
        if (new RegExp(`(?:^|[^\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(line))
          add(file, index, flagKey);
      }
    });
  }
  return [...found.values()].sort(
    (a, b) => a.flagKey.localeCompare(b.flagKey) || a.path.localeCompare(b.path) || a.line - b.line,
  );
}

/** The commit the scan describes (HEAD of the work tree), or `unknown` outside Git. */
export function headCommit(root: string): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

const UPLOAD = `mutation SwitchyardRefs($project: String, $repository: String!, $commit: String!, $references: [CodeReferenceInput!]!) {
  uploadCodeReferences(project: $project, repository: $repository, commit: $commit, references: $references) { repository commit count }
}`;

/** Replaces what the graph knows of `repository`'s references to `project`'s flags (default: `default`) with these. */
export async function uploadReferences(
  request: GraphRequest,
  repository: string,
  commit: string,
  references: CodeReference[],
  project: string | null = null,
): Promise<{ repository: string; commit: string; count: number }> {
  const data = await request<{ uploadCodeReferences: { repository: string; commit: string; count: number } }>(
    'uploading code references',
    UPLOAD,
    { project, repository, commit, references },
  );
  return data.uploadCodeReferences;
}
