import { errors, type GraphQLBody, operation, type SubgraphClient } from '@switchyard/server-kit';
import { ANALYTICS_IDENTITY } from '../services/analytics-identity';
import type { UsageRepository } from './usage.repository';

const DAY_MS = 24 * 3600_000;
interface FlagsPage {
  flags: {
    nodes: { key: string; createdAt: string }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const FLAGS_PAGE = operation<{ project: string; after: string | null }, FlagsPage>(
  `query StaleCandidates($project: String, $after: String) {
  flags(project: $project, first: 500, after: $after, filter: { archived: false }) {
    nodes { key createdAt }
    pageInfo { hasNextPage endCursor }
  }
}`,
);

export function checkDays(days: number | null | undefined): number {
  const n = days ?? 30;
  if (!Number.isInteger(n) || n < 1 || n > 365) throw errors.badInput('must be 1–365', 'days');
  return n;
}

/** First UTC day of a period of `days` days ending today. */
function firstDay(days: number, now: number): string {
  return new Date(now - (days - 1) * DAY_MS).toISOString().slice(0, 10);
}

/** Flag usage from EVALUATION events, and which flags look stale, per project. */
export class UsageService {
  constructor(
    private readonly repo: UsageRepository,
    private readonly flags: SubgraphClient,
  ) {}

  async usage(project: string, flagKey: string, days: number, environment: string | null, now = Date.now()) {
    const [daily, last] = await Promise.all([
      this.repo.daily(project, [flagKey], firstDay(days, now), environment),
      this.repo.lastEvaluated(project, [flagKey], environment),
    ]);
    const byVariation = new Map<string, number>();
    for (const d of daily) byVariation.set(d.variation, (byVariation.get(d.variation) ?? 0) + d.evaluations);
    return {
      flagKey,
      days,
      evaluations: daily.reduce((s, d) => s + d.evaluations, 0),
      lastEvaluatedAt: last.get(flagKey) ?? null,
      variations: [...byVariation]
        .map(([variation, evaluations]) => ({ variation, evaluations }))
        .sort((a, b) => b.evaluations - a.evaluations || a.variation.localeCompare(b.variation)),
      daily: daily.map((d) => ({ date: d.day, variation: d.variation, evaluations: d.evaluations })),
    };
  }

  /** The project's flags evaluated at least once: when last, and what they served in the last `days` days. */
  async activity(project: string, days: number, environment: string | null, now = Date.now()) {
    const rows = await this.repo.activity(project, new Date(now - days * DAY_MS), environment);
    return rows.map((a) => ({
      flagKey: a.flagKey,
      lastEvaluatedAt: a.lastEvaluatedAt,
      evaluations: a.recent,
      variations: a.variations,
    }));
  }

  /**
   * The project's flags older than `days` that nobody evaluated in the last `days` days, or whose every
   * evaluation in that period served one variation: candidates for clean-up.
   */
  async staleFlags(project: string, days: number, environment: string | null, now = Date.now()) {
    const since = new Date(now - days * DAY_MS);
    const [flags, activity] = await Promise.all([
      this.allFlags(project),
      this.repo.activity(project, since, environment),
    ]);
    const byKey = new Map(activity.map((a) => [a.flagKey, a]));
    const stale: {
      flag: { project: string; key: string };
      reason: 'NOT_EVALUATED' | 'SINGLE_VARIATION';
      lastEvaluatedAt: Date | null;
      variation: string | null;
    }[] = [];
    for (const flag of flags) {
      // A flag younger than the period has not had the chance to be used for it.
      if (new Date(flag.createdAt).getTime() > since.getTime()) continue;
      const a = byKey.get(flag.key);
      if (!a || a.recent === 0) {
        stale.push({
          flag: { project, key: flag.key },
          reason: 'NOT_EVALUATED',
          lastEvaluatedAt: a?.lastEvaluatedAt ?? null,
          variation: null,
        });
      } else if (a.variations.length === 1) {
        stale.push({
          flag: { project, key: flag.key },
          reason: 'SINGLE_VARIATION',
          lastEvaluatedAt: a.lastEvaluatedAt,
          variation: a.variations[0]!,
        });
      }
    }
    return stale;
  }

  private async allFlags(project: string): Promise<{ key: string; createdAt: string }[]> {
    const all: { key: string; createdAt: string }[] = [];
    let after: string | null = null;
    for (;;) {
      const { body }: { body: GraphQLBody<FlagsPage> } = await this.flags.response(
        FLAGS_PAGE,
        { project, after },
        ANALYTICS_IDENTITY,
      );
      if (!body.data?.flags) {
        throw new Error(`flags subgraph did not list flags: ${JSON.stringify(body.errors ?? 'no data')}`);
      }
      all.push(...body.data.flags.nodes);
      if (!body.data.flags.pageInfo.hasNextPage || !body.data.flags.pageInfo.endCursor) return all;
      after = body.data.flags.pageInfo.endCursor;
    }
  }
}
