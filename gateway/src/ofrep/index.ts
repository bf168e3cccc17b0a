import {
  answerOfrep,
  ENVIRONMENT_HEADER,
  type FlagEvaluation,
  ofrepTarget,
  sendOfrep,
} from '@switchyard/edge';
import type { Identity, Logger, RateDecision } from '@switchyard/server-kit';
import cors from 'cors';
import express, { type Express, type Request, type Response } from 'express';

export interface OfrepOptions {
  /** The edge's evaluation; null when the gateway runs without it (EDGE_EVALUATION=false or no bus). */
  evaluation: FlagEvaluation | null;
  corsOrigins: string[];
  maxBodyBytes: number;
  logger: Logger;
  /** The caller, by the gateway's authenticator (SDK keys, tokens, user JWTs). */
  identify(req: Request): Promise<Identity>;
  rateLimit(identity: Identity, req: Request): Promise<RateDecision>;
}

const PATHS = ['/ofrep/v1/evaluate/flags', '/ofrep/v1/evaluate/flags/:key'];

/**
 * OFREP on the gateway (`POST /ofrep/v1/evaluate/flags/{key}` and bulk `POST /ofrep/v1/evaluate/flags`),
 * answered by the evaluation edge's `FlagEvaluation` through @switchyard/edge's `answerOfrep`, as the
 * standalone relay answers it: the same callers, rate limit and results as `evaluate`.
 */
export function mountOfrep(app: Express, opts: OfrepOptions): void {
  const allowBrowsers = cors({ origin: opts.corsOrigins, credentials: true, exposedHeaders: ['etag'] });
  app.options(PATHS, allowBrowsers);
  app.post(
    PATHS,
    allowBrowsers,
    // Read as text whatever the content type: the protocol's JSON errors word a body that is not JSON.
    express.text({ type: () => true, limit: opts.maxBodyBytes }),
    async (req: Request, res: Response) => {
      const target = ofrepTarget(req.path);
      if (target === null) {
        res.status(404).json({ errorDetails: 'Not an OFREP path' });
        return;
      }
      if (!opts.evaluation) {
        res.status(501).json({
          errorDetails:
            'OFREP needs the evaluation edge: EDGE_EVALUATION=true and an event bus (DATABASE_URL)',
        });
        return;
      }
      let identity: Identity;
      try {
        identity = await opts.identify(req);
      } catch (err) {
        const e = err as Error & { extensions?: { code?: string; retryAfterSeconds?: number } };
        const code = e.extensions?.code;
        if (code === 'RATE_LIMITED' || code === 'SERVICE_UNAVAILABLE')
          res.setHeader('retry-after', String(e.extensions?.retryAfterSeconds ?? 1));
        res
          .status(code === 'RATE_LIMITED' ? 429 : code === 'SERVICE_UNAVAILABLE' ? 503 : 401)
          .json({ errorDetails: e.message });
        return;
      }
      const decision = await opts.rateLimit(identity, req);
      if (!decision.allowed) {
        res.setHeader('retry-after', String(decision.retryAfterSeconds));
        res
          .status(429)
          .json({ errorDetails: `Too many requests: retry after ${decision.retryAfterSeconds} s` });
        return;
      }
      let body: unknown;
      try {
        body = typeof req.body === 'string' && req.body.length > 0 ? JSON.parse(req.body) : {};
      } catch {
        body = undefined;
      }
      const header = req.headers[ENVIRONMENT_HEADER];
      try {
        sendOfrep(
          res,
          await answerOfrep(opts.evaluation, {
            target,
            identity,
            body,
            environmentHeader: typeof header === 'string' ? header : null,
            ifNoneMatch: req.headers['if-none-match'] ?? null,
          }),
        );
      } catch (err) {
        opts.logger.error({ err: (err as Error).message }, 'OFREP evaluation failed');
        res.status(500).json({ errorDetails: 'The evaluation failed; see the gateway log' });
      }
    },
  );
}
