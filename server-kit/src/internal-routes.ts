import type { Express, Request, Response } from 'express';
import express from 'express';
import { GraphQLError } from 'graphql';
import type { RequestContext } from './context';
import { errors, isUnavailableError, PUBLIC_ERROR_CODES } from './errors';
import { IDENTITY_HEADER, type Identity, verifyIdentity } from './identity';
import type { Logger } from './logger';
import { sendJson } from './send-json';

/**
 * A subgraph operation the gateway may call without GraphQL, for a hot path it answers itself
 * (its edge). It gets the same context a resolver gets and returns the graph's representation
 * of the result (what the field's resolvers and scalars would serialize), or throws the same
 * GraphQLError the resolver would.
 */
export type InternalRoute<TContext> = (args: Record<string, unknown>, context: TContext) => Promise<unknown>;

/** One call in a batch: its arguments and the end user's request it serves. */
export interface InternalCall {
  args: Record<string, unknown>;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
}

/** What one call answers: `{ data }`, or `{ error }` shaped like a GraphQL error. */
export type InternalReply =
  | { data: unknown }
  | { error: { message: string; extensions: { code: string } & Record<string, unknown> } };

/** Calls at most in one batch. */
export const MAX_INTERNAL_BATCH = 500;
/**
 * Bytes of calls a client puts in one batch before it starts another (a lone larger call still
 * goes alone).
 */
export const MAX_INTERNAL_BATCH_BYTES = 1024 * 1024;
/**
 * The largest call is one `POST /events` batch: up to 1,000 events of up to 8 KB of properties each,
 * which the gateway accepts in a 10 MB body. Read only once the signed identity is verified.
 */
const BODY_LIMIT = 16 * 1024 * 1024;

/** Where the gateway reaches internal route `name` of a subgraph served at `graphqlUrl`. */
export function internalRouteUrl(graphqlUrl: string, name: string): string {
  return new URL(`/internal/${name}`, graphqlUrl).toString();
}

function refusal(code: string, message: string): InternalReply {
  return { error: { message, extensions: { code } } };
}

function isCall(value: unknown): value is InternalCall {
  if (value === null || typeof value !== 'object') return false;
  const { args, requestId } = value as Partial<InternalCall>;
  return args !== null && typeof args === 'object' && !Array.isArray(args) && typeof requestId === 'string';
}

/**
 * Mounts `POST /internal/<name>` for each route. A request carries a batch of calls made for one
 * caller (`{ calls: [...] }`, answered `{ replies: [...] }` in order), so the gateway sends the
 * calls of concurrent requests together. Like `/graphql`, only requests carrying an identity signed
 * by the gateway are served; deliberate refusals keep their code, anything unexpected is logged and
 * answered as INTERNAL_SERVER_ERROR.
 */
export function mountInternalRoutes<TContext>(
  app: Express,
  routes: Record<string, InternalRoute<TContext>>,
  opts: {
    secret: string;
    logger: Logger;
    buildContext: (base: RequestContext & { identity: Identity }) => TContext | Promise<TContext>;
  },
): void {
  for (const [name, route] of Object.entries(routes)) {
    const answer = async (call: InternalCall, identity: Identity): Promise<InternalReply> => {
      const logger = opts.logger.child({ requestId: call.requestId });
      try {
        const context = await opts.buildContext({
          requestId: call.requestId,
          actor: identity,
          identity,
          ip: call.ip ?? null,
          userAgent: call.userAgent ?? null,
          logger,
        });
        return { data: await route(call.args, context) };
      } catch (err) {
        const code = err instanceof GraphQLError ? err.extensions.code : undefined;
        if (err instanceof GraphQLError && typeof code === 'string' && PUBLIC_ERROR_CODES.has(code)) {
          return { error: { message: err.message, extensions: { ...err.extensions, code } } };
        }
        // As on /graphql: the caller learns to retry, and not the driver's words.
        if (isUnavailableError(err)) {
          const unavailable = errors.serviceUnavailable('database');
          return {
            error: {
              message: unavailable.message,
              extensions: { ...unavailable.extensions, code: 'SERVICE_UNAVAILABLE' },
            },
          };
        }
        logger.error(
          { err: err instanceof Error ? err.stack : String(err), route: name },
          'unexpected error',
        );
        return refusal(
          'INTERNAL_SERVER_ERROR',
          'Internal error: the server could not complete this request. It has been logged.',
        );
      }
    };

    app.post(
      `/internal/${name}`,
      // The identity first: only the gateway may send a body this large.
      async (req: Request, res: Response, next: () => void) => {
        const header = req.headers[IDENTITY_HEADER];
        const identity = await verifyIdentity(typeof header === 'string' ? header : undefined, opts.secret);
        if (!identity) {
          sendJson(res, 401, refusal('UNAUTHENTICATED', 'Subgraphs are reached through the gateway'));
          return;
        }
        res.locals.identity = identity;
        next();
      },
      express.json({ limit: BODY_LIMIT }),
      async (req: Request, res: Response) => {
        const identity = res.locals.identity as Identity;
        const calls = (req.body as { calls?: unknown } | null)?.calls;
        if (!Array.isArray(calls) || calls.length > MAX_INTERNAL_BATCH || !calls.every(isCall)) {
          sendJson(
            res,
            400,
            refusal(
              'BAD_USER_INPUT',
              `Send { "calls": [{ "args": {...}, "requestId": "..." }] } with at most ${MAX_INTERNAL_BATCH} calls`,
            ),
          );
          return;
        }
        // Concurrently: a route batches its own storage work across the calls (see AssignmentRepository).
        const replies = await Promise.all(calls.map((call) => answer(call, identity)));
        sendJson(res, 200, { replies });
      },
    );
  }
}
