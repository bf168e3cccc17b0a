import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Identity, Logger } from '@switchyard/server-kit';
import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
// Renamed: it is not a React hook, whatever its name says to the linter.
import { useServer as serveGraphqlWs } from 'graphql-ws/use/ws';
import { type WebSocket, WebSocketServer } from 'ws';
import { checkAccess, rootFieldNames } from '../auth/access-guard';
import { checkInputValues } from '../limits/input-values';
import { checkOperationLimits, measureOperation, type OperationLimits } from '../limits/operation-limits';
import type { Authenticator } from '../auth/authenticator';
import { type ConnectionLimits, ConnectionGuard } from './connection-guard';
import { DocumentCache } from './document-cache';

/** What a subscription field needs to produce its stream. */
export interface SubscriptionContext {
  identity: Identity;
  /** Permission scope: subscribers in one scope may share executions. */
  scopeKey: string;
  document: DocumentNode;
  operationName: string | null;
  variables: Record<string, unknown>;
  /** The operation's cost under the gateway's cost model: what one event's payload costs. */
  cost: number;
}

export type SubscriptionField = (
  ctx: SubscriptionContext,
) => AsyncIterableIterator<ExecutionResult> | ExecutionResult;

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

/** Counts a stream as open until it ends, however it ends. */
function tracked(
  iterator: AsyncIterableIterator<ExecutionResult>,
  onEnd: () => void,
): AsyncIterableIterator<ExecutionResult> {
  let ended = false;
  const end = () => {
    if (!ended) {
      ended = true;
      onEnd();
    }
  };
  return {
    async next() {
      const r = await iterator.next().catch((err) => {
        end();
        throw err;
      });
      if (r.done) end();
      return r;
    },
    async return() {
      end();
      return iterator.return ? iterator.return() : { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** Who may share a resolution: same kind, role, grants and key environment. */
export function scopeKeyOf(identity: Identity): string {
  return [
    identity.kind,
    identity.role ?? '',
    [...identity.permissions].sort().join(','),
    identity.environment ?? '',
    identity.keyKind ?? '',
  ].join('|');
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

/** What onSubscribe hands to subscribe about the subscriber. */
interface SubscriberContext {
  identity: Identity;
  cost: number;
}

function single(errors: GraphQLError[]): ExecutionResult {
  return { errors };
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
        const checked = documents.check(schema, payload.query);
        if ('errors' in checked) return [...checked.errors];
        const document = checked.document;
        const op = document.definitions.find(
          (d): d is OperationDefinitionNode =>
            d.kind === Kind.OPERATION_DEFINITION &&
            (!payload.operationName || d.name?.value === payload.operationName),
        );
        if (op?.operation !== 'subscription') {
          return [
            new GraphQLError(
              'Only subscriptions are served over WebSocket; send queries and mutations with HTTP POST',
              { extensions: { code: 'BAD_REQUEST' } },
            ),
          ];
        }
        const shape = measureOperation(
          op,
          document,
          (payload.variables ?? {}) as Record<string, unknown>,
          schema,
        );
        const tooBig = checkOperationLimits(shape, opts.operationLimits);
        if (tooBig) return [tooBig];
        // The subscription fields read their arguments from these values without executing
        // the operation, so they are coerced here as HTTP's execution would: a missing or
        // mistyped variable is refused instead of subscribing to `undefined`.
        const coerced = getVariableValues(schema, op.variableDefinitions ?? [], payload.variables ?? {}, {
          maxErrors: 20,
        });
        if (coerced.errors)
          return coerced.errors.map(
            (e) => new GraphQLError(e.message, { extensions: { code: 'BAD_USER_INPUT' } }),
          );
        const variableValues = coerced.coerced;
        const badValue = checkInputValues(op, document, variableValues, schema);
        if (badValue) return [badValue];
        const identity = ctx.extra.identity!;
        const refused = checkAccess(identity, rootFieldNames(op, document), {
          introspectionForAnonymous: false,
        });
        if (refused) return [refused];
        return {
          schema,
          document,
          operationName: payload.operationName ?? null,
          variableValues,
          contextValue: { identity, cost: shape.cost } satisfies SubscriberContext,
        } satisfies ExecutionArgs;
      },
      subscribe: (args) => {
        const op = args.document.definitions.find(
          (d): d is OperationDefinitionNode =>
            d.kind === Kind.OPERATION_DEFINITION &&
            (!args.operationName || d.name?.value === args.operationName),
        )!;
        const field = rootFieldNames(op, args.document)[0] ?? '';
        const serve = opts.fields[field];
        if (!serve)
          return single([new GraphQLError(`Subscription field "${field}" is not served by this gateway`)]);
        const { identity, cost } = args.contextValue as SubscriberContext;
        const stream = serve({
          identity,
          scopeKey: scopeKeyOf(identity),
          document: args.document,
          operationName: args.operationName ?? null,
          variables: (args.variableValues ?? {}) as Record<string, unknown>,
          cost,
        });
        if (!(Symbol.asyncIterator in stream)) return stream;
        opts.onSubscription?.(field, 1);
        return tracked(stream, () => opts.onSubscription?.(field, -1));
      },
    },
    wss,
  );
  return {
    async close() {
      guard.close();
      // 1012 Service Restart: graphql-ws clients reconnect (elsewhere) and resume with sinceVersion.
      for (const socket of wss.clients) socket.close(1012, 'Server restarting: reconnect');
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
