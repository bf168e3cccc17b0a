// The SDK against a running stack (gateway, subgraphs, PostgreSQL): live updates in both modes, agreement of local
// evaluation with the graph's `evaluate` and `assignment`, and surviving a gateway restart.

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestStack, type TestStack } from '@switchyard/testkit';
import { fetchCatalogue, renderDeclaration } from '../src/cli/codegen';
import { createClient, FileConfigCache, type SwitchyardClient } from '../src/index';
import { startFlagExperiment } from './experiment-setup';

const ENV = 'development';
const quiet = { warn: () => {}, debug: () => {} };

async function flagVersion(stack: TestStack, key: string, url?: string): Promise<number> {
  const data = await stack.gqlOk<{ flag: { version: number } }>(
    'query($k: String!) { flag(key: $k) { version } }',
    { k: key },
    { url },
  );
  return data.flag.version;
}

async function setEnabled(stack: TestStack, key: string, enabled: boolean, url?: string): Promise<void> {
  await stack.gqlOk(
    'mutation($k: String!, $e: String!, $on: Boolean!, $v: Int!) { setFlagEnabled(key: $k, environment: $e, enabled: $on, expectedVersion: $v) { key } }',
    { k: key, e: ENV, on: enabled, v: await flagVersion(stack, key, url) },
    { url },
  );
}

/** Resolves with the time it took for `client` to report a change of `key`. */
function nextChange(client: SwitchyardClient, key: string, timeoutMs = 5000): Promise<number> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no change of ${key} within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = client.onChange((e) => {
      if (!e.changed.includes(key)) return;
      clearTimeout(timer);
      off();
      resolve(Date.now() - start);
    });
  });
}

async function until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('client SDK against the gateway', () => {
  let stack: TestStack;
  let serverKey: string;
  let clientKey: string;
  const clients: SwitchyardClient[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'switchyard-live-'));

  const open = (sdkKey: string, name: string, context = { key: 'user-1' }) => {
    const client = createClient({
      url: stack.graphqlUrl,
      sdkKey,
      environment: ENV,
      context,
      logger: quiet,
      cache: new FileConfigCache(path.join(dir, `${name}.json`)),
      reconnect: { initialDelayMs: 100, maxDelayMs: 1000 },
    });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags', 'experiments', 'analytics'] });
    await stack.gqlOk('mutation { createFlag(input: { key: "live-flag", name: "Live" }) { key } }');
    await setEnabled(stack, 'live-flag', true);
    serverKey = (await stack.createApiKey('server', { environment: ENV })).secret;
    clientKey = (await stack.createApiKey('client', { environment: ENV })).secret;
  }, 180_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await stack?.stop();
  });

  it('a change made through the graph reaches a server-mode and a client-mode client within one second', async () => {
    const server = open(serverKey, 'server');
    const browser = open(clientKey, 'client');
    await Promise.all([server.ready(), browser.ready()]);
    expect([server.mode, browser.mode]).toEqual(['server', 'client']);
    expect([server.status, browser.status]).toEqual(['ready', 'ready']);
    expect(server.isEnabled('live-flag', false)).toBe(true);
    expect(browser.isEnabled('live-flag', false)).toBe(true);
    // Let the subscriptions reach the gateway before changing anything.
    await new Promise((r) => setTimeout(r, 500));

    const changes = Promise.all([nextChange(server, 'live-flag'), nextChange(browser, 'live-flag')]);
    await setEnabled(stack, 'live-flag', false);
    const latencies = await changes;
    expect(Math.max(...latencies)).toBeLessThan(1000);
    expect(server.isEnabled('live-flag', true)).toBe(false);
    expect(browser.isEnabled('live-flag', true)).toBe(false);
  }, 60_000);

  it('for 10,000 contexts local evaluation, evaluate and assignment agree on every variant', async () => {
    await startFlagExperiment(stack, {
      flagKey: 'exp-flag',
      experimentKey: 'exp',
      environment: ENV,
      trafficAllocation: 80,
    });
    const server = open(serverKey, 'agreement');
    await server.ready();
    // The experiment rule reaches the client through configChanged.
    const enrolled = () =>
      Array.from({ length: 20 }, (_, k) => server.allValues({ key: `probe-${k}` })['exp-flag']).some(
        (v) => v?.reason.experimentKey === 'exp',
      );
    await until(enrolled);

    const contexts = Array.from({ length: 10_000 }, (_, i) => ({ key: `agree-${i}` }));
    const local = contexts.map((c) => server.getVariant('exp', c));
    const remoteEvaluate: string[] = [];
    const remoteAssignment: string[] = [];
    // The gateway allows 30 aliases per operation.
    const batch = 25;
    const batches: Promise<void>[] = [];
    const run = async (i: number) => {
      const slice = contexts.slice(i, i + batch);
      const evalQuery = `query($env: String!, ${slice.map((_, j) => `$c${j}: JSON!`).join(', ')}) { ${slice
        .map(
          (_, j) =>
            `e${j}: evaluate(environment: $env, context: $c${j}, keys: ["exp-flag"]) { variation inExperiment experimentKey }`,
        )
        .join(' ')} }`;
      const assignQuery = `query(${slice.map((_, j) => `$c${j}: JSON!`).join(', ')}) { ${slice
        .map((_, j) => `a${j}: assignment(experimentKey: "exp", context: $c${j}) { variant }`)
        .join(' ')} }`;
      const variables: Record<string, unknown> = { env: ENV };
      slice.forEach((c, j) => {
        variables[`c${j}`] = c;
      });
      const { env: _env, ...assignVariables } = variables;
      const [evaluated, assigned] = await Promise.all([
        stack.gqlOk<
          Record<string, { variation: string; inExperiment: boolean; experimentKey: string | null }[]>
        >(evalQuery, variables, { token: serverKey }),
        stack.gqlOk<Record<string, { variant: string | null }>>(assignQuery, assignVariables),
      ]);
      slice.forEach((_, j) => {
        const v = evaluated[`e${j}`]![0]!;
        remoteEvaluate[i + j] = v.inExperiment && v.experimentKey === 'exp' ? v.variation : 'control';
        remoteAssignment[i + j] = assigned[`a${j}`]!.variant ?? 'control';
      });
    };
    // A few operations in flight at a time.
    for (let i = 0; i < contexts.length; i += batch) {
      batches.push(run(i));
      if (batches.length === 4) await Promise.all(batches.splice(0));
    }
    await Promise.all(batches);
    const mismatches = local.filter((v, i) => v !== remoteEvaluate[i] || v !== remoteAssignment[i]).length;
    expect(mismatches).toBe(0);
    // The split is real: both variants and non-enrolled users occur.
    expect(new Set(local)).toEqual(new Set(['control', 'treatment']));
  }, 300_000);

  it('keeps serving while the gateway is down, then resumes and catches up without a gap', async () => {
    const server = open(serverKey, 'restart-server');
    const browser = open(clientKey, 'restart-client');
    await Promise.all([server.ready(), browser.ready()]);
    await new Promise((r) => setTimeout(r, 500));
    const before = server.isEnabled('live-flag', true);

    const gateway = stack.services.get('gateway')!;
    await gateway.kill();
    await until(() => server.status === 'stale' && browser.status === 'stale');
    expect(server.isEnabled('live-flag', !before)).toBe(before);
    expect(browser.isEnabled('live-flag', !before)).toBe(before);

    // Changes made while the clients cannot hear them, through another gateway.
    const replica = await stack.addGateway('gateway-2');
    await setEnabled(stack, 'live-flag', !before, replica.graphqlUrl);
    await stack.gqlOk(
      'mutation { createFlag(input: { key: "made-while-down", name: "Down" }) { key } }',
      {},
      {
        url: replica.graphqlUrl,
      },
    );
    expect(server.isEnabled('live-flag', before)).toBe(before);

    gateway.start();
    await gateway.waitUntilReady(60_000);
    await until(() => server.status === 'ready' && server.isEnabled('live-flag', before) === !before, 30_000);
    await until(
      () => browser.status === 'ready' && browser.isEnabled('live-flag', before) === !before,
      30_000,
    );
    expect(server.allValues()['made-while-down']).toBeDefined();
    // A new change after the restart arrives live again.
    const change = nextChange(server, 'live-flag');
    await setEnabled(stack, 'live-flag', before);
    await change;
    expect(server.isEnabled('live-flag', !before)).toBe(before);
  }, 180_000);

  it('exposures recorded by getVariant reach analytics', async () => {
    const exposures = async () =>
      (await stack.gqlOk<{ experiment: { exposures: number } }>('{ experiment(key: "exp") { exposures } }'))
        .experiment.exposures;
    const server = open(serverKey, 'events');
    await server.ready();
    await server.flush();
    const before = await exposures();
    const variants = Array.from({ length: 40 }, (_, i) => server.getVariant('exp', { key: `exposed-${i}` }));
    // 'control' is also what a user outside the experiment gets, so only treatment users are a sure lower bound.
    const treated = variants.filter((v) => v === 'treatment').length;
    expect(treated).toBeGreaterThan(0);
    await server.flush();
    let after = before;
    for (let i = 0; i < 60 && after < before + treated; i++) {
      await new Promise((r) => setTimeout(r, 250));
      after = await exposures();
    }
    expect(after).toBeGreaterThanOrEqual(before + treated);
  }, 60_000);

  it('codegen reads the flag catalogue through the graph', async () => {
    const flags = await fetchCatalogue(stack.graphqlUrl, await stack.adminToken());
    const declaration = renderDeclaration(flags, stack.graphqlUrl);
    expect(declaration).toContain('"live-flag": boolean;');
    expect(declaration).toContain('"exp-flag": "control" | "treatment";');
  });
});
