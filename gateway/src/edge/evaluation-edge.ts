import type { ApolloServerPlugin } from '@apollo/server';
import { type EvaluationContext, type EvaluationResult, toGraphFlagValue } from '@switchyard/core';
import { type EvaluationUsage, hasPermission, type Identity, type Logger } from '@switchyard/server-kit';
import type { NextFunction, Request, Response } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { EdgeDocuments } from './edge-documents';
import type { EdgeFlagSets } from './edge-flag-sets';

export interface EvaluationEdgeOptions {
  schema: () => GraphQLSchema | null;
  documents: EdgeDocuments;
  flagSets: EdgeFlagSets;
  usage: EvaluationUsage;
  logger: Logger;
  /** Called for every operation the edge answers, for /metrics. */
  answered: (operationName: string, seconds: number) => void;
}

/** Set on responses the edge answered. */
export const EDGE_HEADER = 'x-switchyard-evaluated-by';

function isEvaluationContext(value: unknown): value is EvaluationContext {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const key = (value as { key?: unknown }).key;
  return typeof key === 'string' && key.length > 0;
}

/**
 * Answers `evaluate` queries in the gateway from compiled flag sets, without the hop to the
 * flags subgraph (Unleash Edge and LaunchDarkly's Relay Proxy do the same). Only the happy
 * path is answered here: a caller without the permission, a bad context, an unknown
 * environment or any other error is handed to the federated path, which produces the
 * canonical answer and error. Results are the flags subgraph's, through the same core.
 */
export function evaluationEdge(options: EvaluationEdgeOptions) {
  const { documents, flagSets, usage } = options;

  async function answer(
    req: Request,
    res: Response,
    schema: GraphQLSchema,
    identity: Identity,
  ): Promise<boolean> {
    const body = req.body as { query: string; operationName?: string; variables?: Record<string, unknown> };
    const edgeDocument = documents.documentFor(schema, body.query, body.operationName ?? undefined);
    if (!edgeDocument) return false;
    const start = process.hrtime.bigint();
    const evaluated: { environment: string; results: EvaluationResult[] }[] = [];
    const data: Record<string, unknown> = {};
    if (!hasPermission(identity, 'evaluate')) return false;
    // Any refusal returns false and any oddity throws: the federated path then gives the canonical answer.
    for (const { responseKey, call } of edgeDocument.projection.plan(body.variables)) {
      if (!call) {
        data[responseKey] = 'Query';
        continue;
      }
      const { environment, context, keys } = call.args;
      // SDK keys are confined to their own environment; the subgraph words that refusal.
      if (identity.kind === 'apiKey' && identity.environment && identity.environment !== environment)
        return false;
      if (!isEvaluationContext(context)) return false;
      const set = await flagSets.get(environment);
      if (!set) return false;
      const results = keys
        ? keys.map((k) => set.compiled.evaluate(k, context))
        : set.compiled.evaluateAll(context);
      evaluated.push({ environment, results });
      data[responseKey] = results.map((r) => call.project(toGraphFlagValue(r, set.types.get(r.key))));
    }
    for (const e of evaluated) usage.record(e.environment, e.results);
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
    answer(req, res, schema, res.locals.identity as Identity).then(
      (answered) => {
        if (!answered) next();
      },
      (err: unknown) => {
        options.logger.warn(
          { err: (err as Error).message },
          'evaluation edge failed; using the federated path',
        );
        next();
      },
    );
  };
}

/** Every mutation relayed through this gateway may change rules: the next evaluation reads them anew. */
export function edgeInvalidationPlugin(flagSets: EdgeFlagSets): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(rc) {
          if (rc.operation?.operation === 'mutation') flagSets.invalidate(null);
        },
      };
    },
  };
}
