// Builders for test flags: a valid boolean flag with everything empty, to be overridden per test.

import type { FlagConfig, FlagEnvironmentConfig } from './model';

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
