import { subgraphTypeDefs } from '@switchyard/schema';
import { DEV_INTERNAL_SECRET, IDENTITY_HEADER, type Identity, signIdentity } from '@switchyard/server-kit';
import { startTestStack, type TestStack } from '@switchyard/testkit';
import { buildASTSchema, getNamedType, isLeafType, isObjectType } from 'graphql';
import { createExperiment, createFlag, createMetric, transition } from '../test-support';

const editor: Identity = {
  id: 'route-test',
  name: 'Route test',
  kind: 'user',
  role: 'editor',
  permissions: ['production'],
};

interface Reply {
  data?: Record<string, unknown>;
  error?: { message: string; extensions: { code: string; field?: string } };
}

/** The leaf fields of `Assignment` in this subgraph's SDL: what the gateway's edge may select. */
function assignmentLeaves(): string[] {
  const schema = buildASTSchema(subgraphTypeDefs('experiments'), { assumeValidSDL: true });
  const type = schema.getType('Assignment');
  if (!isObjectType(type)) throw new Error('no Assignment type');
  return Object.values(type.getFields())
    .filter((f) => isLeafType(getNamedType(f.type)))
    .map((f) => f.name)
    .sort();
}

// The route the gateway's edge calls for `assignment`, called directly as the gateway does.
describe('POST /internal/assignment on the experiments subgraph', () => {
  let stack: TestStack;
  let url: string;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags', 'experiments', 'analytics'] });
    url = new URL('/internal/assignment', stack.subgraphUrls.experiments!).toString();
    await createMetric(stack, 'purchase');
    await createFlag(stack, 'route-flag', ['control', 'treatment']);
    await createExperiment(stack, {
      key: 'route',
      flagKey: 'route-flag',
      variants: [
        { key: 'control', weight: 50, configuration: { color: 'blue' } },
        { key: 'treatment', weight: 50, configuration: { color: 'green' } },
      ],
    });
    await transition(stack, 'startExperiment', 'route');
  }, 180_000);
  afterAll(() => stack?.stop());

  async function post(body: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { replies?: Reply[]; error?: Reply['error'] } };
  }

  const signed = async (identity: Identity = editor) => ({
    [IDENTITY_HEADER]: await signIdentity(identity, DEV_INTERNAL_SECRET),
  });
  const call = (args: Record<string, unknown>, requestId = 'r1') => ({
    args,
    requestId,
    ip: null,
    userAgent: null,
  });

  it('refuses a caller without an identity signed by the gateway', async () => {
    const unsigned = await post({ calls: [call({ experimentKey: 'route', context: { key: 'u1' } })] });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error?.extensions.code).toBe('UNAUTHENTICATED');
    const forged = await post(
      { calls: [call({ experimentKey: 'route', context: { key: 'u1' } })] },
      { [IDENTITY_HEADER]: await signIdentity(editor, 'not-the-gateway-secret-at-all') },
    );
    expect(forged.status).toBe(401);
  });

  it('refuses a body that is not a batch of calls', async () => {
    for (const body of [
      {},
      { calls: 'x' },
      { calls: [{ args: {} }] },
      { calls: [{ args: [], requestId: 'r' }] },
    ]) {
      const { status, body: answer } = await post(body, await signed());
      expect(status).toBe(400);
      expect(answer.error?.extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('answers every leaf field of Assignment, as the graph serializes it', async () => {
    const { status, body } = await post(
      { calls: [call({ experimentKey: 'route', context: { key: 'leaves' } })] },
      await signed(),
    );
    expect(status).toBe(200);
    const data = body.replies![0]!.data!;
    expect(Object.keys(data).sort()).toEqual(assignmentLeaves());
    expect(data).toMatchObject({ experimentKey: 'route', userKey: 'leaves', reason: 'ASSIGNED' });
    expect(data.configuration).toEqual({ color: data.variant === 'control' ? 'blue' : 'green' });
    expect(new Date(data.assignedAt as string).toISOString()).toBe(data.assignedAt);
  });

  it('answers each call of a batch on its own: refusals keep their code beside the others', async () => {
    const { status, body } = await post(
      {
        calls: [
          call({ experimentKey: 'route', context: { key: 'batch-1' } }, 'a'),
          call({ experimentKey: 'no-such-experiment', context: { key: 'batch-1' } }, 'b'),
          call({ experimentKey: 'route', context: { plan: 'no key' } }, 'c'),
          call({ experimentKey: 42, context: { key: 'batch-1' } }, 'd'),
          call({ experimentKey: 'route', context: { key: 'batch-2' } }, 'e'),
        ],
      },
      await signed(),
    );
    expect(status).toBe(200);
    const [first, unknown, keyless, notAString, second] = body.replies!;
    expect(first!.data).toMatchObject({ userKey: 'batch-1', reason: 'ASSIGNED' });
    expect(unknown!.error?.extensions.code).toBe('NOT_FOUND');
    expect(keyless!.error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'context.key' });
    expect(notAString!.error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'experimentKey' });
    expect(second!.data).toMatchObject({ userKey: 'batch-2', reason: 'ASSIGNED' });
  });

  it('stores one first assignment when one batch carries the same new user many times', async () => {
    const calls = Array.from({ length: 25 }, (_, i) =>
      call({ experimentKey: 'route', context: { key: 'twice' } }, `t${i}`),
    );
    const { body } = await post({ calls }, await signed());
    const answers = body.replies!.map((r) => r.data!);
    expect(answers.filter((a) => a.reason === 'ASSIGNED')).toHaveLength(1);
    expect(answers.filter((a) => a.reason === 'STICKY')).toHaveLength(24);
    expect(new Set(answers.map((a) => a.variant)).size).toBe(1);
    expect(new Set(answers.map((a) => a.assignedAt)).size).toBe(1);
  });

  it('checks the permission in the experiment’s environment, like the resolver', async () => {
    const stagingKey: Identity = {
      id: 'key-1',
      name: 'staging SDK key',
      kind: 'apiKey',
      role: null,
      permissions: ['evaluate'],
      environment: 'staging',
      keyKind: 'server',
    };
    const { body } = await post(
      { calls: [call({ experimentKey: 'route', context: { key: 'staging-user' } })] },
      await signed(stagingKey),
    );
    expect(body.replies![0]!.error?.extensions.code).toBe('FORBIDDEN');
  });
});
