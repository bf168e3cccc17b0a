import { readFileSync } from 'node:fs';
import type { Stack } from '@switchyard/infra';

/** Linux USER_HZ: /proc reports CPU time in ticks of 10 ms. */
const TICK_MS = 10;

export function cpuMsOf(pid: number): number {
  try {
    // Fields after the command name: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** CPU time used so far by each service of the stack (user + system, in ms). */
export function serviceCpu(stack: Pick<Stack, 'services'>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, service] of stack.services) if (service.pid) out.set(name, cpuMsOf(service.pid));
  return out;
}

/**
 * CPU milliseconds per request for each service between two snapshots, e.g. `gateway 0.40 / flags 0.01`.
 * On a shared machine throughput varies with the neighbours; CPU per request much less so.
 */
export function cpuPerRequest(
  before: Map<string, number>,
  after: Map<string, number>,
  requests: number,
  digits = 2,
): string {
  return [...after]
    .map(
      ([name, ms]) => `${name} ${((ms - (before.get(name) ?? 0)) / Math.max(1, requests)).toFixed(digits)}`,
    )
    .join(' / ');
}
