import os from 'node:os';
import { startTestStack } from '@switchyard/testkit';
import type { BenchmarkResult } from '../result';
import { cpuPerRequest, serviceCpu } from '../workloads/service-cpu';

const CONTEXTS = 100_000;
const PREVIEW = `query($targeting: TargetingInput!) {
  previewTargeting(flagKey: "bench-flag", environment: "production", targeting: $targeting) { contextsConsidered changed transitions { from to count } }
}`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/**
 * `previewTargeting` over 100,000 recent contexts (issue 19: under 300 ms): a flag with a rule on an
 * attribute, a proposed change of its rules, asked one at a time as a person editing would. The
 * contexts are written straight into flags.recent_contexts (the sampler's path is tested, not timed
 * here); an environment's first call ever loads them, later ones read them from memory (refreshed in
 * the background). Reports the first call apart, p50/p95/p99 of the others with CPU ms per call, and
 * one call after a pause longer than the refresh age.
 */
export async function run(opts: { calls?: number } = {}): Promise<BenchmarkResult> {
  const calls = opts.calls ?? 40;
  const stack = await startTestStack({ subgraphs: ['flags'], env: { RATE_LIMIT_BURST: '100000' } });
  try {
    await stack.gqlOk(
      `mutation { createFlag(input: { key: "bench-flag", name: "Bench", variations: [{ key: "off", value: false }, { key: "on", value: true }] }) { key } }`,
    );
    await stack.gqlOk(
      `mutation { updateTargeting(key: "bench-flag", environment: "production", expectedVersion: 1, input: { enabled: true,
        rules: [{ conditions: [{ attribute: "country", operator: "in", values: ["DE", "AT"] }], serve: { variation: "on" } }],
        fallthrough: { variation: "off" } }) { version } }`,
    );
    await stack.db.query(
      `INSERT INTO flags.recent_contexts (environment, context_key, attributes)
       SELECT 'production', 'user-' || i,
              jsonb_build_object('country', (ARRAY['DE','US','FR','AT','GB'])[1 + i % 5], 'plan', CASE WHEN i % 7 = 0 THEN 'pro' ELSE 'free' END)
         FROM generate_series(1, $1) AS i`,
      [CONTEXTS],
    );
    const targeting = (i: number) => ({
      rules: [
        {
          conditions: [
            { attribute: 'country', operator: 'in', values: i % 2 ? ['DE'] : ['DE', 'FR'] },
            { attribute: 'plan', operator: 'in', values: ['pro', 'free'] },
          ],
          serve: { variation: 'on' },
        },
      ],
      fallthrough: { variation: 'off' },
    });
    const started = Date.now();
    const first = (await stack.gqlOk<{ previewTargeting: { contextsConsidered: number } }>(PREVIEW, {
      targeting: targeting(0),
    })) as { previewTargeting: { contextsConsidered: number } };
    const firstMs = Date.now() - started;
    if (first.previewTargeting.contextsConsidered !== CONTEXTS)
      throw new Error(
        `preview considered ${first.previewTargeting.contextsConsidered} contexts, not ${CONTEXTS}`,
      );
    const cpuBefore = serviceCpu(stack);
    const times: number[] = [];
    for (let i = 1; i <= calls; i++) {
      const t = performance.now();
      await stack.gqlOk(PREVIEW, { targeting: targeting(i) });
      times.push(performance.now() - t);
    }
    const cpu = cpuPerRequest(cpuBefore, serviceCpu(stack), calls, 1);
    // After a pause longer than the snapshot's 10 s the last load still answers while it refreshes.
    await new Promise((r) => setTimeout(r, 11_000));
    const idle = performance.now();
    await stack.gqlOk(PREVIEW, { targeting: targeting(1) });
    const afterPauseMs = Math.round(performance.now() - idle);
    times.sort((a, b) => a - b);
    const [p50, p95, p99] = [50, 95, 99].map((p) => percentile(times, p).toFixed(0));
    const load = os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
    return {
      name: 'impact-preview',
      rows: [
        {
          contexts: CONTEXTS,
          calls,
          'first call ms (loads the contexts)': firstMs,
          'p50 ms': p50!,
          'p95 ms': p95!,
          'p99 ms': p99!,
          'after an 11 s pause ms': afterPauseMs,
          'CPU ms per call': cpu,
          load,
        },
      ],
      summary: `previewTargeting over ${CONTEXTS.toLocaleString('en')} contexts: p50 ${p50} ms, p99 ${p99} ms; first call ${firstMs} ms`,
      current: {
        figure: `p50 ${p50} ms, p95 ${p95} ms, p99 ${p99} ms over 100,000 contexts, ${afterPauseMs} ms after a pause (an environment's first call ever, loading them: ${firstMs} ms); CPU ms/call ${cpu}; load ${load}`,
        target: '< 300 ms over 100,000 contexts',
        peer: '—',
      },
    };
  } finally {
    await stack.stop();
  }
}
