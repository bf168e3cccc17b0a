import http from 'node:http';
import https from 'node:https';
import { urlToHttpOptions } from 'node:url';
import { IDENTITY_HEADER, type Identity, signIdentity } from './identity';
import {
  type InternalCall,
  type InternalReply,
  internalRouteUrl,
  MAX_INTERNAL_BATCH,
  MAX_INTERNAL_BATCH_BYTES,
} from './internal-routes';
import { pooledRequest } from './pooled-request';

/** The end user's request an internal call serves: signed as its identity, logged with its id. */
export interface InternalCaller {
  requestId: string;
  identity: Identity;
  ip: string | null;
  userAgent: string | null;
}

interface Batch {
  /** Whom every call of the batch is made for. */
  identity: Identity;
  /** Each call as JSON, and their size in bytes. */
  calls: string[];
  bytes: number;
  waiters: { resolve: (reply: InternalReply) => void; reject: (err: Error) => void }[];
}

/**
 * Calls one internal route of a subgraph (`mountInternalRoutes`), signed like `SubgraphClient`. The calls of one
 * caller made in the same turn of the event loop travel as one batch, so under load one HTTP
 * exchange (and one parse, one identity check on the other side) serves several requests; a lone
 * call leaves at once. Plain http.request over keep-alive connections: the fetch-shaped wrapper's
 * Response and Headers objects cost more than the call on this hot path.
 */
export class InternalRouteClient {
  private readonly options: http.RequestOptions;
  private readonly transport: typeof http | typeof https;
  private readonly agent: http.Agent;
  /** Calls waiting for the end of this turn, by the caller's identity (as JSON). */
  private pending = new Map<string, Batch>();
  private scheduled = false;

  constructor(
    subgraphGraphqlUrl: string,
    route: string,
    private readonly secret: string,
    private readonly timeoutMs: number,
  ) {
    const url = new URL(internalRouteUrl(subgraphGraphqlUrl, route));
    this.transport = url.protocol === 'https:' ? https : http;
    this.agent = new this.transport.Agent({ keepAlive: true, maxSockets: 256 });
    this.options = { ...urlToHttpOptions(url), method: 'POST', agent: this.agent };
  }

  async call(args: Record<string, unknown>, request: InternalCaller): Promise<InternalReply> {
    // Grouped before signing, so the calls of one turn meet in one batch however long signing takes,
    // and the batch is signed once.
    const caller = JSON.stringify(request.identity);
    const call: InternalCall = {
      args,
      requestId: request.requestId,
      ip: request.ip,
      userAgent: request.userAgent,
    };
    const json = JSON.stringify(call);
    const bytes = Buffer.byteLength(json);
    return new Promise<InternalReply>((resolve, reject) => {
      let batch = this.pending.get(caller);
      // A batch that would pass the size cap leaves first; this call starts the next one.
      if (batch && batch.bytes + bytes > MAX_INTERNAL_BATCH_BYTES) {
        this.pending.delete(caller);
        this.send(batch);
        batch = undefined;
      }
      if (!batch) {
        batch = { identity: request.identity, calls: [], bytes: 0, waiters: [] };
        this.pending.set(caller, batch);
      }
      batch.calls.push(json);
      batch.bytes += bytes;
      batch.waiters.push({ resolve, reject });
      if (batch.calls.length >= MAX_INTERNAL_BATCH) {
        this.pending.delete(caller);
        this.send(batch);
      } else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batches = this.pending;
    this.pending = new Map();
    for (const batch of batches.values()) this.send(batch);
  }

  private send(batch: Batch): void {
    signIdentity(batch.identity, this.secret)
      .then((token) => this.post(token, `{"calls":[${batch.calls.join(',')}]}`))
      .then(
        (replies) => {
          if (replies.length !== batch.waiters.length) {
            const err = new Error(
              `${this.options.path} answered ${replies.length} of ${batch.waiters.length} calls`,
            );
            for (const w of batch.waiters) w.reject(err);
            return;
          }
          for (const [i, w] of batch.waiters.entries()) w.resolve(replies[i]!);
        },
        (err: Error) => {
          for (const w of batch.waiters) w.reject(err);
        },
      );
  }

  private async post(token: string, payload: string): Promise<InternalReply[]> {
    const headers = {
      [IDENTITY_HEADER]: token,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(payload)),
    };
    const res = await pooledRequest(this.transport, { ...this.options, headers }, payload, this.timeoutMs);
    let body: { replies?: InternalReply[]; error?: { message: string } };
    try {
      body = JSON.parse(res.body.toString('utf8'));
    } catch {
      throw new Error(`${this.options.path} answered ${res.status} without JSON`);
    }
    if (Array.isArray(body.replies)) return body.replies;
    throw new Error(`${this.options.path} refused the batch: ${body.error?.message ?? res.status}`);
  }

  close(): void {
    this.agent.destroy();
  }
}
