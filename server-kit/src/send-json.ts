import type { ServerResponse } from 'node:http';

/**
 * A JSON answer written straight to the socket: nothing of express's send (charset sniffing, ETag)
 * is needed for these small answers on hot paths, and it works on a bare response too.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(payload));
  res.end(payload);
}
