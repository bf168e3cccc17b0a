// A scripted transport and flag-set builders for unit tests.

import type { FlagConfig, FlagSet } from '@switchyard/core';
import type { SubscriptionObserver, Transport } from './transport';

export function booleanFlag(
  key: string,
  on = true,
  extra: Partial<FlagConfig['environment']> = {},
): FlagConfig {
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
      enabled: on,
      offVariation: 'off',
      targets: [],
      rules: [],
      fallthrough: { variation: 'on' },
      prerequisites: [],
      ...extra,
    },
  };
}

export function stringFlag(key: string, value: string, others: string[] = []): FlagConfig {
  const variations = [value, ...others].map((v) => ({ key: v, value: v }));
  return {
    key,
    type: 'STRING',
    archived: false,
    version: 1,
    variations,
    environment: {
      enabled: true,
      offVariation: value,
      targets: [],
      rules: [],
      fallthrough: { variation: value },
      prerequisites: [],
    },
  };
}

/** A flag running experiment `experimentKey` on 100 % of users, split 50/50 between control and treatment. */
export function experimentFlag(key: string, experimentKey: string): FlagConfig {
  return {
    ...stringFlag(key, 'control', ['treatment']),
    environment: {
      enabled: true,
      offVariation: 'control',
      targets: [],
      rules: [
        {
          id: `experiment:${experimentKey}`,
          conditions: [],
          serve: {
            rollout: {
              variations: [
                { variation: 'control', weight: 50 },
                { variation: 'treatment', weight: 50 },
              ],
              experiment: { key: experimentKey, coverage: 1 },
            },
          },
        },
      ],
      fallthrough: { variation: 'control' },
      prerequisites: [],
    },
  };
}

export function flagSet(version: number, flags: FlagConfig[]): FlagSet {
  return { environment: 'production', version, flags, segments: [] };
}

interface OpenSubscription {
  document: string;
  variables: Record<string, unknown>;
  observer: SubscriptionObserver<unknown>;
  closed: boolean;
}

/** Answers queries from handlers; subscriptions stay open until the test pushes, errors or completes them. */
export class FakeTransport implements Transport {
  queries: { document: string; variables: Record<string, unknown> }[] = [];
  mutations: { document: string; variables: Record<string, unknown>; keepalive: boolean }[] = [];
  subscriptions: OpenSubscription[] = [];
  closed = false;
  onQuery: (document: string, variables: Record<string, unknown>) => unknown = () => {
    throw new Error('offline');
  };
  onMutation: (document: string, variables: Record<string, unknown>) => unknown = () => ({
    trackEvents: { accepted: 0 },
  });

  async query<T>(document: string, variables: Record<string, unknown>): Promise<T> {
    this.queries.push({ document, variables });
    return this.onQuery(document, variables) as T;
  }

  async mutate<T>(
    document: string,
    variables: Record<string, unknown>,
    options: { keepalive?: boolean } = {},
  ) {
    this.mutations.push({ document, variables, keepalive: options.keepalive === true });
    return this.onMutation(document, variables) as T;
  }

  subscribe<T>(document: string, variables: Record<string, unknown>, observer: SubscriptionObserver<T>) {
    const sub: OpenSubscription = {
      document,
      variables,
      observer: observer as SubscriptionObserver<unknown>,
      closed: false,
    };
    this.subscriptions.push(sub);
    return () => {
      sub.closed = true;
    };
  }

  get live(): OpenSubscription | undefined {
    return this.subscriptions.filter((s) => !s.closed).at(-1);
  }

  close(): void {
    this.closed = true;
  }
}

/** Lets pending promise callbacks run (fake timers do not advance them). */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
