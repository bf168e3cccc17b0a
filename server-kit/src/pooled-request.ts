import type http from 'node:http';
import type https from 'node:https';

export interface PooledResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const STALE_CONNECTION = new Set(['ECONNRESET', 'EPIPE']);

/**
 * One HTTP exchange over a keep-alive agent. A pooled connection the server closes as idle just as
 * it is reused fails with ECONNRESET or EPIPE before the server read the request; such an exchange
 * is sent once more on a fresh connection (`request.reusedSocket`, as Node's documentation advises),
 * so an idle gap of the server's keep-alive timeout does not fail a request.
 */
export function pooledRequest(
  transport: typeof http | typeof https,
  options: http.RequestOptions,
  body: string | undefined,
  timeoutMs: number,
): Promise<PooledResponse> {
  const attempt = (retry: boolean): Promise<PooledResponse> =>
    new Promise((resolve, reject) => {
      const req = transport.request(options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      });
      req.setTimeout(timeoutMs, () => {
        req.destroy(Object.assign(new Error(`timed out after ${timeoutMs} ms`), { name: 'TimeoutError' }));
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (retry && req.reusedSocket && STALE_CONNECTION.has(err.code ?? '')) resolve(attempt(false));
        else reject(err);
      });
      req.end(body);
    });
  return attempt(true);
}
