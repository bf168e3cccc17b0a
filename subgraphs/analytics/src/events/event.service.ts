import {
  DEFAULT_PROJECT,
  errors,
  type Identity,
  isUnavailableError,
  projectScopedKey,
  requirePermission,
} from '@switchyard/server-kit';
import type { ResultsNotifier } from '../rollups/results-notifier';
import type { RollupRepository } from '../rollups/rollup.repository';
import type { ExperimentCatalog, ExperimentVariants } from '../services/experiment-catalog';
import type { EventRepository, StoredEvent } from './event.repository';
import { type EventInput, eventProblem, MAX_BATCH } from './event-validation';

export interface EventResult {
  eventId: string;
  accepted: boolean;
  duplicate: boolean;
  reason: string | null;
}

export interface TrackOptions {
  now?: number;
  /** Environment of EVALUATION events that name none (an SDK key's own environment). */
  environment?: string | null;
  /**
   * The project the call names, or the calling SDK key's own (see eventScope): every event is of it (an
   * event naming another in `properties.project` is rejected), its experiments are the ones the events name
   * (an SDK key's flags' `experiment:` rules name that project's experiments). Null: each event's own
   * `properties.project`, else default. Trusted producers send project-scoped experiment keys.
   */
  project?: string | null;
  /** Who fixed `project`, for the reason an event naming another gets: the SDK key, or the call. */
  projectOwner?: 'key' | 'request';
  /** Without `project`: why the caller may not send events of a project an event names (null: it may). */
  projectAccess?: (project: string) => Promise<string | null>;
  /** Skip the experiment lookup: for producers that know the experiment (the experiments subgraph, the seed). */
  trusted?: boolean;
}

/** Events one group commit carries at most (a call's batch is never split). */
const MAX_GROUP_EVENTS = 5000;
/** Group transactions under way at once (see commit). */
const MAX_GROUPS_IN_FLIGHT = 2;

interface PendingCommit {
  valid: StoredEvent[];
  resolve: (stored: Set<string>) => void;
  reject: (err: unknown) => void;
}

/** Ingestion: per-event validation, then raw events and their rollups in one transaction. */
export class EventService {
  private readonly waiting: PendingCommit[] = [];
  private inFlight = 0;

  constructor(
    private readonly repo: EventRepository,
    private readonly rollups: RollupRepository,
    private readonly catalog: ExperimentCatalog,
    private readonly notifier: ResultsNotifier | null = null,
  ) {}

  async track(input: EventInput[], opts: TrackOptions = {}) {
    const now = opts.now ?? Date.now();
    if (input.length > MAX_BATCH) {
      throw errors.badInput(`at most ${MAX_BATCH} events per call; this call has ${input.length}`, 'events');
    }
    const projects = opts.trusted ? null : await this.projectsOf(input, opts);
    // Experiments are stored under their project-scoped key (the bare key in the default project).
    const events = projects
      ? input.map((e, i) =>
          e.experimentKey
            ? { ...e, experimentKey: projectScopedKey(projects[i]!.project, e.experimentKey) }
            : e,
        )
      : input;
    const experiments = opts.trusted ? null : await this.lookUpExperiments(events);
    const results: EventResult[] = [];
    const valid: StoredEvent[] = [];
    const seenInBatch = new Set<string>();
    for (const [i, e] of events.entries()) {
      const reason =
        eventProblem(e, now) ??
        environmentProblem(e, opts.environment ?? null) ??
        projects?.[i]?.problem ??
        (experiments && experimentProblem(e, experiments));
      if (reason) {
        results.push({ eventId: e.eventId, accepted: false, duplicate: false, reason });
        continue;
      }
      if (seenInBatch.has(e.eventId)) {
        results.push({ eventId: e.eventId, accepted: true, duplicate: true, reason: null });
        continue;
      }
      seenInBatch.add(e.eventId);
      // Stamped with the call's (or key's) project; an event naming its own carries it already.
      valid.push(toStored(e, now, opts.environment ?? null, opts.project ?? null));
      results.push({ eventId: e.eventId, accepted: true, duplicate: false, reason: null });
    }
    const inserted = await this.commit(valid);
    for (const r of results) {
      if (r.accepted && !r.duplicate && !inserted.has(r.eventId)) r.duplicate = true;
    }
    return {
      accepted: results.filter((r) => r.accepted && !r.duplicate).length,
      duplicates: results.filter((r) => r.duplicate).length,
      rejected: results.filter((r) => !r.accepted).length,
      results,
    };
  }

  /**
   * Group commit: calls that arrive while a transaction is under way wait and go into the next one together, so
   * the commit's WAL flush (synchronous by default: acknowledged means durable) is paid once per group, not per
   * call. Two groups are in flight at once: the next group's raw rows go in while the current one holds the rollup
   * lock and flushes its commit (an event id both carry waits for the first commit, then counts as a duplicate).
   * Resolves with the ids this call stored (an id two calls of one group both carry belongs to the first).
   */
  private commit(valid: StoredEvent[]): Promise<Set<string>> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ valid, resolve, reject });
      this.startGroups();
    });
  }

  private startGroups(): void {
    while (this.inFlight < MAX_GROUPS_IN_FLIGHT && this.waiting.length > 0) {
      const group: PendingCommit[] = [];
      let size = 0;
      while (
        this.waiting.length > 0 &&
        (group.length === 0 || size + this.waiting[0]!.valid.length <= MAX_GROUP_EVENTS)
      ) {
        const next = this.waiting.shift()!;
        group.push(next);
        size += next.valid.length;
      }
      this.inFlight++;
      void this.commitGroup(group).finally(() => {
        this.inFlight--;
        this.startGroups();
      });
    }
  }

  /**
   * One transaction for the group. If it fails, each call is tried again alone, so one call the database refuses
   * fails by itself instead of failing every call it was grouped with; an unavailable database fails them all.
   */
  private async commitGroup(group: PendingCommit[]): Promise<void> {
    try {
      const stored = await this.commitTogether(group);
      for (const pending of group) pending.resolve(stored.get(pending)!);
    } catch (err) {
      if (group.length === 1 || isUnavailableError(err)) {
        for (const pending of group) pending.reject(err);
        return;
      }
      for (const pending of group) await this.commitGroup([pending]);
    }
  }

  private async commitTogether(group: PendingCommit[]): Promise<Map<PendingCommit, Set<string>>> {
    const owner = new Map<string, PendingCommit>();
    for (const pending of group)
      for (const e of pending.valid) if (!owner.has(e.eventId)) owner.set(e.eventId, pending);
    const events = group.flatMap((p) => p.valid.filter((e) => owner.get(e.eventId) === p));
    const { fresh, touched } = await this.repo.transaction(async (m) => {
      const fresh = await this.repo.insertEvents(m, events);
      return { fresh, touched: await this.rollups.applyBatch(m, fresh) };
    });
    this.notifier?.changed(touched);
    this.notifier?.stored(fresh);
    const mine = new Map<PendingCommit, Set<string>>(group.map((p) => [p, new Set()]));
    for (const e of fresh) mine.get(owner.get(e.eventId)!)!.add(e.eventId);
    return mine;
  }

  /**
   * Rebuilding an experiment's results is a write to that experiment: it needs the permission that editing it
   * needs, in its environment (production only with the production grant).
   */
  async recompute(identity: Identity, project: string, experimentKey: string) {
    requirePermission(identity, 'experiments:write', { project });
    const stored = projectScopedKey(project, experimentKey);
    const environment = await this.catalog.environment(stored);
    if (environment === null) throw errors.notFound('Experiment', experimentKey);
    requirePermission(identity, 'experiments:write', { environment, project });
    const counts = await this.rollups.recomputeExperiment(stored);
    this.notifier?.changed([stored]);
    return { experimentKey, ...counts };
  }

  /**
   * Each event's project, and why it cannot be stored there: the call's (or key's) project, which an event
   * naming another contradicts; else the one the event names, if the caller may write events there; else default.
   */
  private async projectsOf(
    events: EventInput[],
    opts: TrackOptions,
  ): Promise<{ project: string; problem: string | null }[]> {
    const fixed = opts.project ?? null;
    const named = events.map(namedProject);
    const access = new Map<string, Promise<string | null>>();
    const problemIn = (project: string) => {
      if (!opts.projectAccess) return Promise.resolve(null);
      if (!access.has(project)) access.set(project, opts.projectAccess(project));
      return access.get(project)!;
    };
    return Promise.all(
      events.map(async (e, i) => {
        const own = named[i] ?? null;
        if (fixed) {
          if (own === null || own === fixed) return { project: fixed, problem: null };
          const problem =
            opts.projectOwner === 'key'
              ? `this key belongs to project "${fixed}" and cannot report ${NOUNS[e.type] ?? 'events'} in "${own}"`
              : `this call's events are project "${fixed}"'s; this event names "${own}"`;
          return { project: fixed, problem };
        }
        const project = own ?? DEFAULT_PROJECT;
        return { project, problem: await problemIn(project) };
      }),
    );
  }

  /** Variants of every experiment the batch names; an unreachable experiments service is recorded as an Error. */
  private async lookUpExperiments(events: EventInput[]): Promise<Map<string, ExperimentVariants | Error>> {
    const keys = new Set(events.map((e) => e.experimentKey).filter((k): k is string => !!k));
    const found = new Map<string, ExperimentVariants | Error>();
    await Promise.all(
      [...keys].map(async (key) => {
        found.set(key, await this.catalog.variants(key).catch((err: Error) => err));
      }),
    );
    return found;
  }
}

/** An SDK key reports usage for its own environment only. */
function environmentProblem(e: EventInput, keyEnvironment: string | null): string | null {
  if (e.type !== 'EVALUATION' || !keyEnvironment) return null;
  const env = (e.properties as { environment?: unknown } | null | undefined)?.environment;
  if (env === undefined || env === null || env === keyEnvironment) return null;
  return `this key belongs to environment "${keyEnvironment}" and cannot report evaluations in "${String(env)}"`;
}

const NOUNS: Partial<Record<string, string>> = {
  EVALUATION: 'evaluations',
  EXPOSURE: 'exposures',
  CONVERSION: 'conversions',
};

/** The project an event names in `properties.project` (any non-null value, as text), or null. */
function namedProject(e: EventInput): string | null {
  const project = (e.properties as { project?: unknown } | null | undefined)?.project;
  return project === undefined || project === null ? null : String(project);
}

function experimentProblem(
  e: EventInput,
  experiments: Map<string, ExperimentVariants | Error>,
): string | null {
  if (!e.experimentKey) return null;
  const variants = experiments.get(e.experimentKey);
  if (variants instanceof Error) {
    return `experiment "${e.experimentKey}" could not be checked (experiments service unavailable); send it again`;
  }
  if (!variants) return `experiment "${e.experimentKey}" does not exist`;
  if (e.variant && !variants.has(e.variant)) {
    return `variant "${e.variant}" is not a variant of experiment "${e.experimentKey}" (${[...variants].join(', ')})`;
  }
  return null;
}

function toStored(
  e: EventInput,
  now: number,
  environment: string | null,
  project: string | null,
): StoredEvent {
  let properties = e.properties ?? null;
  // Usage is counted per project and environment: an evaluation without them takes the caller's.
  if (e.type === 'EVALUATION' && environment) {
    const props = (properties && typeof properties === 'object' ? properties : {}) as Record<string, unknown>;
    if (typeof props.environment !== 'string') properties = { ...props, environment };
  }
  // Conversions and custom events too: a release guard reads only its flag's project's events.
  if (e.type !== 'EXPOSURE' && project) {
    const props = (properties && typeof properties === 'object' ? properties : {}) as Record<string, unknown>;
    if (typeof props.project !== 'string') properties = { ...props, project };
  }
  return {
    eventId: e.eventId,
    type: e.type,
    userKey: e.userKey,
    experimentKey: e.experimentKey ?? null,
    variant: e.variant ?? null,
    eventName: e.eventName ?? null,
    value: e.type === 'EVALUATION' ? (e.value ?? 1) : (e.value ?? null),
    properties,
    occurredAt: e.timestamp ? new Date(e.timestamp) : new Date(now),
    analysisPeriod: e.type === 'EXPOSURE' ? (e.analysisPeriod ?? 1) : 1,
  };
}
