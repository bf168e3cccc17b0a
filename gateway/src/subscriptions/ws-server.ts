import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Identity, Logger } from '@switchyard/server-kit';
import { GraphQLError, type GraphQLSchema } from 'graphql';
// Renamed: it is not a React hook, whatever its name says to the linter.
import { useServer as serveGraphqlWs } from 'graphql-ws/use/ws';
import { type WebSocket, WebSocketServer } from 'ws';
import type { OperationLimits } from '../limits/operation-limits';
import type { Authenticator } from '../auth/authenticator';
import { type ConnectionLimits, ConnectionGuard } from './connection-guard';
import { DocumentCache } from './document-cache';
import { prepareSubscription, type SubscriptionField, serveSubscription } from './subscription-operation';

export interface SubscriptionServerOptions {
  httpServer: http.Server;
  path: string;
  schema: () => GraphQLSchema | null;
  authenticator: Authenticator;
  fields: Record<string, SubscriptionField>;
  logger: Logger;
  limits: ConnectionLimits;
  /** The HTTP path's operation limits, applied to every subscribe operation as well. */
  operationLimits: OperationLimits;
  /** Largest WebSocket frame accepted (ws closes the connection with 1009 above it). */
  maxPayloadBytes: number;
  onOpen?: (delta: 1 | -1) => void;
  onSubscription?: (field: string, delta: 1 | -1) => void;
}

/** graphql-ws `connection_init` payload: `{ authorization: "Bearer …" }` or `{ apiKey }`. */
function credentialsFromParams(params: Record<string, unknown> | undefined) {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const p = params ?? {};
  const headers = (p.headers as Record<string, unknown> | undefined) ?? {};
  return {
    authorization: str(p.authorization) ?? str(p.Authorization) ?? str(headers.authorization),
    apiKey: str(p.apiKey) ?? str(p['x-api-key']) ?? str(headers['x-api-key']),
  };
}

/** Frames held back per write: enough to save most syscalls, few enough not to delay the first. */
const FRAMES_PER_WRITE = 16;

/**
 * One event reaches every subscription of a connection in the same tick. Corking the TCP
 * socket turns up to FRAMES_PER_WRITE of their frames into one write instead of one each
 * (holding all until the tick ends made the first subscribers wait for the last).
 */
function coalesceWrites(socket: WebSocket, tcp: Duplex): void {
  const send = socket.send.bind(socket);
  let corked = false;
  let held = 0;
  const flush = () => {
    if (!corked) return;
    corked = false;
    held = 0;
    tcp.uncork();
  };
  socket.send = ((...args: Parameters<WebSocket['send']>) => {
    if (!corked && !tcp.destroyed) {
      corked = true;
      tcp.cork();
      process.nextTick(flush);
    }
    send(...args);
    if (corked && ++held >= FRAMES_PER_WRITE) flush();
  }) as WebSocket['send'];
}

/**
 * graphql-ws on the gateway's HTTP server and path. @apollo/gateway cannot execute
 * subscriptions, so each subscription field is served by its own stream (see `fields`),
 * which resolves payloads through the federated graph. Auth happens in `connection_init`.
 */
export function startSubscriptionServer(opts: SubscriptionServerOptions) {
  const guard = new ConnectionGuard(opts.authenticator, opts.limits, opts.logger);
  const wss = new WebSocketServer({
    server: opts.httpServer,
    path: opts.path,
    verifyClient: guard.verifyClient,
    maxPayload: opts.maxPayloadBytes,
  });
  const documents = new DocumentCache();
  wss.on('connection', (socket, req) => {
    guard.countConnection(socket, req);
    coalesceWrites(socket, req.socket);
  });
  type Extra = { identity?: Identity; guarded?: ReturnType<ConnectionGuard['admit']> };
  const disposable = serveGraphqlWs<Record<string, unknown>, Extra>(
    {
      onConnect: async (ctx) => {
        try {
          const auth = await opts.authenticator.authenticate(credentialsFromParams(ctx.connectionParams));
          // A subscription needs a caller: refuse anonymous connections outright (4403).
          if (auth.identity.kind === 'anonymous') return false;
          ctx.extra.identity = auth.identity;
          ctx.extra.guarded = guard.admit(ctx.extra.socket, ctx.extra.request, auth);
          opts.onOpen?.(1);
          return true;
        } catch (err) {
          // The key could not be looked up (database down): 1013 Try Again Later, which clients retry,
          // rather than 4403, which tells them the key is refused for good.
          if ((err as GraphQLError).extensions?.code === 'SERVICE_UNAVAILABLE') {
            ctx.extra.socket.close(1013, 'Service unavailable: retry');
          }
          return false;
        }
      },
      onClose: (ctx) => {
        guard.release(ctx.extra.guarded);
        if (ctx.extra.identity) opts.onOpen?.(-1);
      },
      onSubscribe: async (ctx, _id, payload) => {
        const limited = await guard.takeSubscribe(ctx.extra.guarded!, ctx.extra.identity!);
        if (limited) return [limited];
        const schema = opts.schema();
        if (!schema) return [new GraphQLError('The gateway is still loading its schema; retry shortly')];
        const prepared = prepareSubscription(
          schema,
          documents,
          opts.operationLimits,
          ctx.extra.identity!,
          payload,
          'WebSocket',
        );
        return 'schema' in prepared ? prepared : [...prepared];
      },
      subscribe: (args) =>
        serveSubscription(opts.fields, args, (field) => {
          opts.onSubscription?.(field, 1);
          return () => opts.onSubscription?.(field, -1);
        }),
    },
    wss,
  );
  return {
    /** Watches SSE streams too, so both transports end on the same conditions. */
    guard,
    async close() {
      guard.close();
      // 1012 Service Restart: graphql-ws clients reconnect (elsewhere) and resume with sinceVersion.
      for (const socket of wss.clients) socket.close(1012, 'Server restarting: reconnect');
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
