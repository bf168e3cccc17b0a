import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { errors } from './errors';
import type { Identity } from './identity';
import { type InternalCaller, InternalRouteClient } from './internal-route-client';
import { MAX_INTERNAL_BATCH_BYTES, mountInternalRoutes } from './internal-routes';
import { createLogger } from './logger';
import { requestLogging } from './server';

const SECRET = 'internal-route-client-test-secret';

const person = (id: string): Identity => ({ id, name: id, kind: 'user', role: 'viewer', permissions: [] });
const request = (identity: Identity, requestId: string): InternalCaller => ({
  identity,
  requestId,
  ip: '203.0.113.7',
  userAgent: 'test-agent',
});

// The client against server-kit's own internal routes on a real HTTP server: an `echo` route that
// answers what it was given and who asked, and refuses `{ refuse: true }` like a resolver would.
describe('InternalRouteClient', () => {
  let server: http.Server;
  let graphqlUrl: string;
  let posts: number[];

  beforeAll(async () => {
    const app = express();
    app.use(requestLogging(createLogger('test', 'silent')));
    app.use('/internal', (req, _res, next) => {
      posts.push(Number(req.headers['content-length']));
      next();
    });
    mountInternalRoutes<{
      identity: Identity;
      requestId: string;
      ip: string | null;
      userAgent: string | null;
    }>(
      app,
      {
        echo: async (args, ctx) => {
          if (args.refuse) throw errors.badInput('refused on purpose', 'refuse');
          return {
            args,
            caller: ctx.identity.id,
            requestId: ctx.requestId,
            ip: ctx.ip,
            userAgent: ctx.userAgent,
          };
        },
      },
      { secret: SECRET, logger: createLogger('test', 'silent'), buildContext: (base) => base },
    );
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    graphqlUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    posts = [];
  });

  it('sends the calls of one caller made in one turn as one batch, each answered with its own request', async () => {
    const client = new InternalRouteClient(graphqlUrl, 'echo', SECRET, 5000);
    const ada = person('ada');
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.call({ n: i }, request(ada, `req-${i}`))),
    );
    expect(posts).toHaveLength(1);
    replies.forEach((reply, i) => {
      expect(reply).toEqual({
        data: {
          args: { n: i },
          caller: 'ada',
          requestId: `req-${i}`,
          ip: '203.0.113.7',
          userAgent: 'test-agent',
        },
      });
    });
    client.close();
  });

  it('keeps callers apart: one batch per identity, each call run as its own caller', async () => {
    const client = new InternalRouteClient(graphqlUrl, 'echo', SECRET, 5000);
    const replies = await Promise.all(
      ['ada', 'bob', 'ada', 'bob', 'cyd'].map((id, i) => client.call({ n: i }, request(person(id), `r${i}`))),
    );
    expect(posts).toHaveLength(3);
    expect(replies.map((r) => ('data' in r ? (r.data as { caller: string }).caller : null))).toEqual([
      'ada',
      'bob',
      'ada',
      'bob',
      'cyd',
    ]);
    client.close();
  });

  it('returns a refusal as that call’s error, beside the answers of the others', async () => {
    const client = new InternalRouteClient(graphqlUrl, 'echo', SECRET, 5000);
    const ada = person('ada');
    const [ok, refused] = await Promise.all([
      client.call({ n: 1 }, request(ada, 'a')),
      client.call({ refuse: true }, request(ada, 'b')),
    ]);
    expect(posts).toHaveLength(1);
    expect('data' in ok!).toBe(true);
    expect(refused).toEqual({
      error: {
        message: 'refuse: refused on purpose',
        extensions: { code: 'BAD_USER_INPUT', field: 'refuse' },
      },
    });
    client.close();
  });

  it('starts another batch before one would pass the size cap, so no batch is refused for its size', async () => {
    const client = new InternalRouteClient(graphqlUrl, 'echo', SECRET, 5000);
    const ada = person('ada');
    const padding = 'x'.repeat(100_000);
    // About 3 MB in one turn: over the server's 2 MB body limit if it went as one batch.
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) => client.call({ n: i, padding }, request(ada, `big-${i}`))),
    );
    expect(replies.every((r) => 'data' in r)).toBe(true);
    expect(posts.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...posts)).toBeLessThanOrEqual(MAX_INTERNAL_BATCH_BYTES + 200);
    client.close();
  });

  it('rejects every call of a batch the server did not answer with replies', async () => {
    const client = new InternalRouteClient(graphqlUrl, 'echo', 'a-secret-the-server-does-not-share', 5000);
    const ada = person('ada');
    const outcomes = await Promise.allSettled([
      client.call({ n: 1 }, request(ada, 'a')),
      client.call({ n: 2 }, request(ada, 'b')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/refused the batch/);
    client.close();
  });
});
