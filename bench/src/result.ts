/** What every benchmark returns; the runner writes it to bench/RESULTS.md. */
export interface BenchmarkResult {
  name: string;
  rows: Record<string, string | number>[];
  summary: string;
}
