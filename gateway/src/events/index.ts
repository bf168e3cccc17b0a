import {
  type EvaluationUsage,
  type RecentContextSampler,
  httpStatusOf,
  type Identity,
  InternalRouteClient,
  type Logger,
  type RateDecision,
} from '@switchyard/server-kit';
import cors from 'cors';
import express, { type Express, type Request, type Response } from 'express';
import { EventBatchError, readEventBatch, takeUsage } from '@switchyard/edge';
import { eventIdOf, eventShapeProblem } from './event-shape';

// 1,000 events of up to 8 KB of properties each, plus their fields.
const BODY_LIMIT = '10mb';

/** The credentials a request carries; the same shape the gateway's authenticator takes. */
export interface EventCredentials {
  authorization: string | null;
  apiKey: string | null;
}

export interface EventIngestionOptions {
  analyticsUrl: string;
  internalSecret: string;
  corsOrigins: string[];
  timeoutMs: number;
  logger: Logger;
  /**
   * Who is sending: the gateway's authenticator. sendBeacon cannot set headers, so an SDK
   * key may also come as `?apiKey=` or as `apiKey` in the body.
   */
  authenticate(credentials: EventCredentials, req: Request): Promise<Identity>;
  /** Draws this call's token from the caller's rate-limit bucket (the one `trackEvents` draws from). */
  rateLimit(identity: Identity, req: Request): Promise<RateDecision & { kind: string }>;
}

interface EventResult {
  eventId: string;
  accepted: boolean;
  duplicate: boolean;
  reason: string | null;
}

interface TrackEventsPayload {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: EventResult[];
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** `{ events: [...] }` or a bare array, from a JSON or text/plain (sendBeacon) body. */
function readBody(req: Request): { events: unknown[]; apiKey: string | null } {
  try {
    return readEventBatch(req.body);
  } catch (err) {
    if (err instanceof EventBatchError) throw new HttpError(400, 'BAD_USER_INPUT', err.message);
    throw err;
  }
}

/** The authenticator's refusal as this route's HTTP answer (anything else is rethrown). */
function refusal(res: Response) {
  return (err: Error): never => {
    const e = err as Error & { extensions?: { code?: string; retryAfterSeconds?: number } };
    const code = e.extensions?.code;
    if (code === 'RATE_LIMITED' || code === 'SERVICE_UNAVAILABLE') {
      res.setHeader('retry-after', String(e.extensions?.retryAfterSeconds ?? 1));
      throw new HttpError(code === 'RATE_LIMITED' ? 429 : 503, code, e.message);
    }
    if (code === 'UNAUTHENTICATED') throw new HttpError(401, 'UNAUTHENTICATED', e.message);
    throw err;
  };
}

function credentialsOf(req: Request, bodyKey: string | null): EventCredentials {
  const header = req.headers['x-api-key'];
  const query = req.query.apiKey;
  return {
    authorization: req.headers.authorization ?? null,
    apiKey:
      (typeof header === 'string' ? header : null) ?? (typeof query === 'string' ? query : null) ?? bodyKey,
  };
}

/**
 * `POST /events`: event ingestion over plain HTTP, for `navigator.sendBeacon` and SDKs. The
 * well-formed events go to the analytics subgraph's internal `trackEvents` route with the caller's
 * signed identity (as JSON: GraphQL input coercion of the batch cost more than storing it), so
 * validation, permissions and idempotency are exactly those of the GraphQL mutation.
 */
export function mountEventIngestion(app: Express, opts: EventIngestionOptions): void {
  const analytics = new InternalRouteClient(
    opts.analyticsUrl,
    'trackEvents',
    opts.internalSecret,
    opts.timeoutMs,
  );
  app.options('/events', cors({ origin: opts.corsOrigins, credentials: true }));
  app.post(
    '/events',
    cors({ origin: opts.corsOrigins, credentials: true }),
    express.json({ limit: BODY_LIMIT }),
    express.text({ type: 'text/plain', limit: BODY_LIMIT }),
    async (req: Request, res: Response) => {
      try {
        const { events, apiKey } = readBody(req);
        const identity = await opts.authenticate(credentialsOf(req, apiKey), req).catch(refusal(res));
        const decision = await opts.rateLimit(identity, req);
        if (!decision.allowed) {
          res.setHeader('retry-after', String(decision.retryAfterSeconds));
          throw new HttpError(
            429,
            'RATE_LIMITED',
            `Too many requests (the ${decision.kind === 'ip' ? 'address' : 'key'}'s bucket, RATE_LIMIT_PER_SECOND / RATE_LIMIT_ANONYMOUS_PER_SECOND): retry after ${decision.retryAfterSeconds} s`,
          );
        }
        // A malformed item is answered here, in place; the rest go to trackEvents.
        const local = events.map((e, i): EventResult | null => {
          const reason = eventShapeProblem(e, i);
          return reason ? { eventId: eventIdOf(e), accepted: false, duplicate: false, reason } : null;
        });
        const forwarded = events.filter((_e, i) => !local[i]);
        const reply = await analytics.call(
          { events: forwarded },
          {
            requestId: String(res.locals.requestId ?? ''),
            identity,
            ip: null,
            userAgent: req.headers['user-agent'] ?? null,
          },
        );
        if ('data' in reply) {
          const tracked = reply.data as TrackEventsPayload;
          const remote = tracked.results[Symbol.iterator]();
          const results = local.map((r) => r ?? (remote.next().value as EventResult));
          const rejectedHere = local.filter(Boolean).length;
          res.status(200).json({ ...tracked, rejected: tracked.rejected + rejectedHere, results });
          return;
        }
        const { error } = reply;
        const code = error.extensions.code;
        const status = httpStatusOf(code) ?? 502;
        if (status === 503) res.setHeader('retry-after', '1');
        res.status(status).json({ error: { code, message: error.message } });
      } catch (err) {
        if (err instanceof HttpError) {
          res.status(err.status).json({ error: { code: err.code, message: err.message } });
          return;
        }
        opts.logger.error({ err: (err as Error).message }, 'POST /events failed');
        // Unreachable or timed out: retryable, and the events were not stored.
        res.setHeader('retry-after', '1');
        res.status(503).json({
          error: {
            code: 'SERVICE_UNAVAILABLE',
            message: 'The analytics service could not be reached; send the events again',
          },
        });
      }
    },
  );
}

/**
 * `POST /usage`: the evaluation counts of an edge relay (sent with its SERVER key every flush) join this
 * gateway's own counts, which go on the bus to analytics for `Flag.usage`, and its sampled contexts join
 * this gateway's sample for the impact preview.
 */
export function mountUsageIntake(
  app: Express,
  opts: Pick<EventIngestionOptions, 'authenticate' | 'logger'> & {
    usage: EvaluationUsage;
    /** The edge's sample of evaluated contexts, which a relay's sampled `contexts` join (impact preview). */
    contexts: RecentContextSampler;
  },
): void {
  app.post('/usage', express.json({ limit: '10mb' }), async (req: Request, res: Response) => {
    try {
      const identity = await opts.authenticate(credentialsOf(req, null), req).catch(refusal(res));
      const taken = takeUsage(opts.usage, identity, req.body, opts.contexts);
      res.status(202).json({ taken });
    } catch (err) {
      if (err instanceof HttpError) {
        res.status(err.status).json({ error: { code: err.code, message: err.message } });
        return;
      }
      const code = (err as { extensions?: { code?: string } }).extensions?.code;
      const status = httpStatusOf(code);
      if (status) {
        res.status(status).json({ error: { code, message: (err as Error).message } });
        return;
      }
      opts.logger.error({ err: (err as Error).message }, 'POST /usage failed');
      res
        .status(500)
        .json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'The gateway failed; see its log' } });
    }
  });
}
