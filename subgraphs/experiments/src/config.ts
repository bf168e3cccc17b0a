import { env, loadConfig } from '@switchyard/server-kit';

/** Variables only the experiments subgraph reads (the shared ones come from loadServiceConfig). */
export function loadExperimentsConfig() {
  const urls = loadConfig({
    FLAGS_URL: env.url().default('http://127.0.0.1:4001/graphql'),
    ANALYTICS_URL: env.url().default('http://127.0.0.1:4003/graphql'),
  });
  return {
    ...urls,
    /** How often the scheduler looks for due starts and ends. */
    EXPERIMENT_SCHEDULER_INTERVAL_MS: intVariable('EXPERIMENT_SCHEDULER_INTERVAL_MS', 5000, 50, 3_600_000),
    /** How often the watcher looks at running experiments' results for alerts (significance, guardrails, sample ratio); 0: never. */
    EXPERIMENT_WATCH_INTERVAL_MS: intVariable('EXPERIMENT_WATCH_INTERVAL_MS', 300_000, 0, 86_400_000),
    /** Timeout of one call to the flags or analytics subgraph. */
    SERVICE_CALL_TIMEOUT_MS: intVariable('SERVICE_CALL_TIMEOUT_MS', 10_000, 100, 120_000),
  };
}

/** Same contract as loadConfig: a bad value stops the process with one line naming the variable. */
function intVariable(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  process.stderr.write(`config error: ${name} is "${raw}": must be a whole number from ${min} to ${max}\n`);
  process.exit(78);
}

export type ExperimentsConfig = ReturnType<typeof loadExperimentsConfig>;
