import type { Identity, Logger } from '@switchyard/server-kit';
import type { NextFunction, Request, Response } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { EdgeDocuments, EdgeField } from './edge-documents';
import type { PlannedField } from './leaf-projection';

/** Set on responses the edge answered. */
export const EDGE_HEADER = 'x-switchyard-evaluated-by';

/** Who asked, as the federated path would hand it to a subgraph. */
export interface EdgeRequest {
  requestId: string;
  identity: Identity;
  ip: string | null;
  userAgent: string | null;
}

/**
 * Answers the root fields of one request, or returns null to hand the request to the federated
 * path (a refusal, an oddity): that path then gives the canonical answer or error.
 */
export type EdgeAnswerer = (
  plan: PlannedField[],
  request: EdgeRequest,
) => Promise<Record<string, unknown> | null>;

export interface EdgeOptions {
  schema: () => GraphQLSchema | null;
  documents: EdgeDocuments;
  answerers: Partial<Record<EdgeField, EdgeAnswerer>>;
  logger: Logger;
  /** The end user's address, as the federated path forwards it. */
  ip: (req: Request) => string | null;
  /** Called for every operation the edge answers, for /metrics. */
  answered: (operationName: string, seconds: number) => void;
}

/**
 * The gateway's edge: plain `evaluate` and `assignment` queries answered without planning and
 * executing them through Apollo's pipeline (Unleash Edge and LaunchDarkly's Relay Proxy do the same
 * for evaluation). Only the happy path is answered here; the response body is the one the federated
 * path gives.
 */
export function edgeMiddleware(options: EdgeOptions) {
  const { documents } = options;

  async function answer(req: Request, res: Response, schema: GraphQLSchema): Promise<boolean> {
    const body = req.body as { query: string; operationName?: string; variables?: Record<string, unknown> };
    const edgeDocument = documents.documentFor(schema, body.query, body.operationName ?? undefined);
    const answerer = edgeDocument && options.answerers[edgeDocument.field];
    if (!edgeDocument || !answerer) return false;
    const start = process.hrtime.bigint();
    // Variables the projection cannot coerce throw here: the federated path words the error.
    const plan = edgeDocument.projection.plan(body.variables);
    const data = await answerer(plan, {
      requestId: String(res.locals.requestId),
      identity: res.locals.identity as Identity,
      ip: options.ip(req),
      userAgent: req.headers['user-agent'] ?? null,
    });
    if (!data) return false;
    // Says which path answered, for operators and tests; the body is the same either way.
    res.setHeader(EDGE_HEADER, 'edge');
    // Written directly: nothing of express's send (charset sniffing, ETag) is needed here.
    const payload = JSON.stringify({ data });
    res.statusCode = 200;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('content-length', Buffer.byteLength(payload));
    res.end(payload);
    options.answered(edgeDocument.operationName, Number(process.hrtime.bigint() - start) / 1e9);
    return true;
  }

  return (req: Request, res: Response, next: NextFunction): void => {
    const body = req.body as { query?: unknown; extensions?: { persistedQuery?: unknown } } | undefined;
    const schema = options.schema();
    if (
      req.method !== 'POST' ||
      !schema ||
      !body ||
      Array.isArray(body) ||
      typeof body.query !== 'string' ||
      body.extensions?.persistedQuery !== undefined
    ) {
      next();
      return;
    }
    answer(req, res, schema).then(
      (answered) => {
        if (!answered) next();
      },
      (err: unknown) => {
        options.logger.warn({ err: (err as Error).message }, 'edge failed; using the federated path');
        next();
      },
    );
  };
}
