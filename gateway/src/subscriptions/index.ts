import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { ApolloServer } from '@apollo/server';
import {
  channels,
  currentChangeSeq,
  type EventBus,
  type Identity,
  type Logger,
  type Pool,
} from '@switchyard/server-kit';
import type { GraphQLSchema } from 'graphql';
import type { Authenticator } from '../auth/authenticator';
import type { GatewayContext } from '../subgraph-transport';
import type { OperationLimits } from '../limits/operation-limits';
import type { ConnectionLimits } from './connection-guard';
import { ConfigChangeFeed, type Executor, type FeedMetrics } from './config-change-feed';
import { configChangedField } from './config-changed';
import { evaluatedConfigField, experimentResultsUpdatedField } from './triggered-fields';
import { TriggeredQueryFeed } from './triggered-query-feed';
import { type SseServerOptions, sseHandler } from './sse-server';
import { startSubscriptionServer } from './ws-server';

export interface SubscriptionsOptions {
  httpServer: http.Server;
  apollo: ApolloServer<GatewayContext>;
  schema: () => GraphQLSchema | null;
  authenticator: Authenticator;
  bus: EventBus | null;
  pool: Pool | null;
  logger: Logger;
  limits: ConnectionLimits;
  operationLimits: OperationLimits;
  /** Largest WebSocket frame accepted. */
  maxPayloadBytes: number;
  /** Bound on a replay from an old `sinceVersion`: payload cost × changes replayed. */
  maxReplayCost: number;
  metrics?: FeedMetrics & {
    connections?(delta: number): void;
    subscriptions?(field: string, delta: number): void;
  };
  pollMs?: number;
  /** GraphQL over SSE: how its HTTP requests are identified and rate limited (see sse-server.ts). */
  sse: Pick<SseServerOptions, 'authenticate' | 'rateLimit'>;
}

/** Composes the subscription side of the gateway: the feeds and the graphql-ws server. */
export async function startSubscriptions(opts: SubscriptionsOptions) {
  const execute: Executor = async (query, variables, identity: Identity) => {
    const response = await opts.apollo.executeOperation(
      { query, variables },
      {
        contextValue: {
          requestId: `subscription-${randomUUID()}`,
          identity,
          ip: null,
          userAgent: 'switchyard-gateway',
          internal: true,
        },
      },
    );
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not supported here');
    return response.body.singleResult;
  };
  const currentSeq = async () => {
    if (!opts.pool) return 0;
    return currentChangeSeq(opts.pool);
  };
  const feed = new ConfigChangeFeed(execute, currentSeq, opts.logger, opts.metrics, 100, opts.pollMs);
  await feed.start(opts.bus);
  const onExecution = () => opts.metrics?.executions?.(1);
  // Client keys: values pushed only when they change.
  const evaluated = new TriggeredQueryFeed(
    execute,
    opts.logger,
    { initial: true, onlyChanges: true, throttleMs: 0 },
    onExecution,
  );
  // Dashboards: at most one event per second per experiment.
  const results = new TriggeredQueryFeed(
    execute,
    opts.logger,
    { initial: false, onlyChanges: false, throttleMs: 1000 },
    onExecution,
  );
  const unsubscribers = opts.bus
    ? [
        await opts.bus.subscribe(channels.configChanges, (m) => {
          const environment = parseMessage(m)?.environment;
          evaluated.fire(typeof environment === 'string' ? environment : null);
        }),
        await opts.bus.subscribe(channels.experimentResults, (m) => {
          const parsed = parseMessage(m);
          const key = parsed?.experimentKey ?? parsed?.key ?? (parsed ? null : m.trim());
          if (typeof key === 'string' && key) results.fire(key);
        }),
      ]
    : [];
  const fields = {
    configChanged: configChangedField(feed, opts.maxReplayCost),
    evaluatedConfig: evaluatedConfigField(evaluated),
    experimentResultsUpdated: experimentResultsUpdatedField(results),
  };
  const server = startSubscriptionServer({
    httpServer: opts.httpServer,
    path: '/graphql',
    schema: opts.schema,
    authenticator: opts.authenticator,
    logger: opts.logger,
    limits: opts.limits,
    operationLimits: opts.operationLimits,
    maxPayloadBytes: opts.maxPayloadBytes,
    fields,
    onOpen: (d) => opts.metrics?.connections?.(d),
    onSubscription: (field, d) => opts.metrics?.subscriptions?.(field, d),
  });
  return {
    feed,
    /** `/graphql/stream`: the same fields over Server-Sent Events. */
    sse: sseHandler({
      schema: opts.schema,
      fields,
      operationLimits: opts.operationLimits,
      logger: opts.logger,
      guard: server.guard,
      ...opts.sse,
      onSubscription: (field, d) => opts.metrics?.subscriptions?.(field, d),
    }),
    groupCount: () => feed.groupCount + evaluated.groupCount + results.groupCount,
    async close() {
      for (const u of unsubscribers) await u();
      await server.close();
      await feed.stop();
    },
  };
}

function parseMessage(message: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(message);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
