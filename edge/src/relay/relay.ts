import path from 'node:path';
import {
  createEvaluationCounter,
  createLogger,
  createMetrics,
  EvaluationUsage,
  type Logger,
} from '@switchyard/server-kit';
import { Counter, Gauge } from 'prom-client';
import { evaluateAnswerer } from '../evaluation/evaluate-answerer';
import { FlagEvaluation } from '../evaluation/flag-evaluation';
import { upstreamUsageSink } from '../evaluation/usage-intake';
import { flagSetAnswerer } from '../flag-sets/flag-set-answerer';
import { LiveFlagSets } from '../flag-sets/live-flag-sets';
import { EdgeDocuments } from '../projection/edge-documents';
import { CallerKeys } from './caller-keys';
import { ChangeHub } from './change-hub';
import { EventBuffer } from './event-buffer';
import type { RelayConfig } from './relay-config';
import { relaySchema } from './relay-schema';
import { startRelayServer } from './relay-server';
import { readSnapshot, snapshotPath, writeSnapshot } from './snapshot';
import { UpstreamFeed } from './upstream-feed';

export interface RunningRelay {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * A standalone edge: serves one environment's evaluation (`evaluate`, `flagSet`, `configChanged`,
 * `evaluatedConfig`, `POST /events`) next to the apps, from a flag set it follows upstream (a gateway
 * or another edge) and keeps in a snapshot file, so it starts and serves with upstream gone, or with
 * no network at all (`offline`).
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
    help: '1 while the change stream from upstream is connected',
    registers: [registry],
  });
  const version = new Gauge({
    name: 'switchyard_edge_flag_set_version',
    help: 'Version (change sequence) of the flag set served',
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

  const hub = new ChangeHub(
    snapshot ? { set: snapshot.flagSet, etag: null, changes: snapshot.changes } : null,
  );
  if (snapshot) version.set(snapshot.flagSet.version);
  // The live set reads what the hub holds; every new set from upstream drops it.
  const flagSets = new LiveFlagSets(
    async (environment) => (environment === config.environment ? hub.flagSet : null),
    { logger, maxAgeMs: Number.POSITIVE_INFINITY },
  );
  // Counts of what this edge (and any edge chained behind it) evaluated go upstream for Flag.usage;
  // offline there is nowhere to send them.
  const usage =
    config.offline || !config.upstreamUrl || !config.serverKey
      ? null
      : new EvaluationUsage(
          upstreamUsageSink(config.upstreamUrl, config.serverKey),
          logger,
          createEvaluationCounter(registry),
        );
  usage?.start(config.usageFlushMs);
  const evaluation = new FlagEvaluation(flagSets, usage);

  // Snapshot writes one at a time, the latest state each time.
  let writing: Promise<void> = Promise.resolve();
  const persist = () => {
    writing = writing
      .then(async () => {
        const set = hub.flagSet;
        if (!set) return;
        await writeSnapshot(file, {
          format: 1,
          environment: config.environment,
          savedAt: new Date().toISOString(),
          flagSet: set,
          changes: [...hub.changes],
          keys: keys.list(),
        });
      })
      .catch((err: Error) => logger.error({ err: err.message, file }, 'snapshot not written'));
  };

  const keys = new CallerKeys({
    environment: config.environment,
    upstreamUrl: config.offline ? null : config.upstreamUrl,
    ttlMs: config.keyTtlMs,
    ownKey: config.serverKey,
    initial: snapshot?.keys ?? [],
    onChange: persist,
  });

  const events = new EventBuffer({
    dir: path.join(config.dataDir, 'events'),
    eventsUrl: config.offline || !config.upstreamUrl ? null : `${config.upstreamUrl}/events`,
    serverKey: config.serverKey,
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
  new Gauge({
    name: 'switchyard_edge_events_buffered',
    help: 'Events kept on disk, not yet taken by upstream',
    registers: [registry],
    collect() {
      this.set(events.pending);
    },
  });

  const feed =
    config.offline || !config.upstreamUrl || !config.serverKey
      ? null
      : new UpstreamFeed({
          upstreamUrl: config.upstreamUrl,
          serverKey: config.serverKey,
          environment: config.environment,
          refreshMs: config.refreshMs,
          logger,
          initial: snapshot ? { set: snapshot.flagSet, etag: null } : null,
          onFlagSet: (set, etag) => {
            hub.setFlagSet(set, etag);
            flagSets.invalidate(config.environment);
            version.set(set.version);
            logger.info({ version: set.version }, 'flag set updated');
            persist();
          },
          onChange: (change) => {
            changesSeen.inc();
            hub.addChange(change);
          },
          onConnection: (connected) => {
            upstreamConnected.set(connected ? 1 : 0);
            if (!connected) logger.warn('upstream change stream lost; serving the last flag set');
          },
        });

  if (feed) {
    // With a snapshot, serve it at once and catch up in the background; without, upstream must answer first.
    const first = feed.start();
    if (snapshot)
      first.catch((err: Error) =>
        logger.warn({ err: err.message }, 'upstream unreachable; serving the snapshot'),
      );
    else await first;
  }

  let draining = false;
  const server = await startRelayServer({
    host: config.host,
    port: config.port,
    schema: relaySchema({ evaluation, flagSets, hub }),
    documents: new EdgeDocuments(30),
    answerers: { evaluate: evaluateAnswerer(evaluation), flagSet: flagSetAnswerer(flagSets) },
    keys,
    evaluation,
    events,
    usage,
    registry,
    metricsToken: config.metricsToken,
    logger,
    ready: () =>
      draining
        ? { ready: false, status: 'draining' }
        : hub.flagSet
          ? { ready: true, status: 'ready' }
          : { ready: false, status: 'no flag set yet' },
    answered: (operation, seconds) => metrics.observe(operation, 'query', seconds),
  });
  logger.info(
    {
      url: server.url,
      environment: config.environment,
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
      // The last counts go up before the upstream connection closes.
      await usage?.stop();
      await feed?.close();
      await events.stop();
      await writing;
    },
  };
}
