import net from 'node:net';
import { startTestStack, type TestStack } from '@switchyard/testkit';
import WebSocket from 'ws';

// SIGTERM to a gateway (what Kubernetes and `npm start` send), observed from outside over real
// HTTP and WebSocket: readiness goes false at once, a request in flight is still answered,
// WebSockets are closed with 1012 (Service Restart, which graphql-ws clients retry) after that,
// and the process exits 0 within its grace period.
describe('gateway graceful shutdown', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      subgraphs: ['flags'],
      env: { SHUTDOWN_READINESS_DELAY_MS: '1500', SHUTDOWN_GRACE_MS: '8000' },
    });
  }, 180_000);
  afterAll(() => stack?.stop());

  it('goes unready, finishes in-flight requests, closes WebSockets with 1012, exits 0', async () => {
    const gateway = stack.services.get('gateway')!;
    const { port } = new URL(stack.gatewayUrl);
    const token = await stack.adminToken();

    // A subscriber, acknowledged.
    const socket = new WebSocket(stack.wsUrl, 'graphql-transport-ws');
    const closed = new Promise<{ code: number; at: number }>((resolve) =>
      socket.once('close', (code) => resolve({ code, at: Date.now() })),
    );
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () =>
        socket.send(
          JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
        ),
      );
      socket.on('message', (m) => {
        if (JSON.parse(String(m)).type === 'connection_ack') resolve();
      });
      socket.once('error', reject);
    });

    // A request in flight: headers sent, the body still on its way when the signal comes.
    const body = JSON.stringify({ query: '{ flags { totalCount } }' });
    const raw = net.connect(Number(port), '127.0.0.1');
    let answer = '';
    raw.on('data', (d) => (answer += d));
    const answered = new Promise<number>((resolve) => raw.once('end', () => resolve(Date.now())));
    await new Promise<void>((resolve) => raw.once('connect', () => resolve()));
    raw.write(
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Authorization: Bearer ${token}\r\nConnection: close\r\nContent-Length: ${body.length}\r\n\r\n` +
        body.slice(0, 10),
    );
    await new Promise((r) => setTimeout(r, 300));

    expect((await fetch(`${stack.gatewayUrl}/ready`)).status).toBe(200);
    process.kill(gateway.pid!, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    const ready = await fetch(`${stack.gatewayUrl}/ready`);
    expect(ready.status).toBe(503);
    raw.write(body.slice(10));
    const answeredAt = await answered;
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer).toContain('"totalCount"');

    const close = await closed;
    expect(close.code).toBe(1012);
    expect(close.at).toBeGreaterThanOrEqual(answeredAt);
    while (gateway.running) await new Promise((r) => setTimeout(r, 50));
    // 0: it finished before SHUTDOWN_GRACE_MS (the grace timer exits 1).
    expect(gateway.lastExitCode).toBe(0);
  }, 60_000);
});
