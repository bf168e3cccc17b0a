import { type SubgraphDeps, systemActor } from '@switchyard/server-kit';
import type { CreateFlagInput, FlagService } from '../flags/flag.service';
import { FlagRow } from '../flags/flag.entity';

/** Flags of every type for the demo; `new-checkout` carries the demo experiment. */
export const demoFlags: CreateFlagInput[] = [
  {
    key: 'new-checkout',
    name: 'New checkout',
    description: 'The redesigned one-page checkout',
    type: 'BOOLEAN',
    tags: ['checkout', 'web'],
    owner: 'payments-team',
    variations: [
      { key: 'control', name: 'Current checkout', value: false },
      { key: 'treatment', name: 'Redesigned checkout', value: true },
    ],
  },
  {
    key: 'checkout-color',
    name: 'Checkout button colour',
    type: 'STRING',
    tags: ['checkout'],
    variations: [
      { key: 'blue', value: 'blue' },
      { key: 'green', value: 'green' },
      { key: 'orange', value: 'orange' },
    ],
  },
  {
    key: 'max-cart-items',
    name: 'Maximum items in the cart',
    type: 'NUMBER',
    tags: ['cart'],
    variations: [
      { key: 'fifty', value: 50 },
      { key: 'hundred', value: 100 },
    ],
  },
  {
    key: 'pricing-config',
    name: 'Pricing page configuration',
    type: 'JSON',
    tags: ['pricing', 'web'],
    variations: [
      { key: 'standard', value: { plans: ['free', 'pro'], highlight: 'pro' } },
      { key: 'enterprise-first', value: { plans: ['free', 'pro', 'enterprise'], highlight: 'enterprise' } },
    ],
  },
  { key: 'dark-mode', name: 'Dark mode', type: 'BOOLEAN', tags: ['web', 'ui'] },
];

/** Idempotent: creates only the demo flags that do not exist yet. */
export async function seedDemo({ ds, logger }: SubgraphDeps, flags: FlagService): Promise<void> {
  const ctx = { actor: systemActor, ip: null, userAgent: 'switchyard-seed' };
  let created = 0;
  for (const input of demoFlags) {
    if (await ds.getRepository(FlagRow).exists({ where: { key: input.key } })) continue;
    await flags.create(input, { ...ctx, requestId: 'seed', logger });
    created++;
  }
  if (created) logger.info({ created }, 'seeded demo flags');
}
