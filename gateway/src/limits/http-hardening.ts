import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '@switchyard/server-kit';
import type { NextFunction, Request, Response } from 'express';

/** Headers every response carries; HSTS only in production, where TLS terminates in front of us. */
export function securityHeaders(production: boolean) {
  return (_req: IncomingMessage, res: ServerResponse, next: () => void) => {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    if (production) res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
    next();
  };
}

/** Batched requests (a JSON array of operations) are allowed up to `max` operations. */
export function batchLimit(max: number) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (Array.isArray(req.body) && req.body.length > max) {
      res.status(400).json({
        errors: [
          {
            message: `A batch may hold at most ${max} operations (MAX_BATCH_SIZE); this one holds ${req.body.length}`,
            extensions: { code: 'BAD_REQUEST', limit: 'batch', max },
          },
        ],
      });
      return;
    }
    next();
  };
}

/** 400 for a body that is not JSON, worded as a GraphQL error like every other refusal here. */
export function sendBadJsonBody(res: ServerResponse, detail: string): void {
  sendJson(res, 400, {
    errors: [
      {
        message: `The request body is not valid JSON (${detail}); send one JSON object with a "query" string`,
        extensions: { code: 'BAD_REQUEST' },
      },
    ],
  });
}

/**
 * body-parser's failures (malformed JSON, too large, unsupported encoding or charset) answered
 * as GraphQL errors with their status, instead of express's HTML error page.
 */
export function jsonBodyErrors(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  const e = err as { type?: string; message?: string; status?: number; limit?: number };
  if (e?.type === 'entity.parse.failed') sendBadJsonBody(res, e.message ?? 'unreadable');
  else if (e?.type === 'entity.too.large')
    sendJson(res, 413, {
      errors: [
        {
          message: `The request body is larger than the limit of ${e.limit} bytes (MAX_BODY_BYTES on /graphql)`,
          extensions: { code: 'BAD_REQUEST', limit: 'body-bytes', max: e.limit },
        },
      ],
    });
  else if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
    sendJson(res, e.status, {
      errors: [
        {
          message: `The request body cannot be read: ${e.message ?? 'unreadable'}`,
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    });
  else next(err);
}

/**
 * Bounds an answer's size: a GraphQL answer (one operation or a batch) longer than `max`
 * bytes is replaced by one error naming the limit. The operation limits keep answers small
 * before anything runs; this is the backstop for what they cannot foresee.
 */
export function responseSizeLimit(max: number) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const send = res.send.bind(res);
    res.send = ((body: unknown) => {
      // A string's UTF-8 size is at most 3 bytes per UTF-16 unit: most answers need no count.
      if (typeof body === 'string' && body.length * 3 > max) {
        const bytes = Buffer.byteLength(body);
        if (bytes > max) {
          res.status(400);
          return send(
            JSON.stringify({
              errors: [
                {
                  message: `The answer would be ${bytes} bytes; the limit is ${max} (MAX_RESPONSE_BYTES). Select fewer fields or smaller pages.`,
                  extensions: { code: 'BAD_USER_INPUT', limit: 'response-bytes', value: bytes, max },
                },
              ],
            }),
          );
        }
      }
      return send(body);
    }) as Response['send'];
    next();
  };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Who may read GET /metrics (request counts, error codes, operation names): with `token` set, a
 * caller sending it as a bearer token; without one, anybody in development and nobody in production.
 */
export function metricsAccess(token: string | undefined, production: boolean) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (!token && !production) return next();
    const sent = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (token && sent && sameSecret(sent, token)) return next();
    sendJson(res, token ? 401 : 403, {
      errors: [
        {
          message: token
            ? 'GET /metrics needs the METRICS_TOKEN as a bearer token'
            : 'GET /metrics is closed in production until METRICS_TOKEN is set; scrapers then send it as a bearer token',
          extensions: { code: token ? 'UNAUTHENTICATED' : 'FORBIDDEN' },
        },
      ],
    });
  };
}
