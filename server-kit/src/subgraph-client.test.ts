import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { IDENTITY_HEADER, type Identity, verifyIdentity } from './identity';
import { errorCode, operation, SubgraphClient } from './subgraph-client';

const SECRET = 'subgraph-client-test-secret';
const ada: Identity = { id: 'ada', name: 'Ada', kind: 'user', role: 'editor', permissions: [] };

const FLAG = operation<{ key: string }, { flag: { key: string } | null }>(
  'query TestFlag($key: String!) { flag(key: $key) { key } }',
);

// The client against a real HTTP server that checks the signature the way a subgraph does and
// answers as told by the variables: data, a refusal, a failure, or not JSON.
describe('SubgraphClient', () => {
  let server: http.Server;
  let url: string;
  let seen: { operationName: unknown; identity: Identity | null; requestId: unknown }[];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const header = req.headers[IDENTITY_HEADER];
        const identity = await verifyIdentity(typeof header === 'string' ? header : undefined, SECRET);
        seen.push({ operationName: body.operationName, identity, requestId: req.headers['x-request-id'] });
        const answers: Record<string, unknown> = {
          known: { data: { flag: { key: 'known' } } },
          refused: {
            errors: [{ message: 'no such flag', extensions: { code: 'NOT_FOUND', field: 'key' } }],
          },
          broken: { errors: [{ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] },
        };
        const answer = answers[body.variables.key as string];
        res.writeHead(answer ? 200 : 502, { 'content-type': 'text/plain' });
        res.end(answer ? JSON.stringify(answer) : 'bad gateway');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    seen = [];
  });

  it('names operations by their document and refuses an anonymous one', () => {
    expect(FLAG.name).toBe('TestFlag');
    expect(() => operation('{ flag(key: "x") { key } }')).toThrow(/needs a name/);
  });

  it('sends the operation signed as the caller and returns its data', async () => {
    const client = new SubgraphClient('flags', url, SECRET, 5000);
    expect(await client.request(FLAG, { key: 'known' }, ada)).toEqual({ flag: { key: 'known' } });
    expect(seen).toEqual([
      { operationName: 'TestFlag', identity: expect.objectContaining({ id: 'ada' }), requestId: undefined },
    ]);
  });

  it('keeps a refusal’s code, naming the subgraph, and moves its field aside', async () => {
    const client = new SubgraphClient('flags', url, SECRET, 5000);
    const err = await client.request(FLAG, { key: 'refused' }, ada).catch((e: unknown) => e);
    expect(errorCode(err)).toBe('NOT_FOUND');
    expect(err).toMatchObject({
      message: 'The flags subgraph refused: no such flag',
      extensions: { service: 'flags', serviceField: 'key' },
    });
  });

  it('says SERVICE_UNAVAILABLE for a failure, an answer that is not JSON, or no server', async () => {
    const client = new SubgraphClient('flags', url, SECRET, 5000);
    for (const key of ['broken', 'not-json']) {
      const err = await client.request(FLAG, { key }, ada).catch((e: unknown) => e);
      expect(err).toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'flags' } });
    }
    const gone = new SubgraphClient('flags', 'http://127.0.0.1:1/graphql', SECRET, 5000);
    await expect(gone.request(FLAG, { key: 'known' }, ada)).rejects.toMatchObject({
      message: expect.stringContaining('The flags subgraph is unavailable (unreachable)'),
    });
  });

  it('gives the whole answer and sends extra headers to a caller that reads errors itself', async () => {
    const client = new SubgraphClient('flags', url, SECRET, 5000);
    const { status, body } = await client.response(FLAG, { key: 'refused' }, ada, { 'x-request-id': 'r1' });
    expect(status).toBe(200);
    expect(body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(seen[0]?.requestId).toBe('r1');
  });
});
