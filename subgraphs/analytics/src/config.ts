import { env, loadConfig } from '@switchyard/server-kit';

/** Where the other subgraphs are: analytics asks them about experiments and flags. */
export function loadAnalyticsConfig() {
  return loadConfig({
    EXPERIMENTS_URL: env.url().default('http://127.0.0.1:4002/graphql'),
    FLAGS_URL: env.url().default('http://127.0.0.1:4001/graphql'),
  });
}
