import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { EventBus, Identity, Logger, Pool } from '@switchyard/server-kit';
import type { GraphQLSchema } from 'graphql';
import type { Authenticator } from '../auth/authenticator';
import type { GatewayContext } from '../subgraph-transport';
import { ConfigChangeFeed, type Executor, type FeedMetrics } from './config-change-feed';
import { configChangedField } from './config-changed';
import { startSubscriptionServer } from './ws-server';

export interface SubscriptionsOptions {
  httpServer: http.Server;
  apollo: ApolloServer<GatewayContext>;
  schema: () => GraphQLSchema | null;
  authenticator: Authenticator;
  bus: EventBus | null;
  pool: Pool | null;
  logger: Logger;
  metrics?: FeedMetrics & {
    connections?(delta: number): void;
    subscriptions?(field: string, delta: number): void;
  };
  pollMs?: number;
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
    const { rows } = await opts.pool.query<{ value: string }>(
      'SELECT value FROM platform.config_change_seq WHERE id = 1',
    );
    return Number(rows[0]?.value ?? 0);
  };
  const feed = new ConfigChangeFeed(execute, currentSeq, opts.logger, opts.metrics, 100, opts.pollMs);
  await feed.start(opts.bus);
  const server = startSubscriptionServer({
    httpServer: opts.httpServer,
    path: '/graphql',
    schema: opts.schema,
    authenticator: opts.authenticator,
    logger: opts.logger,
    fields: { configChanged: configChangedField(feed) },
    onOpen: (d) => opts.metrics?.connections?.(d),
    onSubscription: (field, d) => opts.metrics?.subscriptions?.(field, d),
  });
  return {
    feed,
    async close() {
      await server.close();
      await feed.stop();
    },
  };
}
