import { type SubgraphDeps, systemActor } from '@switchyard/server-kit';
import { FlagRow } from '../flags/flag.entity';
import type { CreateFlagInput } from '../flags/flag.service';
import type { CreateSegmentInput, TargetingInput } from '../generated/graphql';
import { SegmentRow } from '../segments/segment.entity';
import type { FlagServices } from '../services';
import { DEFAULT_PROJECT } from '@switchyard/server-kit';

/** User groups, region, language, user type and a custom segment. */
export const demoSegments: CreateSegmentInput[] = [
  {
    key: 'beta-testers',
    name: 'Beta testers',
    description: 'A hand-picked user group',
    included: ['alice', 'bob', 'carol', 'dave'],
    excluded: ['mallory'],
  },
  {
    key: 'internal-staff',
    name: 'Internal staff',
    description: 'Everyone with a company e-mail address',
    rules: [
      {
        id: 'staff-email',
        conditions: [{ attribute: 'email', operator: 'endsWith', values: ['@switchyard.dev'] }],
      },
    ],
  },
  {
    key: 'region-eu',
    name: 'Region: EU',
    rules: [
      {
        id: 'eu',
        conditions: [
          { attribute: 'country', operator: 'in', values: ['DE', 'FR', 'NL', 'ES', 'IT', 'SE', 'AT'] },
        ],
      },
    ],
  },
  {
    key: 'language-german',
    name: 'Language: German',
    rules: [{ id: 'de', conditions: [{ attribute: 'language', operator: 'startsWith', values: ['de'] }] }],
  },
  {
    key: 'usertype-enterprise',
    name: 'User type: enterprise customers',
    rules: [
      {
        id: 'enterprise',
        conditions: [{ attribute: 'user.plan', operator: 'equals', values: ['enterprise'] }],
      },
    ],
  },
  {
    key: 'power-users',
    name: 'Power users',
    description: 'Custom: frequent users on a recent app version',
    rules: [
      {
        id: 'frequent-recent',
        conditions: [
          { attribute: 'sessionsPerWeek', operator: 'gte', values: [10] },
          { attribute: 'appVersion', operator: 'semverGt', values: ['2.0.0'] },
        ],
      },
    ],
  },
];

interface DemoFlag {
  flag: CreateFlagInput;
  /** Targeting per environment, applied once, right after the seed creates the flag. */
  targeting?: Record<string, TargetingInput>;
}

const inSegment = (segment: string) => ({ attribute: 'key', operator: 'inSegment', values: [segment] });

/** Flags of every type, with rules, segments, a schedule and a prerequisite. */
export const demoFlags: DemoFlag[] = [
  {
    // The experiments demo attaches `checkout-redesign` to this flag in production.
    flag: {
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
    targeting: {
      development: { enabled: true, fallthrough: { variation: 'treatment' } },
      staging: {
        enabled: true,
        rules: [
          {
            id: 'staff',
            description: 'Staff see it first',
            conditions: [inSegment('internal-staff')],
            serve: { variation: 'treatment' },
          },
        ],
        fallthrough: {
          rollout: {
            variations: [
              { variation: 'control', weight: 50 },
              { variation: 'treatment', weight: 50 },
            ],
          },
        },
      },
      production: {
        enabled: true,
        offVariation: 'control',
        rules: [
          { id: 'staff', conditions: [inSegment('internal-staff')], serve: { variation: 'treatment' } },
        ],
        fallthrough: { variation: 'control' },
      },
    },
  },
  {
    flag: {
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
    targeting: {
      production: {
        enabled: true,
        rules: [{ id: 'eu-green', conditions: [inSegment('region-eu')], serve: { variation: 'green' } }],
        fallthrough: {
          rollout: {
            variations: [
              { variation: 'blue', weight: 34 },
              { variation: 'green', weight: 33 },
              { variation: 'orange', weight: 33 },
            ],
          },
        },
      },
    },
  },
  {
    flag: {
      key: 'max-cart-items',
      name: 'Maximum items in the cart',
      type: 'NUMBER',
      tags: ['cart'],
      variations: [
        { key: 'fifty', value: 50 },
        { key: 'hundred', value: 100 },
      ],
    },
    targeting: {
      production: {
        enabled: true,
        rules: [
          {
            id: 'enterprise',
            conditions: [inSegment('usertype-enterprise')],
            serve: { variation: 'hundred' },
          },
        ],
        fallthrough: { variation: 'fifty' },
      },
    },
  },
  {
    flag: {
      key: 'pricing-config',
      name: 'Pricing page configuration',
      type: 'JSON',
      tags: ['pricing', 'web'],
      variations: [
        { key: 'standard', value: { plans: ['free', 'pro'], highlight: 'pro' } },
        { key: 'enterprise-first', value: { plans: ['free', 'pro', 'enterprise'], highlight: 'enterprise' } },
        { key: 'german', value: { plans: ['free', 'pro'], highlight: 'pro', currency: 'EUR', locale: 'de' } },
      ],
    },
    targeting: {
      production: {
        enabled: true,
        rules: [
          {
            id: 'big-companies',
            conditions: [{ attribute: 'user.plan', operator: 'in', values: ['business', 'enterprise'] }],
            serve: { variation: 'enterprise-first' },
          },
          { id: 'german', conditions: [inSegment('language-german')], serve: { variation: 'german' } },
        ],
        fallthrough: { variation: 'standard' },
      },
    },
  },
  {
    flag: { key: 'dark-mode', name: 'Dark mode', type: 'BOOLEAN', tags: ['web', 'ui'] },
    targeting: {
      production: {
        enabled: true,
        targets: [{ variation: 'on', values: ['alice', 'erin'] }],
        rules: [
          { id: 'beta', conditions: [inSegment('beta-testers')], serve: { variation: 'on' } },
          { id: 'power', conditions: [inSegment('power-users')], serve: { variation: 'on' } },
        ],
        // Whole accounts switch together. A context without an account gets the split's first
        // variation, so `off` goes first.
        fallthrough: {
          rollout: {
            variations: [
              { variation: 'off', weight: 80 },
              { variation: 'on', weight: 20 },
            ],
            bucketBy: 'user.accountId',
          },
        },
      },
    },
  },
  {
    flag: {
      key: 'holiday-banner',
      name: 'Holiday banner',
      description: 'Shown only between 1 December and Epiphany',
      type: 'STRING',
      tags: ['web', 'marketing'],
      variations: [
        { key: 'winter', value: 'Happy holidays! 20 % off everything' },
        { key: 'none', value: '' },
      ],
    },
    targeting: {
      production: {
        enabled: true,
        offVariation: 'none',
        fallthrough: { variation: 'winter' },
        startsAt: '2026-12-01T00:00:00.000Z',
        endsAt: '2027-01-06T23:59:59.000Z',
      },
    },
  },
  {
    flag: {
      key: 'checkout-upsell',
      name: 'Upsell in the new checkout',
      description: 'Only meaningful where the new checkout is served',
      type: 'BOOLEAN',
      tags: ['checkout'],
    },
    targeting: {
      production: {
        enabled: true,
        prerequisites: [{ flagKey: 'new-checkout', variation: 'treatment' }],
        rules: [
          {
            id: 'modern-clients',
            conditions: [
              { attribute: 'appVersion', operator: 'semverGt', values: ['2.3.0'] },
              { attribute: 'email', operator: 'matches', values: ['^[a-z0-9._-]+@[a-z0-9.-]+\\.(com|dev)$'] },
            ],
            serve: { variation: 'on' },
          },
        ],
        fallthrough: { variation: 'off' },
      },
    },
  },
];

/** Idempotent: creates only what does not exist yet, and targets a flag only when it was just created. */
export async function seedDemo({ ds, logger }: SubgraphDeps, services: FlagServices): Promise<void> {
  const ctx = { actor: systemActor, ip: null, userAgent: 'switchyard-seed' };
  let created = 0;
  for (const input of demoSegments) {
    if (await ds.getRepository(SegmentRow).exists({ where: { project: DEFAULT_PROJECT, key: input.key } }))
      continue;
    await services.segments.create(input, ctx);
    created++;
  }
  for (const { flag, targeting } of demoFlags) {
    if (await ds.getRepository(FlagRow).exists({ where: { project: DEFAULT_PROJECT, key: flag.key } }))
      continue;
    let row = await services.flags.create(flag, ctx);
    for (const [environment, input] of Object.entries(targeting ?? {})) {
      row = await services.targeting.updateTargeting(
        DEFAULT_PROJECT,
        flag.key,
        environment,
        row.version,
        input,
        ctx,
      );
    }
    created++;
  }
  if (created) logger.info({ created }, 'seeded demo flags and segments');
}
