import http from 'node:http';

export interface OpenLoopResult {
  /** Requests answered per second over the run. */
  answeredPerSecond: number;
  /** Latency percentiles in ms, each measured from when the request was due, not when it left. */
  p50: number;
  p99: number;
  max: number;
  errors: number;
  /** Requests still unanswered when the run ended (counted as errors too). */
  unanswered: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * An open-loop load: `rate` POSTs a second, each sent when it is due whether or not earlier ones
 * were answered (like wrk2), so a slow answer cannot hold the next requests back and hide its own
 * queueing. autocannon's `overallRate` is a closed loop that sends a second's quota as fast as it
 * can and then waits, which measures bursts rather than a steady rate.
 */
export async function openLoop(opts: {
  url: string;
  headers: Record<string, string>;
  body: () => string;
  rate: number;
  durationSeconds: number;
}): Promise<OpenLoopResult> {
  const target = new URL(opts.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const latencies: number[] = [];
  let errors = 0;
  let inFlight = 0;
  let lastAnswerAt = 0;
  const intervalMs = 1000 / opts.rate;
  const total = Math.round(opts.rate * opts.durationSeconds);
  const start = performance.now();

  const send = (dueAt: number) => {
    const payload = opts.body();
    inFlight++;
    const req = http.request(
      {
        hostname: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers: { ...opts.headers, 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          inFlight--;
          lastAnswerAt = performance.now();
          if (res.statusCode === 200) latencies.push(lastAnswerAt - dueAt);
          else errors++;
        });
      },
    );
    req.on('error', () => {
      inFlight--;
      errors++;
    });
    req.end(payload);
  };

  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
      while (sent < due) send(start + sent++ * intervalMs);
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  // Answers still on their way get a grace period of a second.
  for (const deadline = performance.now() + 1000; inFlight > 0 && performance.now() < deadline; )
    await new Promise((r) => setTimeout(r, 10));
  const elapsedSeconds = (lastAnswerAt - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    answeredPerSecond: Math.round(latencies.length / elapsedSeconds),
    p50: Math.round(percentile(latencies, 50) * 10) / 10,
    p99: Math.round(percentile(latencies, 99) * 10) / 10,
    max: Math.round((latencies.at(-1) ?? Number.NaN) * 10) / 10,
    errors: errors + inFlight,
    unanswered: inFlight,
  };
}
