import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a test receiver got: one entry per request, whatever it answered. */
export interface ReceivedRequest {
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number | 'hung';
}

export type Reply = number | 'hang';

/**
 * An HTTP server started by a test on a free port: `script(n)` decides the answer to the
 * n-th call (1-based), a status code or 'hang' (never answers; the caller times out).
 */
export async function startReceiver(script: (n: number) => Reply = () => 200) {
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = script(requests.length + 1);
      requests.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        answered: reply === 'hang' ? 'hung' : reply,
      });
      if (reply === 'hang') return;
      res
        .writeHead(reply, { 'content-type': 'text/plain' })
        .end(reply < 300 ? 'ok' : `failing with ${reply}`);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A URL on a port nobody listens on (a server is opened there and closed again). */
export async function deadUrl(): Promise<string> {
  const receiver = await startReceiver();
  const { url } = receiver;
  await receiver.close();
  return url;
}

/** Polls `check` until it returns a value (not undefined/false); fails with `what` after `timeoutMs`. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 45_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
