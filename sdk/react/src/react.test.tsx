import {
  createClientOn,
  localEvaluation,
  MemoryConfigCache,
  type SwitchyardClient,
} from '@switchyard/client';
import { act, StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import TestRenderer from 'react-test-renderer';
import { booleanFlag, experimentFlag, flagSet, stringFlag } from '@switchyard/core/test-fixtures';
import { FakeTransport, SilentWebSocket, settle } from '../../client/src/test-support';
import {
  SwitchyardProvider,
  useFlag,
  useFlags,
  useFlagValue,
  useSwitchyardClient,
  useVariant,
} from './index';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const quiet = { warn: () => {}, debug: () => {} };

async function serverClient(): Promise<{ client: SwitchyardClient; transport: FakeTransport }> {
  const transport = new FakeTransport();
  let current = flagSet(1, [
    booleanFlag('beta'),
    stringFlag('color', 'red', ['blue']),
    experimentFlag('x', 'exp'),
  ]);
  transport.onQuery = () => ({ flagSet: current });
  const client = createClientOn(
    { url: 'http://gw/graphql', sdkKey: 'sy_server_k', context: { key: 'user-1' }, logger: quiet },
    { cache: new MemoryConfigCache(), createTransport: () => transport, localEvaluation },
  );
  await client.ready();
  await settle();
  (transport as FakeTransport & { set(flags: typeof current): void }).set = (next) => {
    current = next;
  };
  return { client, transport };
}

const renders = { beta: 0, color: 0 };
function Beta() {
  renders.beta++;
  return <span>{useFlag('beta') ? 'on' : 'off'}</span>;
}
function Color() {
  renders.color++;
  return <span>{useFlagValue('color', 'none')}</span>;
}
let seen: { variant: string; keys: string[] } | null = null;
function Probe() {
  const variant = useVariant('exp');
  const flags = useFlags();
  seen = { variant, keys: Object.keys(flags) };
  return null;
}
function Page() {
  return (
    <p>
      {useFlagValue('color', 'none')}/{String(useFlag('beta'))}
    </p>
  );
}

/** Records every client the provider hands out (StrictMode renders twice). */
function Capture({ clients }: { clients: Set<SwitchyardClient> }) {
  clients.add(useSwitchyardClient());
  return <span>{useFlag('beta') ? 'on' : 'off'}</span>;
}

describe('React bindings', () => {
  it('re-render only the components whose value changed', async () => {
    const { client, transport } = await serverClient();
    let tree!: TestRenderer.ReactTestRenderer;
    await act(async () => {
      tree = TestRenderer.create(
        <SwitchyardProvider client={client}>
          <Beta />
          <Color />
        </SwitchyardProvider>,
      );
    });
    expect(tree.toJSON()).toEqual([
      { type: 'span', props: {}, children: ['on'] },
      { type: 'span', props: {}, children: ['red'] },
    ]);
    const before = { ...renders };
    const changedColor = stringFlag('color', 'red', ['blue']);
    changedColor.environment.fallthrough = { variation: 'blue' };
    (transport as unknown as { set(f: unknown): void }).set(
      flagSet(2, [booleanFlag('beta'), changedColor, experimentFlag('x', 'exp')]),
    );
    await act(async () => {
      transport.live!.observer.next({
        configChanged: { seq: 2, resourceType: 'flag', resourceKey: 'color' },
      });
      await new Promise((r) => setTimeout(r, 50));
    });
    expect(tree.toJSON()).toEqual([
      { type: 'span', props: {}, children: ['on'] },
      { type: 'span', props: {}, children: ['blue'] },
    ]);
    expect(renders.beta).toBe(before.beta);
    expect(renders.color).toBe(before.color + 1);
    await act(async () => tree.unmount());
    await client.close();
  });

  it('useVariant and useFlags read the experiment and every value', async () => {
    const { client } = await serverClient();
    await act(async () => {
      TestRenderer.create(
        <SwitchyardProvider client={client}>
          <Probe />
        </SwitchyardProvider>,
      );
    });
    expect(seen!.keys).toEqual(['beta', 'color', 'x']);
    expect(['control', 'treatment']).toContain(seen!.variant);
    expect(client.getVariant('exp')).toBe(seen!.variant);
    await client.close();
  });

  it('server-renders with bootstrapped values and no network (Next.js App Router)', async () => {
    const { client: server } = await serverClient();
    // The server component evaluates for the user and passes only the values to the client provider.
    const bootstrap = server.snapshot({ key: 'user-1' });
    await server.close();
    const html = renderToString(
      <SwitchyardProvider
        url="http://gw/graphql"
        sdkKey="sy_client_k"
        bootstrap={bootstrap}
        offline
        cache={false}
      >
        <Page />
      </SwitchyardProvider>,
    );
    expect(html).toBe('<p>red<!-- -->/<!-- -->true</p>');
  });

  it('under StrictMode keeps one client of its own open while mounted, and closes it after unmounting', async () => {
    const g = globalThis as { window?: unknown };
    g.window = {}; // in a browser: the provider's client goes to the network
    const evaluations: string[] = [];
    const fetchStub = (async (_url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body)) as { variables: { context: { key: string } } };
      evaluations.push(body.variables.context.key);
      const evaluate = [{ key: 'beta', variation: 'on', booleanValue: true, reason: 'FALLTHROUGH' }];
      return new Response(JSON.stringify({ data: { evaluate } }), {
        headers: { 'content-type': 'application/json' },
      });
    }) as typeof fetch;
    const clients = new Set<SwitchyardClient>();
    let tree!: TestRenderer.ReactTestRenderer;
    try {
      await act(async () => {
        tree = TestRenderer.create(
          <StrictMode>
            <SwitchyardProvider
              url="http://gw/graphql"
              sdkKey="sy_client_k"
              context={{ key: 'u1' }}
              fetch={fetchStub}
              webSocketImpl={SilentWebSocket}
              cache={false}
              logger={quiet}
            >
              <Capture clients={clients} />
            </SwitchyardProvider>
          </StrictMode>,
        );
        await new Promise((r) => setTimeout(r, 50));
      });
    } finally {
      delete g.window;
    }
    // One client, one evaluation request, and it is live (StrictMode's extra unmount did not close it).
    expect(clients.size).toBe(1);
    expect(evaluations).toEqual(['u1']);
    const [client] = [...clients];
    expect(client!.status).toBe('ready');
    expect(tree.toJSON()).toEqual({ type: 'span', props: {}, children: ['on'] });

    await act(async () => tree.unmount());
    await new Promise((r) => setTimeout(r, 20));
    // A closed client ignores identify: no request for the new user.
    await client!.identify({ key: 'u2' });
    expect(evaluations).toEqual(['u1']);
  });
});
