// A seeded generator of flag sets and contexts for the regression fixture: the answers the core gave before a
// change are kept in answers.generated.jsonl and must stay the same. Deterministic (mulberry32, fixed clock), so
// the same seed always yields the same inputs; it covers every operator of the first release, negation, targets,
// prerequisites, schedules, splits, experiments and wrong-typed attributes.

import type {
  Condition,
  EvaluationContext,
  FlagConfig,
  FlagSet,
  Operator,
  Rule,
  Segment,
  Serve,
} from '../../src/model';
import { FIRST_RELEASE_OPERATORS } from '../../src/operator-names';

/** The clock every regression evaluation uses (2026-06-15T12:00:00Z). */
export const REGRESSION_NOW = Date.UTC(2026, 5, 15, 12);

export const REGRESSION_SEED = 21;
export const REGRESSION_FLAGS = 250;
export const REGRESSION_CONTEXTS = 20;

/** The operators of the first release: the fixture's answers for these never change. */
export const BASELINE_OPERATORS: readonly Operator[] = FIRST_RELEASE_OPERATORS;

type Random = () => number;

function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const some = <T>(random: Random, list: readonly T[], max: number): T[] => {
  const count = 1 + Math.floor(random() * max);
  return Array.from({ length: count }, () => pick(random, list));
};

// Small value pools so that conditions match often, plus values of the wrong type so that fail-closed paths run.
const COUNTRIES = ['DE', 'FR', 'US', 'CA', 'de', 'GB', ''];
const PLANS = ['free', 'pro', 'enterprise', 'PRO', 'business'];
const EMAILS = ['ann@acme.com', 'bo@switchyard.dev', 'CY@ACME.COM', 'dee@example.org', 'x@y', ''];
const VERSIONS = ['1.0.0', '2.3.0', '2.3.1-rc.1', '2.10.0', '10.0.0', 'v1.2', '1.2', 'garbage'];
const DATES = ['2025-01-01T00:00:00Z', '2026-06-15T12:00:00Z', '2027-03-01', 1_750_000_000_000, 'yesterday'];
const NUMBERS = [0, 1, 9.5, 10, 42, -3, 1e6];
const WRONG: readonly unknown[] = [null, true, false, '42', 42, ['DE'], { tier: 'pro' }, 'DE'];
const PATTERNS = ['^[a-z]+@acme\\.com$', 'switchyard', '^(pro|enterprise)$', '\\d+', '^$', '[A-Z]{2}'];

interface AttributeKind {
  attribute: string;
  values: readonly unknown[];
}

const ATTRIBUTES: Record<string, AttributeKind> = {
  country: { attribute: 'country', values: COUNTRIES },
  plan: { attribute: 'user.plan', values: PLANS },
  email: { attribute: 'email', values: EMAILS },
  version: { attribute: 'appVersion', values: VERSIONS },
  signup: { attribute: 'signupAt', values: DATES },
  sessions: { attribute: 'sessions', values: NUMBERS },
};

function attributeFor(operator: Operator): AttributeKind {
  switch (operator) {
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return ATTRIBUTES.sessions!;
    case 'before':
    case 'after':
      return ATTRIBUTES.signup!;
    case 'semverEq':
    case 'semverLt':
    case 'semverGt':
      return ATTRIBUTES.version!;
    case 'matches':
    case 'contains':
    case 'startsWith':
    case 'endsWith':
      return ATTRIBUTES.email!;
    default:
      return ATTRIBUTES.country!;
  }
}

function conditionValues(random: Random, operator: Operator, kind: AttributeKind): unknown[] {
  switch (operator) {
    case 'matches':
      return some(random, PATTERNS, 2);
    case 'contains':
      return some(random, ['acme', '@', 'switchyard.dev', 'ACME', 'zzz'], 2);
    case 'startsWith':
      return some(random, ['ann', 'bo', 'CY', 'x'], 2);
    case 'endsWith':
      return some(random, ['.com', '.dev', '.COM', 'org'], 2);
    case 'exists':
      return [];
    case 'inSegment':
      return some(random, ['seg-eu', 'seg-staff', 'seg-pro', 'seg-missing'], 2);
    default:
      return some(random, kind.values, 3);
  }
}

function condition(random: Random): Condition {
  const operator = pick(random, BASELINE_OPERATORS);
  let kind = attributeFor(operator);
  if (operator === 'equals' || operator === 'notEquals' || operator === 'in' || operator === 'notIn') {
    kind = pick(random, [ATTRIBUTES.country!, ATTRIBUTES.plan!, ATTRIBUTES.sessions!]);
  }
  const attribute =
    operator === 'exists'
      ? pick(random, Object.values(ATTRIBUTES)).attribute
      : operator === 'inSegment'
        ? pick(random, ['key', 'email'])
        : kind.attribute;
  return { attribute, operator, values: conditionValues(random, operator, kind), negate: random() < 0.2 };
}

function serve(random: Random, variations: readonly string[], experiment: string | null): Serve {
  if (random() < 0.6) return { variation: pick(random, variations) };
  const first = Math.round(random() * 100 * 1000) / 1000;
  return {
    rollout: {
      variations: [
        { variation: variations[0]!, weight: first },
        { variation: variations[1]!, weight: Math.round((100 - first) * 1000) / 1000 },
      ],
      bucketBy: random() < 0.2 ? 'user.accountId' : null,
      salt: random() < 0.2 ? 'salt' : null,
      experiment: experiment ? { key: experiment, coverage: pick(random, [1, 0.5, 0.1]) } : null,
    },
  };
}

function flag(random: Random, index: number, earlier: readonly FlagConfig[]): FlagConfig {
  const type = pick(random, ['BOOLEAN', 'STRING', 'NUMBER', 'JSON'] as const);
  const variations =
    type === 'BOOLEAN'
      ? [
          { key: 'on', value: true },
          { key: 'off', value: false },
        ]
      : type === 'STRING'
        ? ['a', 'b', 'c'].map((v) => ({ key: v, value: `value-${v}` }))
        : type === 'NUMBER'
          ? [1, 2, 3].map((v) => ({ key: `n${v}`, value: v }))
          : [
              { key: 'j1', value: { plans: ['free'] } },
              { key: 'j2', value: [1, 2] },
              { key: 'j3', value: null },
            ];
  const keys = variations.map((v) => v.key);
  const rules: Rule[] = Array.from({ length: Math.floor(random() * 4) }, (_, r) => ({
    id: `r${r}`,
    conditions: Array.from({ length: 1 + Math.floor(random() * 3) }, () => condition(random)),
    serve: serve(random, keys, random() < 0.15 ? `exp-${index}-${r}` : null),
  }));
  const withSchedule = random() < 0.1;
  return {
    key: `flag-${index}`,
    type,
    archived: random() < 0.02,
    version: 1,
    variations,
    environment: {
      enabled: random() < 0.9,
      offVariation: keys[keys.length - 1]!,
      targets: random() < 0.3 ? [{ variation: keys[0]!, values: ['user-1', 'user-7', 'bob'] }] : [],
      rules,
      fallthrough: serve(random, keys, null),
      startsAt: withSchedule ? pick(random, ['2026-01-01T00:00:00Z', '2026-07-01T00:00:00Z']) : null,
      endsAt: withSchedule ? '2026-12-31T00:00:00Z' : null,
      prerequisites:
        earlier.length > 0 && random() < 0.15
          ? [
              (() => {
                const parent = pick(random, earlier);
                return { flagKey: parent.key, variation: pick(random, parent.variations).key };
              })(),
            ]
          : [],
    },
  };
}

const SEGMENTS: Segment[] = [
  {
    key: 'seg-eu',
    included: ['user-3'],
    excluded: ['user-4'],
    rules: [{ id: 'eu', conditions: [{ attribute: 'country', operator: 'in', values: ['DE', 'FR'] }] }],
  },
  {
    key: 'seg-staff',
    included: [],
    excluded: [],
    rules: [
      {
        id: 'staff',
        conditions: [{ attribute: 'email', operator: 'endsWith', values: ['@switchyard.dev'] }],
      },
    ],
  },
  {
    key: 'seg-pro',
    included: ['bo@switchyard.dev'],
    excluded: [],
    rules: [
      {
        id: 'pro',
        conditions: [
          { attribute: 'user.plan', operator: 'equals', values: ['pro'] },
          { attribute: 'seg', operator: 'inSegment', values: ['seg-eu'] },
        ],
      },
    ],
  },
];

export function regressionFlagSet(seed = REGRESSION_SEED, count = REGRESSION_FLAGS): FlagSet {
  const random = mulberry32(seed);
  const flags: FlagConfig[] = [];
  for (let i = 0; i < count; i++) flags.push(flag(random, i, flags));
  return { environment: 'regression', version: 1, flags, segments: SEGMENTS };
}

export function regressionContexts(
  seed = REGRESSION_SEED + 1,
  count = REGRESSION_CONTEXTS,
): EvaluationContext[] {
  const random = mulberry32(seed);
  const maybe = (list: readonly unknown[]) =>
    random() < 0.15 ? pick(random, WRONG) : random() < 0.1 ? undefined : pick(random, list);
  return Array.from({ length: count }, (_, i) => {
    const context: EvaluationContext = { key: i === 0 ? 'bob' : `user-${i}` };
    const set = (name: string, value: unknown) => {
      if (value !== undefined) context[name] = value;
    };
    set('country', maybe(COUNTRIES));
    set('email', maybe(EMAILS));
    set('appVersion', maybe(VERSIONS));
    set('signupAt', maybe(DATES));
    set('sessions', maybe(NUMBERS));
    if (random() < 0.8) context.user = { plan: maybe(PLANS), accountId: `acct-${i % 5}` };
    return context;
  });
}
