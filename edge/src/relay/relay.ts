import path from 'node:path';
import type { FlagSet } from '@switchyard/core';
import {
  createEvaluationCounter,
  createLogger,
  createMetrics,
  DEFAULT_PROJECT,
  EvaluationUsage,
  type Logger,
  RecentContextSampler,
} from '@switchyard/server-kit';
import { Counter, Gauge } from 'prom-client';
import { evaluateAnswerer } from '../evaluation/evaluate-answerer';
import { FlagEvaluation } from '../evaluation/flag-evaluation';
import { upstreamContextSink, upstreamUsageSink } from '../evaluation/usage-intake';
import { flagSetAnswerer } from '../flag-sets/flag-set-answerer';
import { flagSetScope, splitFlagSetScope } from '../flag-sets/flag-set-scope';
import { LiveFlagSets } from '../flag-sets/live-flag-sets';
import { EdgeDocuments } from '../projection/edge-documents';
import { CallerKeys } from './caller-keys';
import { ChangeHub } from './change-hub';
import { EventBuffer } from './event-buffer';
import type { RelayConfig } from './relay-config';
import { relaySchema } from './relay-schema';
import { startRelayServer } from './relay-server';
import { keyHash, type RelaySnapshot, readSnapshot, snapshotPath, writeSnapshot } from './snapshot';
import { UpstreamFeed } from './upstream-feed';

export interface RunningRelay {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** What the relay holds for one project it serves: its flag set and changes, its events, its feed. */
interface ServedProject {
  project: string;
  /** The relay's SERVER key of the project (null offline). */
  key: string | null;
  hub: ChangeHub;
  events: EventBuffer;
  feed: UpstreamFeed | null;
}

const KEY_PROJECT = 'query SwitchyardEdgeKeyProject($e: String!) { flagSet(environment: $e) { project } }';

/** The project of one of the relay's own SERVER keys, as upstream says; throws when upstream cannot answer. */
async function askKeyProject(upstreamUrl: string, key: string, environment: string): Promise<string> {
  const res = await fetch(`${upstreamUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: KEY_PROJECT, variables: { e: environment } }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json()) as {
    data?: { flagSet: { project: string | null } } | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  if (body.data?.flagSet) return body.data.flagSet.project ?? DEFAULT_PROJECT;
  const e = body.errors?.[0];
  throw new Error(
    `upstream flagSet(${environment}) with server key ${key.slice(0, 12)}…: ${e ? `${e.extensions?.code ?? ''} ${e.message}` : `HTTP ${res.status}`}`,
  );
}

/**
 * The projects the relay serves, in the order of its keys: each SERVER key's project (from the snapshot
 * when it names the key, else asked upstream), or offline the snapshot's projects.
 */
async function servedProjects(
  config: RelayConfig,
  snapshot: RelaySnapshot | null,
): Promise<{ project: string; key: string | null }[]> {
  if (config.offline || !config.upstreamUrl)
    return (snapshot?.projects ?? []).map((p) => ({ project: p.project, key: null }));
  const served: { project: string; key: string | null }[] = [];
  for (const key of config.serverKeys) {
    const known = snapshot?.keys.find((k) => k.hash === keyHash(key) && k.kind === 'server')?.project;
    const project = known ?? (await askKeyProject(config.upstreamUrl, key, config.environment));
    const twice = served.find((s) => s.project === project);
    if (twice)
      throw new Error(`two of --server-key's keys are of project "${project}": give one per project`);
    served.push({ project, key });
  }
  return served;
}

/**
 * A standalone edge: serves one environment's evaluation (`evaluate`, `flagSet`, `configChanged`,
 * `evaluatedConfig`, `POST /events`) next to the apps, for every project it has a SERVER key of (a
 * caller's key evaluates its own project's flags), from flag sets it follows upstream (a gateway or
 * another edge) and keeps in a snapshot file, so it starts and serves with upstream gone, or with no
 * network at all (`offline`).
 */
export async function startRelay(
  config: RelayConfig,
  logger: Logger = createLogger('edge', config.logLevel),
): Promise<RunningRelay> {
  const file = snapshotPath(config.dataDir);
  const snapshot = await readSnapshot(file, config.environment);
  if (config.offline && !snapshot)
    throw new Error(
      `--offline needs a snapshot, and ${file} does not exist (run the edge online once, or copy one there)`,
    );

  const metrics = createMetrics('edge');
  const registry = metrics.registry;
  const upstreamConnected = new Gauge({
    name: 'switchyard_edge_upstream_connected',
    help: '1 while the change stream from upstream is connected (of every project served)',
    registers: [registry],
  });
  const version = new Gauge({
    name: 'switchyard_edge_flag_set_version',
    help: 'Version (change sequence) of the newest flag set served',
    registers: [registry],
  });
  const changesSeen = new Counter({
    name: 'switchyard_edge_config_changes_total',
    help: 'Config changes received from upstream',
    registers: [registry],
  });
  const forwarded = new Counter({
    name: 'switchyard_edge_events_forwarded_total',
    help: 'Events forwarded upstream, by upstream outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });

  const served = new Map<string, ServedProject>();
  const hubOf = (project: string) => served.get(project)?.hub ?? null;
  const newestVersion = () => Math.max(0, ...[...served.values()].map((p) => p.hub.flagSet?.version ?? 0));
  // The live sets read what each project's hub holds; every new set from upstream drops its project's.
  const flagSets = new LiveFlagSets(
    async (scope) => {
      const { project, environment } = splitFlagSetScope(scope);
      return environment === config.environment ? (hubOf(project)?.flagSet ?? null) : null;
    },
    { logger, maxAgeMs: Number.POSITIVE_INFINITY },
  );
  const keyOf = (project: string) => served.get(project)?.key ?? null;
  // Counts of what this edge (and any edge chained behind it) evaluated go upstream for Flag.usage, each
  // project's with its key; offline there is nowhere to send them.
  const usage =
    config.offline || !config.upstreamUrl || config.serverKeys.length === 0
      ? null
      : new EvaluationUsage(
          upstreamUsageSink(config.upstreamUrl, keyOf),
          logger,
          createEvaluationCounter(registry),
        );
  usage?.start(config.usageFlushMs);
  // The contexts it evaluates go upstream the same way (POST /usage), for the impact preview: sampled
  // and allow-listed here as on a gateway (RECENT_CONTEXTS_PER_FLUSH, RECENT_CONTEXT_ATTRIBUTES).
  const contexts =
    usage && config.upstreamUrl
      ? RecentContextSampler.fromEnv(upstreamContextSink(config.upstreamUrl, keyOf), logger)
      : null;
  contexts?.start(config.usageFlushMs);
  const evaluation = new FlagEvaluation(flagSets, usage, contexts);

  // Snapshot writes one at a time, the latest state each time.
  let writing: Promise<void> = Promise.resolve();
  const persist = () => {
    writing = writing
      .then(async () => {
        const projects = [...served.values()].flatMap((p) =>
          p.hub.flagSet ? [{ project: p.project, flagSet: p.hub.flagSet, changes: [...p.hub.changes] }] : [],
        );
        if (projects.length === 0) return;
        await writeSnapshot(file, {
          format: 2,
          environment: config.environment,
          savedAt: new Date().toISOString(),
          projects,
          keys: keys.list(),
        });
      })
      .catch((err: Error) => logger.error({ err: err.message, file }, 'snapshot not written'));
  };

  const projects = await servedProjects(config, snapshot);
  const keys = new CallerKeys({
    environment: config.environment,
    upstreamUrl: config.offline ? null : config.upstreamUrl,
    ttlMs: config.keyTtlMs,
    ownKeys: new Map(projects.flatMap((p) => (p.key ? [[p.key, p.project] as const] : []))),
    projects: () => [...served.keys()],
    initial: snapshot?.keys ?? [],
    onChange: persist,
  });

  const connected = new Set<string>();
  for (const [i, { project, key }] of projects.entries()) {
    const held = snapshot?.projects.find((p) => p.project === project) ?? null;
    const hub = new ChangeHub(held ? { set: held.flagSet, etag: null, changes: held.changes } : null);
    const events = new EventBuffer({
      // The first project's events stay where a relay of one project kept them.
      dir: path.join(config.dataDir, i === 0 ? 'events' : `events-${project}`),
      eventsUrl: config.offline || !config.upstreamUrl ? null : `${config.upstreamUrl}/events`,
      serverKey: key,
      batchSize: config.eventsBatchSize,
      flushMs: config.eventsFlushMs,
      logger,
      onForwarded: (accepted, duplicates, rejected) => {
        forwarded.inc({ outcome: 'accepted' }, Math.max(0, accepted - duplicates));
        forwarded.inc({ outcome: 'duplicate' }, duplicates);
        forwarded.inc({ outcome: 'rejected' }, rejected);
      },
    });
    await events.start();
    const feed =
      config.offline || !config.upstreamUrl || !key
        ? null
        : new UpstreamFeed({
            upstreamUrl: config.upstreamUrl,
            serverKey: key,
            environment: config.environment,
            refreshMs: config.refreshMs,
            logger,
            initial: held ? { set: held.flagSet, etag: null } : null,
            onFlagSet: (set: FlagSet, etag) => {
              hub.setFlagSet(set, etag);
              flagSets.invalidate(flagSetScope(project, config.environment));
              version.set(newestVersion());
              logger.info({ project, version: set.version }, 'flag set updated');
              persist();
            },
            onChange: (change) => {
              changesSeen.inc();
              hub.addChange(change);
            },
            onConnection: (up) => {
              if (up) connected.add(project);
              else connected.delete(project);
              upstreamConnected.set(connected.size === projects.length ? 1 : 0);
              if (!up) logger.warn({ project }, 'upstream change stream lost; serving the last flag set');
            },
          });
    served.set(project, { project, key, hub, events, feed });
  }
  version.set(newestVersion());
  new Gauge({
    name: 'switchyard_edge_events_buffered',
    help: 'Events kept on disk, not yet taken by upstream',
    registers: [registry],
    collect() {
      this.set([...served.values()].reduce((n, p) => n + p.events.pending, 0));
    },
  });

  for (const { project, feed } of served.values()) {
    if (!feed) continue;
    // With a snapshot, serve it at once and catch up in the background; without, upstream must answer first.
    const first = feed.start();
    if (served.get(project)!.hub.flagSet)
      first.catch((err: Error) =>
        logger.warn({ err: err.message, project }, 'upstream unreachable; serving the snapshot'),
      );
    else await first;
  }

  let draining = false;
  const server = await startRelayServer({
    host: config.host,
    port: config.port,
    schema: relaySchema({ evaluation, flagSets, hub: hubOf }),
    documents: new EdgeDocuments(30),
    answerers: { evaluate: evaluateAnswerer(evaluation), flagSet: flagSetAnswerer(flagSets) },
    keys,
    evaluation,
    events: (project) => served.get(project)?.events ?? null,
    usage,
    contexts,
    registry,
    metricsToken: config.metricsToken,
    logger,
    ready: () => {
      if (draining) return { ready: false, status: 'draining' };
      const waiting = [...served.values()].filter((p) => !p.hub.flagSet).map((p) => p.project);
      if (served.size === 0) return { ready: false, status: 'no flag set yet' };
      return waiting.length === 0
        ? { ready: true, status: 'ready' }
        : { ready: false, status: `no flag set yet (${waiting.join(', ')})` };
    },
    answered: (operation, seconds) => metrics.observe(operation, 'query', seconds),
  });
  logger.info(
    {
      url: server.url,
      environment: config.environment,
      projects: [...served.keys()],
      upstream: config.offline ? 'offline' : config.upstreamUrl,
    },
    'edge ready',
  );
  return {
    url: server.url,
    port: server.port,
    async close() {
      draining = true;
      await server.close();
      // The last counts go up before the upstream connections close.
      await usage?.stop();
      await contexts?.stop();
      for (const p of served.values()) {
        await p.feed?.close();
        await p.events.stop();
      }
      await writing;
    },
  };
}
