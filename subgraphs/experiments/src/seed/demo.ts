import { type SubgraphDeps, systemActor } from '@switchyard/server-kit';
import { ExperimentRow } from '../experiments/experiment.entity';
import type { CreateExperimentInput, ExperimentService } from '../experiments/experiment.service';

/** Demo experiments on the demo flags (see the flags subgraph's seed). */
export const demoExperiments: CreateExperimentInput[] = [
  {
    key: 'checkout-redesign',
    name: 'Checkout redesign',
    hypothesis: 'A one-page checkout raises purchase conversion by at least 2 points',
    environment: 'production',
    flagKey: 'new-checkout',
    variants: [
      { key: 'control', weight: 50 },
      { key: 'treatment', weight: 50 },
    ],
    trafficAllocation: 100,
    status: 'RUNNING',
  },
];

export async function seedDemo({ ds, logger }: SubgraphDeps, experiments: ExperimentService): Promise<void> {
  let created = 0;
  for (const input of demoExperiments) {
    if (await ds.getRepository(ExperimentRow).exists({ where: { key: input.key } })) continue;
    await experiments.create(input, {
      actor: systemActor,
      ip: null,
      userAgent: 'switchyard-seed',
      requestId: 'seed',
      logger,
    });
    created++;
  }
  if (created) logger.info({ created }, 'seeded demo experiments');
}
