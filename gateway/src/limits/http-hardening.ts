import type { NextFunction, Request, Response } from 'express';

/** Headers every response carries; HSTS only in production, where TLS terminates in front of us. */
export function securityHeaders(production: boolean) {
  return (_req: Request, res: Response, next: NextFunction) => {
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
