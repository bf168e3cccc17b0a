import os from 'node:os';
import path from 'node:path';
import { run as assignment } from './benchmarks/assignment';
import { run as edgeRelay } from './benchmarks/edge-relay';
import { run as evaluate } from './benchmarks/evaluate';
import { run as federatedQuery } from './benchmarks/federated-query';
import { run as flagSet } from './benchmarks/flag-set';
import { run as flagSetBurst } from './benchmarks/flag-set-burst';
import { run as impactPreview } from './benchmarks/impact-preview';
import { run as ingestion } from './benchmarks/ingestion';
import { run as lcp } from './benchmarks/lcp';
import { run as localEvaluation } from './benchmarks/local-evaluation';
import { run as propagation } from './benchmarks/propagation';
import { run as releaseGuard } from './benchmarks/release-guard';
import { run as replicas } from './benchmarks/replicas';
import { run as sdkBundleSize } from './benchmarks/sdk-bundle-size';
import { run as results } from './benchmarks/results';
import { run as resultsMethods } from './benchmarks/results-methods';
import { run as startup } from './benchmarks/startup';
import { run as startupProduction } from './benchmarks/startup-production';
import { run as worstCaseEvaluation } from './benchmarks/worst-case-evaluation';
import type { BenchmarkResult } from './result';
import { recordResult } from './results-file';

/**
 * `npm run bench -- NAME`: runs one benchmark, updates its row in the current table at the top of
 * bench/RESULTS.md and appends the dated result below.
 */
const benchmarks: Record<string, () => Promise<BenchmarkResult>> = {
  assignment: () => assignment(),
  'federated-query': () => federatedQuery(),
  'edge-relay': () => edgeRelay(),
  evaluate: () => evaluate(),
  'flag-set': () => flagSet(),
  'flag-set-burst': () => flagSetBurst(),
  'impact-preview': () => impactPreview(),
  ingestion: () => ingestion(),
  lcp: () => lcp(),
  'local-evaluation': () => localEvaluation(),
  propagation: () => propagation(),
  'release-guard': () => releaseGuard(),
  replicas: () => replicas(),
  'sdk-bundle-size': () => sdkBundleSize(),
  results: () => results(),
  'results-methods': () => resultsMethods(),
  startup: () => startup(),
  'startup-production': () => startupProduction(),
  'worst-case-evaluation': () => worstCaseEvaluation(),
};

const resultsFile = path.join(__dirname, '..', 'RESULTS.md');

function machine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

function table(rows: Record<string, string | number>[]): string {
  if (rows.length === 0) return '';
  const columns = Object.keys(rows[0]!);
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [
    line(columns),
    line(columns.map(() => '---')),
    ...rows.map((r) => line(columns.map((c) => r[c] ?? ''))),
  ].join('\n');
}

async function main() {
  const name = process.argv[2];
  const bench = name ? benchmarks[name] : undefined;
  if (!bench) {
    console.error(`usage: npm run bench -- NAME   (one of: ${Object.keys(benchmarks).join(', ')})`);
    process.exit(2);
  }
  console.log(`running ${name} on ${machine()}`);
  const result = await bench();
  const date = new Date().toISOString().slice(0, 10);
  const row = result.current && { benchmark: result.name, ...result.current, date };
  recordResult(
    resultsFile,
    row,
    `\n## ${result.name} — ${date}\n\nMachine: ${machine()}\n\n${table(result.rows)}\n\n${result.summary}\n`,
  );
  console.log(result.summary);
  console.log(`recorded in ${resultsFile}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
