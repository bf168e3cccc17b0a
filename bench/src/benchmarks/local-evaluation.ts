// Local (in-process) flag evaluation throughput: @switchyard/core's compiled flag set against unleash-client and
// @growthbook/growthbook on the same 50-flag workload and the same 100,000 contexts.
//
// Fairness notes:
// - Every engine evaluates the same logic: per flag, one rule `country in [...] AND age >= N` serving a boolean
//   percentage split, else false. Hash functions differ, so individual users differ, but the on-rate matches.
// - Contexts are converted to each SDK's native shape before timing; each context is evaluated against all
//   50 flags, so per-context setup (GrowthBook's setAttributes) is spread over 50 evaluations.
// - Unleash runs its public `Unleash` client fully offline: `bootstrap.data` with the toggles, an in-memory
//   storage provider, `refreshInterval: 0` (no polling, so no network) and `disableMetrics: true`. Each flag is a
//   flexibleRollout strategy (stickiness userId, groupId = flag key) with an IN and a NUM_GTE constraint. Unleash
//   has no experiment concept beyond variants, so every flag is read with `isEnabled`.
// - GrowthBook is measured twice and the faster counts: a `GrowthBook` instance built with the features whose
//   attributes are replaced per context with `setAttributes` (its body is synchronous without sticky buckets or
//   remote eval, so the returned promise is not awaited), and `GrowthBookClient`, the multi-user client that takes
//   the attributes with every call and needs no per-context setup. Even flags use a rollout rule
//   (force + coverage), odd flags an experiment rule (variations + weights), both with a two-key condition.
// - A second Switchyard workload uses the operators added later, four conditions per rule on the same contexts
//   (extended with roles, an IP address and an app version): `country in` ignoring case, `roles anyOf`, `ip
//   ipInRange` (IPv4 and IPv6 ranges) and `appVersion looseVersionGt`. The peers cannot all express it (Unleash
//   has no IP or list operators), so it is reported against the same peers' figures on the existing workload.
// - Warm-up first, then timed rounds over disjoint slices of the contexts (together all 100,000), interleaved
//   across engines; the median round is reported.

import { compileFlagSet, type EvaluationContext } from '@switchyard/core';
import { GrowthBook, GrowthBookClient } from '@growthbook/growthbook';
import { type ClientFeaturesResponse, InMemStorageProvider, Unleash } from 'unleash-client';
import {
  CONTEXT_COUNT,
  type WorkloadContext,
  type WorkloadFlag,
  switchyardContexts,
  switchyardFlagSet,
  workloadContexts,
  workloadFlags,
} from '../workloads/flag-set-50';

export interface BenchmarkResult {
  name: string;
  rows: Record<string, string | number>[];
  summary: string;
}

export interface LocalEvaluationOptions {
  rounds?: number;
  /** Contexts evaluated per timed round (each against every flag). */
  contextsPerRound?: number;
  warmupContexts?: number;
}

/** Evaluates every flag for contexts [from, to) and returns how many evaluations came out `true`. */
type Engine = { name: string; evaluate(from: number, to: number): number; close?(): void };

function switchyardEngine(flags: WorkloadFlag[], contexts: WorkloadContext[]): Engine {
  const set = compileFlagSet(switchyardFlagSet(flags));
  const keys = set.keys();
  const native: EvaluationContext[] = switchyardContexts(contexts);
  return {
    name: '@switchyard/core (compiled)',
    evaluate(from, to) {
      let on = 0;
      for (let c = from; c < to; c++) {
        const context = native[c]!;
        for (let f = 0; f < keys.length; f++) if (set.evaluate(keys[f]!, context).value === true) on++;
      }
      return on;
    },
  };
}

/** The existing workload's flags with their rule rewritten to the newer operators. */
function newOperatorsEngine(flags: WorkloadFlag[], contexts: WorkloadContext[]): Engine {
  const base = switchyardFlagSet(flags);
  const set = compileFlagSet({
    ...base,
    flags: base.flags.map((flag, i) => ({
      ...flag,
      environment: {
        ...flag.environment,
        rules: flag.environment.rules.map((rule) => ({
          ...rule,
          conditions: [
            {
              attribute: 'country',
              operator: 'in',
              values: flags[i]!.countries.map((c) => c.toLowerCase()),
              caseInsensitive: true,
            },
            { attribute: 'roles', operator: 'anyOf', values: ['admin', 'beta', `team-${i % 5}`] },
            { attribute: 'ip', operator: 'ipInRange', values: ['10.0.0.0/9', '2001:db8::/33'] },
            { attribute: 'appVersion', operator: 'looseVersionGt', values: [`1.${i % 4}`] },
          ],
        })),
      },
    })),
  });
  const keys = set.keys();
  const roles = [['admin'], ['viewer', 'beta'], ['viewer'], ['team-1', 'team-3'], []];
  const native: EvaluationContext[] = switchyardContexts(contexts).map((c, i) => ({
    ...c,
    roles: roles[i % roles.length]!,
    ip: i % 3 === 0 ? `2001:db8:${(i % 65536).toString(16)}::1` : `10.${i % 256}.${(i >> 8) % 256}.7`,
    appVersion: i % 4 === 0 ? 'v2' : `1.${i % 7}.${i % 3}`,
  }));
  return {
    name: '@switchyard/core (compiled, newer operators)',
    evaluate(from, to) {
      let on = 0;
      for (let c = from; c < to; c++) {
        const context = native[c]!;
        for (let f = 0; f < keys.length; f++) if (set.evaluate(keys[f]!, context).value === true) on++;
      }
      return on;
    },
  };
}

type UnleashFeature = ClientFeaturesResponse['features'][number];
type UnleashConstraint = NonNullable<
  NonNullable<UnleashFeature['strategies']>[number]['constraints']
>[number];

async function unleashEngine(flags: WorkloadFlag[], contexts: WorkloadContext[]): Promise<Engine> {
  const features: UnleashFeature[] = flags.map((flag) => ({
    name: flag.key,
    enabled: true,
    type: 'release',
    project: 'default',
    stale: false,
    impressionData: false,
    variants: [],
    strategies: [
      {
        name: 'flexibleRollout',
        parameters: { rollout: String(flag.rolloutPercent), stickiness: 'userId', groupId: flag.key },
        constraints: [
          {
            contextName: 'country',
            operator: 'IN' as UnleashConstraint['operator'],
            values: flag.countries,
            inverted: false,
          },
          {
            contextName: 'age',
            operator: 'NUM_GTE' as UnleashConstraint['operator'],
            values: [],
            value: String(flag.minAge),
            inverted: false,
          },
        ],
      },
    ],
  }));
  const unleash = new Unleash({
    appName: 'switchyard-bench',
    url: 'http://127.0.0.1:9/never-called',
    refreshInterval: 0,
    disableMetrics: true,
    skipInstanceCountWarning: true,
    storageProvider: new InMemStorageProvider(),
    bootstrap: { data: features },
  });
  await new Promise<void>((resolve, reject) => {
    unleash.once('ready', () => resolve());
    unleash.once('error', reject);
  });
  const native = contexts.map((c) => ({
    userId: c.key,
    properties: { country: c.country, age: String(c.age) },
  }));
  const keys = flags.map((f) => f.key);
  return {
    name: 'unleash-client (offline bootstrap)',
    evaluate(from, to) {
      let on = 0;
      for (let c = from; c < to; c++) {
        const context = native[c]!;
        for (let f = 0; f < keys.length; f++) if (unleash.isEnabled(keys[f]!, context)) on++;
      }
      return on;
    },
    close: () => unleash.destroy(),
  };
}

function growthbookFeatures(flags: WorkloadFlag[]) {
  const features: Record<string, { defaultValue: boolean; rules: Record<string, unknown>[] }> = {};
  for (const [i, flag] of flags.entries()) {
    const condition = { country: { $in: flag.countries }, age: { $gte: flag.minAge } };
    const share = flag.rolloutPercent / 100;
    const rule =
      i % 2 === 0
        ? { condition, force: true, coverage: share, hashAttribute: 'id' }
        : {
            condition,
            key: `${flag.key}-experiment`,
            variations: [true, false],
            weights: [share, 1 - share],
            hashAttribute: 'id',
          };
    features[flag.key] = { defaultValue: false, rules: [rule] };
  }
  return features;
}

function growthbookEngine(flags: WorkloadFlag[], contexts: WorkloadContext[]): Engine {
  const native = contexts.map((c) => ({ id: c.key, country: c.country, age: c.age }));
  const gb = new GrowthBook({ features: growthbookFeatures(flags), attributes: native[0]! });
  const keys = flags.map((f) => f.key);
  return {
    name: '@growthbook/growthbook (GrowthBook + setAttributes)',
    evaluate(from, to) {
      let on = 0;
      for (let c = from; c < to; c++) {
        void gb.setAttributes(native[c]!);
        for (let f = 0; f < keys.length; f++) if (gb.isOn(keys[f]!)) on++;
      }
      return on;
    },
    close: () => gb.destroy(),
  };
}

function growthbookClientEngine(flags: WorkloadFlag[], contexts: WorkloadContext[]): Engine {
  const client = new GrowthBookClient().initSync({ payload: { features: growthbookFeatures(flags) } });
  const native = contexts.map((c) => ({ attributes: { id: c.key, country: c.country, age: c.age } }));
  const keys = flags.map((f) => f.key);
  return {
    name: '@growthbook/growthbook (GrowthBookClient, per-call user)',
    evaluate(from, to) {
      let on = 0;
      for (let c = from; c < to; c++) {
        const user = native[c]!;
        for (let f = 0; f < keys.length; f++) if (client.isOn(keys[f]!, user)) on++;
      }
      return on;
    },
    close: () => client.destroy(),
  };
}

interface Measurement {
  engine: string;
  evaluationsPerSecond: number;
  onRate: number;
}

/**
 * Warms every engine up, then runs the timed rounds interleaved (round 1 of every engine, then round 2, ...) so
 * that background load on the machine hits all engines alike; the median round of each engine is reported.
 */
function measure(
  engines: Engine[],
  flagCount: number,
  options: Required<LocalEvaluationOptions>,
): Measurement[] {
  for (const engine of engines) engine.evaluate(0, options.warmupContexts);
  const rates: number[][] = engines.map(() => []);
  const on = engines.map(() => 0);
  let evaluations = 0;
  for (let round = 0; round < options.rounds; round++) {
    const from = (round * options.contextsPerRound) % CONTEXT_COUNT;
    const to = Math.min(from + options.contextsPerRound, CONTEXT_COUNT);
    const count = (to - from) * flagCount;
    evaluations += count;
    engines.forEach((engine, i) => {
      const started = process.hrtime.bigint();
      on[i]! += engine.evaluate(from, to);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      rates[i]!.push(count / seconds);
    });
  }
  return engines.map((engine, i) => {
    const sorted = [...rates[i]!].sort((a, b) => a - b);
    return {
      engine: engine.name,
      evaluationsPerSecond: sorted[Math.floor(sorted.length / 2)]!,
      onRate: on[i]! / evaluations,
    };
  });
}

function format(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : `${(n / 1e3).toFixed(0)}k`;
}

export async function run(options: LocalEvaluationOptions = {}): Promise<BenchmarkResult> {
  const settings: Required<LocalEvaluationOptions> = {
    rounds: options.rounds ?? 5,
    contextsPerRound: options.contextsPerRound ?? CONTEXT_COUNT / 5,
    warmupContexts: options.warmupContexts ?? 10_000,
  };
  const flags = workloadFlags();
  const contexts = workloadContexts();
  const engines: Engine[] = [
    switchyardEngine(flags, contexts),
    newOperatorsEngine(flags, contexts),
    await unleashEngine(flags, contexts),
    growthbookEngine(flags, contexts),
    growthbookClientEngine(flags, contexts),
  ];
  let measurements: Measurement[];
  try {
    measurements = measure(engines, flags.length, settings);
  } finally {
    for (const engine of engines) engine.close?.();
  }
  const [switchyard, newOperators, ...others] = measurements as [Measurement, Measurement, ...Measurement[]];
  const fastest = others.reduce((a, b) => (b.evaluationsPerSecond > a.evaluationsPerSecond ? b : a));
  const ratio = switchyard.evaluationsPerSecond / fastest.evaluationsPerSecond;
  const rows = measurements.map((m) => ({
    engine: m.engine,
    'evaluations/s': Math.round(m.evaluationsPerSecond),
    'evaluations/s (readable)': format(m.evaluationsPerSecond),
    'on-rate': `${(m.onRate * 100).toFixed(2)} %`,
    'vs switchyard': `${(switchyard.evaluationsPerSecond / m.evaluationsPerSecond).toFixed(1)}x`,
  }));
  const summary =
    `${flags.length} flags x ${CONTEXT_COUNT.toLocaleString('en-US')} contexts: @switchyard/core ` +
    `${format(switchyard.evaluationsPerSecond)} evaluations/s, ${ratio.toFixed(1)}x the fastest other SDK ` +
    `(${fastest.engine}, ${format(fastest.evaluationsPerSecond)}/s); target >= 5x. Newer-operators workload: ` +
    `${format(newOperators.evaluationsPerSecond)}/s, ` +
    `${(newOperators.evaluationsPerSecond / fastest.evaluationsPerSecond).toFixed(1)}x that peer.`;
  return { name: 'local-evaluation', rows, summary };
}

if (require.main === module) {
  run()
    .then((result) => {
      console.log(`# ${result.name}`);
      console.table(result.rows);
      console.log(result.summary);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
