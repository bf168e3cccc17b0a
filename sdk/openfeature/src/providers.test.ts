import { OpenFeature as ServerOpenFeature, ProviderEvents as ServerEvents } from '@openfeature/server-sdk';
import { OpenFeature as WebOpenFeature, ProviderEvents as WebEvents } from '@openfeature/web-sdk';
import { createClientOn, localEvaluation, MemoryConfigCache } from '@switchyard/client';
import { booleanFlag, experimentFlag, flagSet, stringFlag } from '@switchyard/core/test-fixtures';
import { FakeTransport } from '../../client/src/test-support';
import { SwitchyardServerProvider } from './server';
import { SwitchyardWebProvider } from './web';

const quiet = { warn: () => {}, debug: () => {} };

function fakeClient(mode: 'server' | 'client', context = { key: 'u1' }) {
  const transport = new FakeTransport();
  const state = {
    flags: flagSet(1, [
      booleanFlag('beta', { targets: [{ variation: 'off', values: ['blocked'] }] }),
      stringFlag('color', 'red', ['blue']),
      experimentFlag('checkout', 'exp'),
    ]),
  };
  transport.onQuery = (_d, vars) =>
    mode === 'server'
      ? { flagSet: state.flags }
      : {
          evaluate: [
            {
              key: 'beta',
              variation: (vars.context as { key: string }).key === 'blocked' ? 'off' : 'on',
              booleanValue: (vars.context as { key: string }).key !== 'blocked',
              reason: 'TARGET_MATCH',
              inExperiment: false,
            },
          ],
        };
  const client = createClientOn(
    { url: 'http://gw/graphql', sdkKey: `sy_${mode}_k`, context, logger: quiet, sendEvents: false },
    { cache: new MemoryConfigCache(), createTransport: () => transport, localEvaluation },
  );
  return { client, transport, state };
}

afterEach(async () => {
  await ServerOpenFeature.close();
  await WebOpenFeature.close();
});

describe('server provider through the OpenFeature server SDK', () => {
  it('maps values, variants, reasons and error codes', async () => {
    const { client } = fakeClient('server');
    await ServerOpenFeature.setProviderAndWait(new SwitchyardServerProvider(client));
    const of = ServerOpenFeature.getClient();
    expect(await of.getBooleanDetails('beta', false, { targetingKey: 'u1' })).toMatchObject({
      value: true,
      variant: 'on',
      reason: 'DEFAULT',
    });
    expect(await of.getBooleanDetails('beta', true, { targetingKey: 'blocked' })).toMatchObject({
      value: false,
      variant: 'off',
      reason: 'TARGETING_MATCH',
    });
    expect(await of.getStringValue('color', 'x', { targetingKey: 'u1' })).toBe('red');
    expect(await of.getStringDetails('checkout', 'x', { targetingKey: 'u1' })).toMatchObject({
      reason: 'SPLIT',
      flagMetadata: { experimentKey: 'exp', ruleId: 'experiment:exp' },
    });
    expect(await of.getBooleanDetails('missing', true, { targetingKey: 'u1' })).toMatchObject({
      value: true,
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
    });
    expect(await of.getNumberDetails('color', 3, { targetingKey: 'u1' })).toMatchObject({
      value: 3,
      errorCode: 'TYPE_MISMATCH',
    });
  });

  it('evaluates the newer operators locally: IP ranges, list attributes, case-insensitive, loose versions', async () => {
    const { client, state } = fakeClient('server');
    state.flags = flagSet(1, [
      ...state.flags.flags,
      booleanFlag('office', {
        fallthrough: { variation: 'off' },
        rules: [
          {
            id: 'office',
            conditions: [
              { attribute: 'ip', operator: 'ipInRange', values: ['10.0.0.0/8', '2001:db8::/32'] },
              { attribute: 'roles', operator: 'anyOf', values: ['ADMIN'], caseInsensitive: true },
              { attribute: 'appVersion', operator: 'looseVersionGt', values: ['1.2'] },
            ],
            serve: { variation: 'on' },
          },
        ],
      }),
    ]);
    await ServerOpenFeature.setProviderAndWait(new SwitchyardServerProvider(client));
    const of = ServerOpenFeature.getClient();
    const office = (context: Record<string, unknown>) =>
      of.getBooleanDetails('office', false, { targetingKey: 'u1', ...context } as never);
    const admin = { roles: ['viewer', 'admin'], appVersion: 'v1.3' };
    expect(await office({ ip: '10.1.2.3', ...admin })).toMatchObject({
      value: true,
      reason: 'TARGETING_MATCH',
    });
    expect(await office({ ip: '2001:db8::7', ...admin })).toMatchObject({ value: true });
    expect(await office({ ip: '192.168.1.1', ...admin })).toMatchObject({ value: false, reason: 'DEFAULT' });
    expect(await office({ ip: '10.1.2.3', roles: ['viewer'], appVersion: '2' })).toMatchObject({
      value: false,
    });
    expect(await office({ ip: '10.1.2.3', roles: ['admin'], appVersion: '1.2' })).toMatchObject({
      value: false,
    });
  });

  it('emits CONFIGURATION_CHANGED, STALE and READY', async () => {
    const { client, transport, state } = fakeClient('server');
    await ServerOpenFeature.setProviderAndWait(new SwitchyardServerProvider(client));
    const seen: string[] = [];
    const of = ServerOpenFeature.getClient();
    of.addHandler(ServerEvents.ConfigurationChanged, (e) =>
      seen.push(`changed:${e?.flagsChanged?.join(',')}`),
    );
    of.addHandler(ServerEvents.Stale, () => seen.push('stale'));
    of.addHandler(ServerEvents.Ready, () => seen.push('ready'));
    await new Promise((r) => setTimeout(r, 10));
    seen.length = 0; // Ready handlers run at once for a ready provider.
    state.flags = flagSet(2, [booleanFlag('beta', { enabled: false }), stringFlag('color', 'red', ['blue'])]);
    transport.live!.observer.next({ configChanged: { seq: 2 } });
    await new Promise((r) => setTimeout(r, 60));
    expect(seen).toContain('changed:beta,checkout');
    transport.live!.observer.error(new Error('gone') as never);
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toContain('stale');
    expect(await of.getBooleanDetails('beta', true, { targetingKey: 'u1' })).toMatchObject({
      value: false,
      reason: 'STALE',
    });
  });

  it('reports ERROR when nothing can be loaded', async () => {
    const client = createClientOn(
      { url: 'http://gw/graphql', sdkKey: 'sy_server_k', logger: quiet, readyTimeoutMs: 50 },
      { cache: null, createTransport: () => new FakeTransport(), localEvaluation },
    );
    const provider = new SwitchyardServerProvider(client);
    await expect(ServerOpenFeature.setProviderAndWait(provider)).rejects.toBeDefined();
    const details = await ServerOpenFeature.getClient().getBooleanDetails('beta', true);
    expect(details.value).toBe(true);
    expect(details.errorCode).toBeDefined();
  });
});

describe('web provider through the OpenFeature web SDK', () => {
  it('evaluates for the global context and follows context changes', async () => {
    const { client } = fakeClient('client');
    await WebOpenFeature.setContext({ targetingKey: 'u1' });
    await WebOpenFeature.setProviderAndWait(new SwitchyardWebProvider(client));
    const of = WebOpenFeature.getClient();
    expect(of.getBooleanDetails('beta', false)).toMatchObject({
      value: true,
      variant: 'on',
      reason: 'TARGETING_MATCH',
    });
    const changed: string[] = [];
    of.addHandler(WebEvents.ConfigurationChanged, () => changed.push('changed'));
    await WebOpenFeature.setContext({ targetingKey: 'blocked' });
    expect(of.getBooleanValue('beta', true)).toBe(false);
    expect(changed.length).toBeGreaterThan(0);
  });
});
