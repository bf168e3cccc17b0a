import http from 'node:http';
import net from 'node:net';
import { pooledRequest } from './pooled-request';

/**
 * A keep-alive server that resets a connection when a second request arrives on it, as a server
 * closing an idle connection does when the client reuses it at that moment.
 */
function resettingServer() {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    let requests = 0;
    socket.on('data', () => {
      requests++;
      if (requests > 1) {
        socket.resetAndDestroy();
        return;
      }
      socket.write(
        'HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\nok',
      );
    });
  });
  return {
    server,
    connections: () => connections,
    listen: () =>
      new Promise<number>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
      ),
  };
}

describe('pooledRequest', () => {
  it('sends an exchange again on a fresh connection when a reused one was reset', async () => {
    const fake = resettingServer();
    const port = await fake.listen();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const options = { hostname: '127.0.0.1', port, path: '/', method: 'POST', agent };
    try {
      const first = await pooledRequest(http, options, 'one', 2000);
      // The second goes out on the pooled connection, which the server resets.
      const second = await pooledRequest(http, options, 'two', 2000);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(second.body.toString()).toBe('ok');
      expect(fake.connections()).toBe(2);
    } finally {
      agent.destroy();
      fake.server.close();
    }
  });

  it('fails an exchange whose fresh connection is reset, without sending it again', async () => {
    const server = net.createServer((socket) => socket.on('data', () => socket.resetAndDestroy()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    let connections = 0;
    server.on('connection', () => connections++);
    const agent = new http.Agent({ keepAlive: true });
    try {
      await expect(
        pooledRequest(http, { hostname: '127.0.0.1', port, path: '/', method: 'POST', agent }, 'x', 2000),
      ).rejects.toMatchObject({ code: 'ECONNRESET' });
      expect(connections).toBe(1);
    } finally {
      agent.destroy();
      server.close();
    }
  });
});
