// Flag builders shared by the tests of the core, the SDK packages and the benchmarks' workloads: valid flags with
// everything empty, to be overridden per use. Imported as `@switchyard/core/test-fixtures` (sources only, never in
// dist/).

import type { Condition, FlagConfig, FlagEnvironmentConfig, FlagSet, Rule } from './model';

/** A boolean flag (`on`/`off`) serving `on`; `environment` overrides its targeting. */
export function booleanFlag(key: string, environment: Partial<FlagEnvironmentConfig> = {}): FlagConfig {
  return {
    key,
    type: 'BOOLEAN',
    archived: false,
    version: 1,
    variations: [
      { key: 'on', value: true },
      { key: 'off', value: false },
    ],
    environment: {
      enabled: true,
      offVariation: 'off',
      targets: [],
      rules: [],
      fallthrough: { variation: 'on' },
      prerequisites: [],
      ...environment,
    },
  };
}

/** A string flag whose variations are `value` (served) and `others`, each keyed by its value. */
export function stringFlag(
  key: string,
  value: string,
  others: string[] = [],
  environment: Partial<FlagEnvironmentConfig> = {},
): FlagConfig {
  return {
    key,
    type: 'STRING',
    archived: false,
    version: 1,
    variations: [value, ...others].map((v) => ({ key: v, value: v })),
    environment: {
      enabled: true,
      offVariation: value,
      targets: [],
      rules: [],
      fallthrough: { variation: value },
      prerequisites: [],
      ...environment,
    },
  };
}

/** A rule splitting the contexts matching `conditions` by `weights` (variation → percent), maybe as an experiment. */
export function splitRule(
  id: string,
  conditions: Condition[],
  weights: Record<string, number>,
  experimentKey?: string,
): Rule {
  return {
    id,
    conditions,
    serve: {
      rollout: {
        variations: Object.entries(weights).map(([variation, weight]) => ({ variation, weight })),
        experiment: experimentKey ? { key: experimentKey, coverage: 1 } : null,
      },
    },
  };
}

/** A flag running experiment `experimentKey` on 100 % of users, split 50/50 between control and treatment. */
export function experimentFlag(key: string, experimentKey: string): FlagConfig {
  return stringFlag(key, 'control', ['treatment'], {
    rules: [splitRule(`experiment:${experimentKey}`, [], { control: 50, treatment: 50 }, experimentKey)],
  });
}

export function flagSet(version: number, flags: FlagConfig[], environment = 'production'): FlagSet {
  return { environment, version, flags, segments: [] };
}

export {
  type Answer,
  answersOf,
  differences,
  formatAnswers,
  parseAnswers,
  reasonKinds,
} from '../tests/regression/answers';
