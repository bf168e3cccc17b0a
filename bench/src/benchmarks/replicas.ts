import os from 'node:os';
import { runReplicaScenario } from '@switchyard/testkit';
import type { BenchmarkResult } from '../result';

// Issue 14's several-replica figures: the scenario the e2e suite asserts on (e2e/src/replicas.test.ts),
// run once, its requests failed, time to recover, changes missed and events lost per phase.
export async function run(): Promise<BenchmarkResult> {
  const f = await runReplicaScenario({ subscribers: 1000, log: (line) => console.log(line) });
  const load = os.loadavg()[0]!.toFixed(1);
  const rows = f.phases.map((p) => ({
    phase: p.phase,
    requests: p.requests,
    failed: p.failed,
    'recovered after ms': p.recoverMs,
    'subscribers resumed': p.resumed,
    'all caught up after ms': p.catchUpMs,
  }));
  const lost = f.changesMissed + f.writesLost + f.eventsLost + f.eventsStoredTwice;
  const failed = f.phases.reduce((a, p) => a + p.failed, 0);
  const requests = f.phases.reduce((a, p) => a + p.requests, 0);
  return {
    name: 'replicas',
    rows,
    summary:
      `2 gateways behind HAProxy, 2 replicas per subgraph, Redis, PostgreSQL; ${f.subscribers} configChanged subscribers (20 per WebSocket), ` +
      `${f.changes} changes: changes missed ${f.changesMissed}, out of order ${f.changesOutOfOrder}; writes accepted ${f.writesAccepted}, lost ${f.writesLost}; ` +
      `events accepted ${f.eventsAccepted}, lost ${f.eventsLost}, stored twice ${f.eventsStoredTwice}; ${failed} of ${requests} requests failed. ` +
      `Loaded machine: 1-minute load ${load} on 2 shared cores.${f.problems.length ? ` Problems: ${f.problems.join('; ')}` : ''}`,
    current: {
      figure: `${f.changesMissed} changes missed, ${f.eventsLost} events lost (${f.subscribers} subscribers, ${f.changes} changes, ${f.eventsAccepted} events); ${failed} of ${requests} requests failed; load ${load}`,
      target: '0 changes missed, 0 accepted events or writes lost',
      peer: lost === 0 ? '—' : `LOSSES: ${f.problems.join('; ')}`,
    },
  };
}
