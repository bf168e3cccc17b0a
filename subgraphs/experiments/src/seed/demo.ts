import { DEFAULT_PROJECT, type SubgraphDeps, systemActor } from '@switchyard/server-kit';
import { systemIdentity } from '../clients/identity';
import { errorCode } from '@switchyard/server-kit';
import { ExperimentRow, type ExperimentStatus } from '../experiments/experiment.entity';
import type {
  ActingContext,
  CreateExperimentInput,
  ExperimentService,
} from '../experiments/experiment.service';

type DemoExperiment = Omit<CreateExperimentInput, 'project'> & {
  status: ExperimentStatus;
  winner?: string;
  startedDaysAgo?: number;
};

/** Demo experiments on the demo flags (see the flags subgraph's seed) and metrics (analytics' seed). */
export const demoExperiments: DemoExperiment[] = [
  {
    key: 'checkout-redesign',
    name: 'Checkout redesign',
    description: 'One-page checkout against the current three-step checkout',
    hypothesis: 'A one-page checkout raises purchase conversion by at least 2 points',
    environment: 'production',
    flagKey: 'new-checkout',
    variants: [
      { key: 'control', weight: 50 },
      { key: 'treatment', weight: 50 },
    ],
    trafficAllocation: 100,
    primaryMetric: 'purchase',
    secondaryMetrics: ['revenue'],
    minSampleSize: 1000,
    status: 'RUNNING',
    startedDaysAgo: 14,
  },
  {
    key: 'checkout-button-color',
    name: 'Checkout button colour',
    hypothesis: 'A green or orange checkout button draws more clicks than blue',
    environment: 'production',
    flagKey: 'checkout-color',
    variants: [
      { key: 'blue', weight: 34 },
      { key: 'green', weight: 33 },
      { key: 'orange', weight: 33 },
    ],
    trafficAllocation: 50,
    audience: { conditions: [{ attribute: 'country', operator: 'in', values: ['DE', 'FR', 'NL'] }] },
    primaryMetric: 'purchase',
    status: 'DRAFT',
  },
  {
    key: 'pricing-enterprise-first',
    name: 'Enterprise plan first on pricing',
    hypothesis: 'Showing the enterprise plan first raises revenue per visitor',
    environment: 'production',
    flagKey: 'pricing-config',
    variants: [
      { key: 'standard', weight: 50 },
      { key: 'enterprise-first', weight: 50 },
    ],
    trafficAllocation: 100,
    primaryMetric: 'revenue',
    secondaryMetrics: ['purchase'],
    minSampleSize: 500,
    status: 'COMPLETED',
    winner: 'enterprise-first',
    startedDaysAgo: 30,
  },
];

/**
 * Idempotent and safe with several replicas seeding at once. Rows are written directly; putting the
 * running experiment's rule on its flag needs the flags subgraph, which may still be starting, so that
 * is retried in the background for a while instead of holding up this subgraph's start.
 */
export async function seedDemo({ ds, logger }: SubgraphDeps, experiments: ExperimentService): Promise<void> {
  const ctx: ActingContext = {
    actor: systemActor,
    identity: systemIdentity,
    ip: null,
    userAgent: 'switchyard-seed',
    requestId: 'seed',
    logger,
  };
  let created = 0;
  for (const input of demoExperiments) {
    const where = { project: DEFAULT_PROJECT, key: input.key };
    if (await ds.getRepository(ExperimentRow).exists({ where })) continue;
    try {
      const row = await experiments.createSeeded({ ...input, project: DEFAULT_PROJECT }, ctx);
      created++;
      if (row.status === 'RUNNING') void attachWithRetry(experiments, row, ctx);
    } catch (err) {
      // Another replica seeded it first.
      if (errorCode(err) !== 'CONFLICT') throw err;
    }
  }
  if (created) logger.info({ created }, 'seeded demo experiments');
}

async function attachWithRetry(experiments: ExperimentService, row: ExperimentRow, ctx: ActingContext) {
  const deadline = Date.now() + 120_000;
  for (let attempt = 0; ; attempt++) {
    try {
      await experiments.attachRule(row, ctx.identity);
      return;
    } catch (err) {
      if (Date.now() > deadline) {
        ctx.logger.warn(
          { key: row.key, err: (err as Error).message },
          'could not attach the demo experiment to its flag; start it again from the console',
        );
        return;
      }
      await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** attempt, 5000)));
    }
  }
}
