import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * bench/RESULTS.md opens with one current table (each benchmark's latest figure, its target and
 * the peer's figure from the same run) between two markers; the dated history follows, newest last.
 * Kept as plain Markdown so a reader needs no tool, and rewritten here so the table never goes stale.
 */
export const CURRENT_START = '<!-- current table: rewritten by `npm run bench -- NAME` -->';
export const CURRENT_END = '<!-- end of current table -->';
const HEADER = '| benchmark | latest figure | target | peer, same run | date |';

export interface CurrentRow {
  benchmark: string;
  figure: string;
  target: string;
  peer: string;
  date: string;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function parseCurrent(markdown: string): CurrentRow[] {
  const start = markdown.indexOf(CURRENT_START);
  const end = markdown.indexOf(CURRENT_END);
  if (start < 0 || end < start) return [];
  return markdown
    .slice(start + CURRENT_START.length, end)
    .split('\n')
    .filter((line) => line.startsWith('| ') && line !== HEADER && !line.startsWith('| ---'))
    .map((line) => {
      const cells = line
        .slice(2, -2)
        .split(/ (?<!\\)\| /)
        .map((c) => c.replace(/\\\|/g, '|'));
      return {
        benchmark: cells[0] ?? '',
        figure: cells[1] ?? '',
        target: cells[2] ?? '',
        peer: cells[3] ?? '',
        date: cells[4] ?? '',
      };
    });
}

export function renderCurrent(rows: CurrentRow[]): string {
  const sorted = [...rows].sort((a, b) => a.benchmark.localeCompare(b.benchmark));
  return [
    CURRENT_START,
    '',
    HEADER,
    '| --- | --- | --- | --- | --- |',
    ...sorted.map((r) => `| ${[r.benchmark, r.figure, r.target, r.peer, r.date].map(cell).join(' | ')} |`),
    '',
    CURRENT_END,
  ].join('\n');
}

/** Replaces (or adds) one benchmark's row in the current table and appends the dated section. */
export function recordResult(file: string, row: CurrentRow | undefined, section: string): void {
  let markdown = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  if (!markdown.includes(CURRENT_START)) {
    const firstLineEnd = markdown.indexOf('\n') + 1;
    markdown = `${markdown.slice(0, firstLineEnd)}\n${renderCurrent([])}\n${markdown.slice(firstLineEnd)}`;
  }
  if (row) {
    const rows = parseCurrent(markdown).filter((r) => r.benchmark !== row.benchmark);
    const start = markdown.indexOf(CURRENT_START);
    const end = markdown.indexOf(CURRENT_END) + CURRENT_END.length;
    markdown = markdown.slice(0, start) + renderCurrent([...rows, row]) + markdown.slice(end);
  }
  writeFileSync(file, `${markdown.replace(/\n*$/, '\n')}${section}`);
}
