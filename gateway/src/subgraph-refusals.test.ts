import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';

// A subgraph's 4xx answer is a refusal the caller can act on; only its failures are SERVICE_UNAVAILABLE.
describe('a subgraph refusing a request (fake analytics subgraph answering 4xx and 5xx)', () => {
  let stack: TestStack;
  let fake: Server;
  let answer: { status: number; body: string; type: string } = { status: 200, body: '{}', type: 'json' };

  beforeAll(async () => {
    fake = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(answer.status, { 'content-type': answer.type });
        res.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    const { port } = fake.address() as AddressInfo;
    stack = await startTestStack({
      subgraphs: ['flags'],
      externalSubgraphUrls: { analytics: `http://127.0.0.1:${port}/graphql` },
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await new Promise((resolve) => fake?.close(resolve));
  });

  const graphqlError = (code: string, message: string) =>
    JSON.stringify({ errors: [{ message, extensions: { code } }] });

  it.each([
    [400, 'BAD_USER_INPUT', 'metricKey: is not a metric'],
    [403, 'FORBIDDEN', 'This needs the "metrics:read" permission'],
    [413, 'BAD_USER_INPUT', 'the request is larger than 1 MB'],
  ])('HTTP %d with %s in its body reaches the caller with that code: %s', async (status, code, message) => {
    answer = { status, body: graphqlError(code, message), type: 'application/json' };
    const body = await stack.gql('{ metrics { key } }');
    expect(errorCodes(body)).toEqual([code]);
    expect(body.errors?.[0]?.message).toBe(message);
    expect(body.errors?.[0]?.extensions?.serviceName).toBe('analytics');
  });

  it('a 413 without a GraphQL body (a body parser page) is BAD_USER_INPUT naming the subgraph', async () => {
    answer = { status: 413, body: '<html>Payload Too Large</html>', type: 'text/html' };
    const body = await stack.gql('{ metrics { key } }');
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.message).toContain('analytics subgraph refused the request (HTTP 413)');
  });

  it('a 502 stays SERVICE_UNAVAILABLE (the subgraph failed, retryable)', async () => {
    answer = {
      status: 502,
      body: graphqlError('INTERNAL_SERVER_ERROR', 'upstream broke'),
      type: 'application/json',
    };
    const body = await stack.gql('{ metrics { key } }');
    expect(errorCodes(body)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(body.errors?.[0]?.message).not.toContain('upstream broke');
  });
});
