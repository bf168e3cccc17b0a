// The demo seed as the core's FlagSet for one environment, built the way the services store it (new flags off with
// the last variation as off variation, then the seed's targeting applied), and a spread of demo contexts. Used to
// record the demo flags' answers (demo-answers.generated.jsonl) and to check they never change.

import type {
  EvaluationContext,
  FlagConfig,
  FlagEnvironmentConfig,
  FlagSet,
  Segment,
} from '@switchyard/core';
import { type Answer, answersOf } from '@switchyard/core/test-fixtures';
import {
  conditionFromInput,
  ruleFromInput,
  serveFromInput,
  targetFromInput,
} from '../../src/flags/targeting-input';
import { demoFlags, demoSegments } from '../../src/seed/demo';

export const DEMO_ENVIRONMENTS = ['development', 'staging', 'production'] as const;

/** Inside the holiday banner's window, so both sides of the schedule show (see DEMO_LATER). */
export const DEMO_NOW = Date.UTC(2026, 11, 24, 18);
export const DEMO_LATER = Date.UTC(2027, 1, 1);

const BOOLEAN_VARIATIONS = [
  { key: 'on', name: 'On', value: true },
  { key: 'off', name: 'Off', value: false },
];

function segments(): Segment[] {
  return demoSegments.map((s) => ({
    key: s.key,
    included: s.included ?? [],
    excluded: s.excluded ?? [],
    rules: (s.rules ?? []).map((r) => ({ id: r.id ?? '', conditions: r.conditions.map(conditionFromInput) })),
  }));
}

export function demoFlagSet(environment: string): FlagSet {
  const flags: FlagConfig[] = demoFlags.map(({ flag, targeting }) => {
    const variations = flag.variations ?? BOOLEAN_VARIATIONS;
    const config: FlagEnvironmentConfig = {
      enabled: false,
      offVariation: variations[variations.length - 1]!.key,
      targets: [],
      rules: [],
      fallthrough: { variation: variations[0]!.key },
      prerequisites: [],
      startsAt: null,
      endsAt: null,
    };
    const input = targeting?.[environment];
    if (input) {
      if (input.enabled !== null && input.enabled !== undefined) config.enabled = input.enabled;
      if (input.offVariation) config.offVariation = input.offVariation;
      if (input.targets) config.targets = input.targets.map(targetFromInput);
      if (input.rules) config.rules = input.rules.map(ruleFromInput);
      if (input.fallthrough) config.fallthrough = serveFromInput(input.fallthrough);
      if (input.prerequisites) config.prerequisites = input.prerequisites.map((p) => ({ ...p }));
      if (input.startsAt) config.startsAt = new Date(input.startsAt as string).toISOString();
      if (input.endsAt) config.endsAt = new Date(input.endsAt as string).toISOString();
    }
    return {
      key: flag.key,
      type: flag.type,
      archived: false,
      version: 1,
      variations: variations.map((v) => ({ key: v.key, value: v.value })),
      environment: config,
    };
  });
  return { environment, version: 1, flags, segments: segments() };
}

/** Every combination of the attributes the demo rules look at, plus contexts missing them or of the wrong type. */
export function demoContexts(): EvaluationContext[] {
  const emails = ['alice@switchyard.dev', 'erin@example.com', 'BOB@ACME.COM', 'x@shop.org', undefined];
  const countries = ['DE', 'US', undefined];
  const plans = ['enterprise', 'business', undefined];
  const versions = ['2.3.1', '2.0.0', 'v2.4', undefined];
  const keys = ['alice', 'bob', 'erin', 'mallory', 'user-17', 'user-4242'];
  const contexts: EvaluationContext[] = [];
  let n = 0;
  for (const email of emails)
    for (const country of countries)
      for (const plan of plans)
        for (const appVersion of versions) {
          const context: EvaluationContext = { key: keys[n % keys.length]! };
          if (email) context.email = email;
          if (country) context.country = country;
          if (plan) context.user = { plan, accountId: `acct-${n % 7}` };
          if (appVersion) context.appVersion = appVersion;
          context.language = n % 3 === 0 ? 'de-AT' : 'en';
          context.sessionsPerWeek = n % 4 === 0 ? 12 : n % 4 === 1 ? '12' : 3;
          contexts.push(context);
          n++;
        }
  contexts.push({ key: '' }, { key: 'odd', country: ['DE'], email: 42, user: 'pro', appVersion: 2 });
  return contexts;
}

/** The demo flags' answers for every demo context in every environment, and in production after the schedule. */
export function demoAnswers(): Answer[] {
  const contexts = demoContexts();
  const runs: [string, number][] = [
    ...DEMO_ENVIRONMENTS.map((e) => [e, DEMO_NOW] as [string, number]),
    ['production', DEMO_LATER],
  ];
  return runs.flatMap(([environment, now]) =>
    answersOf(demoFlagSet(environment), contexts, now).map((a) => ({
      ...a,
      flag: `${environment}@${now}/${a.flag}`,
    })),
  );
}
