/** What every benchmark returns; the runner writes it to bench/RESULTS.md. */
export interface BenchmarkResult {
  name: string;
  rows: Record<string, string | number>[];
  summary: string;
  /**
   * The benchmark's row in the current table at the top of RESULTS.md: its headline figure,
   * the target it is held to and the peer's figure from the same run ('—' when none).
   */
  current?: { figure: string; target: string; peer: string };
}
