// Unleash constraints and strategies as Switchyard conditions. Unleash answers false for an operator on a missing
// context field (NOT_IN: true), and `inverted` negates that answer, so an inverted constraint also matches a
// context without the field; Switchyard conditions never match a missing attribute, so "missing" becomes one more
// alternative (`exists`, negated). A strategy's rollout is kept as a share bucketed by its stickiness.

import type { ExportedCondition } from '../export/format';
import { ALWAYS, type Alternatives, condition, missing } from './mapping';
import type { UnleashConstraint, UnleashStrategy } from './unleash-schema';

/** Thrown inside the mapping of one construct; becomes an error problem naming flag and construct. */
export class Unmappable extends Error {}

const STRING_OPERATORS = {
  STR_STARTS_WITH: { operator: 'startsWith' },
  STR_ENDS_WITH: { operator: 'endsWith' },
  STR_CONTAINS: { operator: 'contains' },
} as const;

const NUMBER_OPERATORS: Record<string, string> = {
  NUM_EQ: 'equals',
  NUM_GT: 'gt',
  NUM_GTE: 'gte',
  NUM_LT: 'lt',
  NUM_LTE: 'lte',
};

const SEMVER_OPERATORS: Record<string, string> = {
  SEMVER_EQ: 'semverEq',
  SEMVER_GT: 'semverGt',
  SEMVER_LT: 'semverLt',
};

/** Unleash trims values and ignores empty ones. */
export const clean = (values: readonly string[] | null | undefined) =>
  (values ?? []).map((v) => v.trim()).filter((v) => v.length > 0);

const splitList = (text: unknown) => (typeof text === 'string' ? clean(text.split(',')) : []);

function singleValue(c: UnleashConstraint): string {
  const value = c.value ?? c.values?.[0];
  if (value === undefined || value === null || String(value).trim() === '')
    throw new Unmappable(`${c.operator} needs a value`);
  return String(value).trim();
}

/**
 * One constraint as alternatives. `present` is the test on a context that has the field; `whenMissing` is what
 * Unleash answers for a context without it (before inversion).
 */
export function constraintAlternatives(c: UnleashConstraint, warn: (reason: string) => void): Alternatives {
  const attribute = c.contextName;
  const inverted = c.inverted === true;
  let present: ExportedCondition[];
  let whenMissing = false;
  if (c.operator === 'IN' || c.operator === 'NOT_IN') {
    const values = clean(c.values);
    // IN of nothing never matches; NOT_IN of nothing always does.
    if (values.length === 0) return (c.operator === 'IN') === inverted ? ALWAYS : [];
    present = [condition(attribute, c.operator === 'IN' ? 'in' : 'notIn', values)];
    whenMissing = c.operator === 'NOT_IN';
  } else if (c.operator in STRING_OPERATORS) {
    const { operator } = STRING_OPERATORS[c.operator as keyof typeof STRING_OPERATORS];
    const values = clean(c.values);
    if (values.length === 0) return inverted ? ALWAYS : [];
    // Both fold with toLowerCase, so Unleash's caseInsensitive is the core's.
    present = [
      { ...condition(attribute, operator, values), ...(c.caseInsensitive ? { caseInsensitive: true } : {}) },
    ];
  } else if (c.operator in NUMBER_OPERATORS) {
    const value = Number(singleValue(c));
    if (Number.isNaN(value))
      throw new Unmappable(`${c.operator} value ${JSON.stringify(c.value)} is not a number`);
    present = [condition(attribute, NUMBER_OPERATORS[c.operator]!, [value])];
    warn(
      `${c.operator} on "${attribute}": Switchyard compares numbers, so the context must carry a number, not a numeric string`,
    );
  } else if (c.operator === 'DATE_AFTER' || c.operator === 'DATE_BEFORE') {
    const value = singleValue(c);
    if (Number.isNaN(Date.parse(value)))
      throw new Unmappable(`${c.operator} value ${JSON.stringify(value)} is not a date`);
    present = [
      condition(attribute, c.operator === 'DATE_AFTER' ? 'after' : 'before', [new Date(value).toISOString()]),
    ];
    warn(
      `${c.operator} on "${attribute}": Unleash uses the current time when the context has none; pass "${attribute}" in the context`,
    );
  } else if (c.operator in SEMVER_OPERATORS) {
    present = [condition(attribute, SEMVER_OPERATORS[c.operator]!, [singleValue(c)])];
  } else throw new Unmappable(`unknown operator ${c.operator}`);
  const matchesMissing = whenMissing !== inverted;
  const tested = present.map((p) => ({ ...p, negate: inverted }));
  return matchesMissing ? [tested, [missing(attribute)]] : [tested];
}

/** A strategy's activation: who matches, and what share of them (bucketed by `bucketBy`, salted by `salt`). */
export interface Activation {
  alternatives: Alternatives;
  rollout: number;
  bucketBy: string;
  salt: string;
}

/** Unleash's stickiness as a bucketing attribute; `default` is userId (then sessionId, then random in Unleash). */
export function stickinessAttribute(
  stickiness: string | null | undefined,
  partial: boolean,
  warn: (r: string) => void,
) {
  const s = stickiness || 'default';
  if (s === 'random' && partial)
    throw new Unmappable(
      'random stickiness draws anew on every evaluation; Switchyard buckets deterministically',
    );
  if (s === 'default' || s === 'random') {
    if (partial)
      warn(
        'default stickiness: Unleash falls back to sessionId, then a random draw, for a context without userId; Switchyard buckets by userId and serves such a context the off share',
      );
    return { attribute: 'userId', required: false };
  }
  return { attribute: s, required: true };
}

function percentage(value: unknown, name: string): number {
  const n = Number(value ?? 100);
  if (!Number.isFinite(n) || n < 0 || n > 100)
    throw new Unmappable(`${name} ${JSON.stringify(value)} is not a percentage`);
  return Math.round(n);
}

const LEGACY_STICKINESS: Record<string, string> = {
  gradualRolloutUserId: 'userId',
  gradualRolloutSessionId: 'sessionId',
  gradualRolloutRandom: 'random',
};

export function strategyActivation(
  s: UnleashStrategy,
  featureName: string,
  warn: (r: string) => void,
): Activation {
  const p = s.parameters ?? {};
  const whole = (alternatives: Alternatives): Activation => ({
    alternatives,
    rollout: 100,
    bucketBy: 'userId',
    salt: featureName,
  });
  switch (s.name) {
    case 'default':
      return whole(ALWAYS);
    case 'flexibleRollout':
    case 'gradualRolloutUserId':
    case 'gradualRolloutSessionId':
    case 'gradualRolloutRandom': {
      const flexible = s.name === 'flexibleRollout';
      const rollout = percentage(flexible ? p.rollout : p.percentage, flexible ? 'rollout' : 'percentage');
      const stickiness = flexible ? (p.stickiness as string | undefined) : LEGACY_STICKINESS[s.name];
      const stick = stickinessAttribute(stickiness, rollout > 0 && rollout < 100, warn);
      // With a named stickiness field Unleash answers false for a context without it, even at 100 %.
      const alternatives: Alternatives = stick.required
        ? [[condition(stick.attribute, 'exists', [])]]
        : ALWAYS;
      return { alternatives, rollout, bucketBy: stick.attribute, salt: String(p.groupId || featureName) };
    }
    case 'userWithId': {
      const ids = splitList(p.userIds);
      return whole(ids.length > 0 ? [[condition('userId', 'in', ids)]] : []);
    }
    case 'remoteAddress': {
      const ips = splitList(p.IPs);
      // Single addresses compare as strings, as in Unleash; with CIDR ranges, every entry goes to ipInRange.
      const ranges = ips.some((ip) => ip.includes('/'));
      return whole(ips.length > 0 ? [[condition('remoteAddress', ranges ? 'ipInRange' : 'in', ips)]] : []);
    }
    case 'applicationHostname': {
      const hosts = splitList(p.hostNames);
      warn(
        'applicationHostname: Unleash reads the host name of the process; pass it as "hostname" in the context',
      );
      return whole(
        hosts.length > 0
          ? [
              [
                // Host names compare ignoring case, as DNS names do.
                { ...condition('hostname', 'in', hosts), caseInsensitive: true },
              ],
            ]
          : [],
      );
    }
    default:
      throw new Unmappable(`custom strategy "${s.name}" has no Switchyard equivalent`);
  }
}
