import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CURRENT_END, CURRENT_START, parseCurrent, recordResult } from './results-file';

const row = (benchmark: string, figure: string) => ({
  benchmark,
  figure,
  target: '< 10 ms',
  peer: 'peer | 2 ms',
  date: '2026-12-04',
});

describe('RESULTS.md current table', () => {
  const file = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'results-')), 'RESULTS.md');

  it('adds a table after the title of an old file and keeps the history below it', () => {
    const f = file();
    writeFileSync(f, '# Benchmark results\n\n## evaluate — 2026-11-23\n\nold run\n');
    recordResult(f, row('evaluate', '4 ms'), '\n## evaluate — 2026-12-04\n\nnew run\n');
    const text = readFileSync(f, 'utf8');
    expect(text.indexOf(CURRENT_START)).toBeLessThan(text.indexOf('old run'));
    expect(text.indexOf('old run')).toBeLessThan(text.indexOf('new run'));
    expect(parseCurrent(text)).toEqual([row('evaluate', '4 ms')]);
  });

  it('replaces the row of the benchmark that ran and keeps the others, sorted by name', () => {
    const f = file();
    recordResult(f, row('startup', '3 s'), '\n## startup\n');
    recordResult(f, row('evaluate', '4 ms'), '\n## evaluate\n');
    recordResult(f, row('startup', '2 s'), '\n## startup again\n');
    const text = readFileSync(f, 'utf8');
    expect(parseCurrent(text)).toEqual([row('evaluate', '4 ms'), row('startup', '2 s')]);
    expect(text.split(CURRENT_END)).toHaveLength(2);
    expect(text.endsWith('## startup again\n')).toBe(true);
  });

  it('leaves the table alone for a benchmark without a headline', () => {
    const f = file();
    recordResult(f, row('evaluate', '4 ms'), '\n## evaluate\n');
    recordResult(f, undefined, '\n## scratch\n');
    expect(parseCurrent(readFileSync(f, 'utf8'))).toEqual([row('evaluate', '4 ms')]);
  });

  it('reads the checked-in file: one row per benchmark the runner knows', () => {
    const text = readFileSync(path.join(__dirname, '..', 'RESULTS.md'), 'utf8');
    const names = parseCurrent(text).map((r) => r.benchmark);
    expect(new Set(names).size).toBe(names.length);
    for (const name of ['assignment', 'evaluate', 'ingestion', 'local-evaluation', 'results', 'startup']) {
      expect(names).toContain(name);
    }
  });
});
