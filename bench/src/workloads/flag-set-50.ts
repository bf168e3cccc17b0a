// A deterministic 50-flag workload for local-evaluation benchmarks: every flag has one rule with two conditions
// (country in a list AND age >= a threshold) serving a percentage split, plus a fallthrough. Half the splits are
// experiments (coverage 100 %), half plain rollouts. The same neutral description is translated into Switchyard,
// Unleash and GrowthBook configurations by the benchmark, so all three evaluate the same logic.

import type { Condition, EvaluationContext, FlagConfig, FlagSet } from '@switchyard/core';
import { booleanFlag, flagSet, splitRule } from '@switchyard/core/test-fixtures';

export const FLAG_COUNT = 50;
export const CONTEXT_COUNT = 100_000;

export interface WorkloadFlag {
  key: string;
  /** Rule condition 1: country in this list. */
  countries: string[];
  /** Rule condition 2: age >= this. */
  minAge: number;
  /** Share of matching users served `true`, in percent. */
  rolloutPercent: number;
  /** Whether the split is an experiment (reported with inExperiment) rather than a plain rollout. */
  experiment: boolean;
}

export interface WorkloadContext {
  key: string;
  country: string;
  age: number;
  plan: string;
}

const COUNTRIES = ['US', 'CA', 'GB', 'DE', 'FR', 'NL', 'SE', 'JP', 'BR', 'IN', 'AU', 'ES'];
const PLANS = ['free', 'team', 'business', 'enterprise'];

/** mulberry32: a tiny seeded PRNG so the workload is identical on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function workloadFlags(): WorkloadFlag[] {
  const next = random(50);
  return Array.from({ length: FLAG_COUNT }, (_, i) => {
    const countries = COUNTRIES.filter(() => next() < 0.5).slice(0, 6);
    return {
      key: `flag-${String(i).padStart(2, '0')}`,
      countries: countries.length > 0 ? countries : ['US'],
      minAge: 16 + Math.floor(next() * 30),
      rolloutPercent: 5 + Math.floor(next() * 90),
      experiment: i % 2 === 1,
    };
  });
}

export function workloadContexts(): WorkloadContext[] {
  const next = random(100_000);
  return Array.from({ length: CONTEXT_COUNT }, (_, i) => ({
    key: `user-${i}-${Math.floor(next() * 1e9).toString(36)}`,
    country: COUNTRIES[Math.floor(next() * COUNTRIES.length)]!,
    age: 13 + Math.floor(next() * 70),
    plan: PLANS[Math.floor(next() * PLANS.length)]!,
  }));
}

function switchyardFlag(flag: WorkloadFlag): FlagConfig {
  const conditions: Condition[] = [
    { attribute: 'country', operator: 'in', values: flag.countries },
    { attribute: 'age', operator: 'gte', values: [flag.minAge] },
  ];
  const weights = { on: flag.rolloutPercent, off: 100 - flag.rolloutPercent };
  const experiment = flag.experiment ? `${flag.key}-experiment` : undefined;
  return booleanFlag(flag.key, {
    rules: [splitRule(`${flag.key}-rule`, conditions, weights, experiment)],
    fallthrough: { variation: 'off' },
  });
}

export function switchyardFlagSet(flags: WorkloadFlag[] = workloadFlags()): FlagSet {
  return flagSet(1, flags.map(switchyardFlag), 'bench');
}

export function switchyardContexts(contexts: WorkloadContext[] = workloadContexts()): EvaluationContext[] {
  return contexts.map((c) => ({ key: c.key, country: c.country, age: c.age, plan: c.plan }));
}
