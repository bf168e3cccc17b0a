import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Identity } from '@switchyard/server-kit';
import type { PlannedField } from './projection/leaf-projection';

/** Who asked, as the federated path would hand it to a subgraph. */
export interface EdgeRequest {
  requestId: string;
  identity: Identity;
  ip: string | null;
  userAgent: string | null;
  /** Set by an answerer that served last known rules because their source could not be read. */
  stale?: boolean;
}

/**
 * Answers the root fields of one request, or returns null to hand the request to the federated
 * path (a refusal, an oddity): that path then gives the canonical answer or error.
 */
export type EdgeAnswerer = (
  plan: PlannedField[],
  request: EdgeRequest,
) => Promise<Record<string, unknown> | PreparedResponse | null>;

/**
 * An answer serialised once and kept while its source is unchanged (a flag set at one version),
 * with a strong ETag derived from the body, so the same answer has the same tag on every replica.
 */
export class PreparedResponse {
  readonly etag: string;

  constructor(readonly body: string) {
    this.etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  }
}

/**
 * A prepared answer with its ETag; 304 without a body when `revalidate` (a GET, which caches may
 * repeat) and its If-None-Match names the tag.
 */
export function sendPrepared(
  req: IncomingMessage,
  res: ServerResponse,
  answer: PreparedResponse,
  revalidate: boolean,
): void {
  res.setHeader('etag', answer.etag);
  const known = req.headers['if-none-match'];
  if (revalidate && known?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === answer.etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = 200;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(answer.body));
  res.end(answer.body);
}
