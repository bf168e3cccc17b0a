import type { IncomingMessage } from 'node:http';
import type { Identity, Logger, RateDecision } from '@switchyard/server-kit';
import type { Request, Response } from 'express';
import type { GraphQLError, GraphQLSchema } from 'graphql';
import { createHandler } from 'graphql-sse/lib/use/express';
import type { Authentication } from '../auth/authenticator';
import type { OperationLimits } from '../limits/operation-limits';
import type { ConnectionGuard } from './connection-guard';
import { DocumentCache } from './document-cache';
import { prepareSubscription, type SubscriptionField, serveSubscription } from './subscription-operation';

export interface SseServerOptions {
  schema: () => GraphQLSchema | null;
  fields: Record<string, SubscriptionField>;
  operationLimits: OperationLimits;
  logger: Logger;
  /** The caller, as every HTTP path identifies it (failed credentials rate limited). */
  authenticate(req: IncomingMessage): Promise<Authentication>;
  /** One token of the caller's bucket per subscribe, as a WebSocket subscribe draws one. */
  rateLimit(identity: Identity, req: IncomingMessage): Promise<RateDecision>;
  onSubscription?: (field: string, delta: 1 | -1) => void;
  /**
   * Watches each stream's credentials as it watches a WebSocket's: expiry, key revocation, a session
   * that ended or a role that changed (on the broadcast and at the periodic re-check) end the stream.
   */
  guard: Pick<ConnectionGuard, 'watch' | 'release' | 'connectionRefusal' | 'countOpen'>;
}

const json = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  [
    JSON.stringify({ errors: [{ message, extensions: { code } }] }),
    { status, statusText: code, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } },
  ] as const;

/**
 * GraphQL over Server-Sent Events (graphql-sse, distinct connections mode) at `/graphql/stream`, beside
 * graphql-ws, for clients behind proxies that refuse WebSockets: the same subscription fields (their
 * streams, shared executions and `sinceVersion` replays), the same checks (`prepareSubscription`), one
 * subscription per request. Credentials come as on `/graphql` (Authorization or X-API-Key headers).
 */
export function sseHandler(opts: SseServerOptions): {
  handle(req: Request, res: Response): Promise<void>;
  /** Ends every open stream (shutdown: clients reconnect elsewhere and resume with sinceVersion). */
  closeAll(): void;
} {
  const documents = new DocumentCache();
  const open = new Set<Response>();
  const responses = new WeakMap<IncomingMessage, Response>();
  const handler = createHandler<{ identity: Identity }>({
    // Distinct connections only: no reservation tokens to keep per replica.
    authenticate: () => null,
    onSubscribe: async (req, params) => {
      let auth: Authentication;
      try {
        auth = await opts.authenticate(req.raw);
      } catch (err) {
        const e = err as GraphQLError;
        const code = String(e.extensions?.code ?? 'UNAUTHENTICATED');
        if (code === 'RATE_LIMITED' || code === 'SERVICE_UNAVAILABLE')
          return json(code === 'RATE_LIMITED' ? 429 : 503, code, e.message, { 'retry-after': '1' });
        return json(401, 'UNAUTHENTICATED', e.message);
      }
      const { identity } = auth;
      if (identity.kind === 'anonymous')
        return json(401, 'UNAUTHENTICATED', 'Sign in or send an API key to subscribe');
      const res = responses.get(req.raw);
      if (res && open.has(res)) {
        // The client signs in or refreshes, then resubscribes with sinceVersion.
        const watched = opts.guard.watch(auth, req.raw, () => res.end());
        res.once('close', () => opts.guard.release(watched));
      }
      const decision = await opts.rateLimit(identity, req.raw);
      if (!decision.allowed)
        return json(
          429,
          'RATE_LIMITED',
          `Too many subscribe requests: retry after ${decision.retryAfterSeconds} s`,
          {
            'retry-after': String(decision.retryAfterSeconds),
          },
        );
      const schema = opts.schema();
      if (!schema)
        return json(503, 'SERVICE_UNAVAILABLE', 'The gateway is still loading its schema; retry shortly');
      const prepared = prepareSubscription(
        schema,
        documents,
        opts.operationLimits,
        identity,
        {
          query: params.query,
          operationName: params.operationName ?? null,
          variables: (params.variables ?? {}) as Record<string, unknown>,
        },
        'Server-Sent Events',
      );
      // Refusals travel as a `next` event with the errors, as the protocol asks (EventSource drops a 4xx).
      if (!('schema' in prepared)) return { data: null, errors: [...prepared] };
      return { ...prepared, contextValue: prepared.contextValue as { identity: Identity } };
    },
    subscribe: (args) =>
      serveSubscription(opts.fields, args, (field) => {
        opts.onSubscription?.(field, 1);
        return () => opts.onSubscription?.(field, -1);
      }),
  });
  return {
    async handle(req, res) {
      // A stream holds a connection as a WebSocket does, and counts against the same per-address cap.
      const refusal = opts.guard.connectionRefusal(req);
      if (refusal) {
        res.status(429).set(refusal.headers).send(refusal.body);
        return;
      }
      res.once('close', opts.guard.countOpen(req));
      open.add(res);
      responses.set(req, res);
      res.once('close', () => open.delete(res));
      try {
        await handler(req, res);
      } catch (err) {
        opts.logger.error({ err: (err as Error).message }, 'SSE subscription failed');
        if (!res.headersSent) res.status(500).json({ errors: [{ message: 'The subscription failed' }] });
        else res.end();
      }
    },
    closeAll() {
      for (const res of open) res.end();
    },
  };
}
