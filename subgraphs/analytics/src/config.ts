import { env, loadConfig } from '@switchyard/server-kit';
import type { RebuildWorkerOptions } from './rollups/rebuild-worker';

/** Where the other subgraphs are: analytics asks them about experiments and flags. */
export function loadAnalyticsConfig() {
  return loadConfig({
    EXPERIMENTS_URL: env.url().default('http://127.0.0.1:4002/graphql'),
    FLAGS_URL: env.url().default('http://127.0.0.1:4001/graphql'),
  });
}

function milliseconds(name: string, fallback: number, source: NodeJS.ProcessEnv): number {
  const raw = source[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive whole number of milliseconds, not "${raw}"`);
  }
  return value;
}

/** Timing of the background metric rebuilds; tests shorten the takeover of a dead replica's job. */
export function loadRebuildOptions(source: NodeJS.ProcessEnv = process.env): RebuildWorkerOptions {
  return {
    pollMs: milliseconds('METRIC_REBUILD_POLL_MS', 2000, source),
    heartbeatMs: milliseconds('METRIC_REBUILD_HEARTBEAT_MS', 5000, source),
    staleMs: milliseconds('METRIC_REBUILD_STALE_MS', 60_000, source),
    maxAttempts: 3,
  };
}

/**
 * Whether ingest transactions wait for their WAL flush (see EventRepository.insertEvents): by default
 * they do, so an acknowledged event is durable; `off` is the documented opt-in for speed over it.
 */
export function loadIngestOptions(source: NodeJS.ProcessEnv = process.env): { synchronousCommit: boolean } {
  const raw = (source.INGEST_SYNCHRONOUS_COMMIT || 'on').toLowerCase();
  if (!['on', 'off'].includes(raw)) {
    throw new Error(`INGEST_SYNCHRONOUS_COMMIT must be on or off, not "${raw}"`);
  }
  return { synchronousCommit: raw === 'on' };
}

// EXPOSURE_ATTRIBUTES: loadExposureAttributes in @switchyard/server-kit (experiments reads it too).
