import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { startTestStack, type TestStack } from '@switchyard/testkit';
import { parse as parseYaml } from 'yaml';
import { requireTool, run } from './tools';

const monitoring = path.join(__dirname, '..', 'monitoring');
const read = (file: string) => readFileSync(path.join(monitoring, file), 'utf8');

interface Dashboard {
  panels: { title: string; targets?: { expr: string }[] }[];
}
interface RuleFile {
  groups: { rules: { alert: string; expr: string }[] }[];
}

/** Metric names a PromQL expression selects (every vector selector's name). */
function metricNames(query: string): string[] {
  // Grafana's variables stand for a range ($__rate_interval) or a label value ($service).
  const expr = query.replace(/\$__\w+/g, '5m').replace(/\$\w+/g, 'x');
  const names: string[] = [];
  const tree = parser.parse(expr);
  let broken = false;
  tree.iterate({
    enter(node) {
      if (node.type.isError) broken = true;
      if (node.name === 'VectorSelector') {
        const id = node.node.getChild('Identifier');
        if (id) names.push(expr.slice(id.from, id.to));
      }
    },
  });
  if (broken) throw new Error(`not valid PromQL: ${expr}`);
  return names;
}

const dashboard = JSON.parse(read('grafana/dashboards/switchyard.json')) as Dashboard;
const rules = parseYaml(read('alerts.yml')) as RuleFile;
const dashboardExprs = dashboard.panels.flatMap((p) =>
  (p.targets ?? []).map((t) => ({ where: p.title, expr: t.expr })),
);
const ruleExprs = rules.groups.flatMap((g) => g.rules.map((r) => ({ where: r.alert, expr: r.expr })));

// Series no Switchyard process exports: Prometheus's own.
const notExported = new Set(['up']);

describe('alert rules', () => {
  it('pass their promtool unit tests', () => {
    requireTool('promtool', 'apt-get install -y prometheus');
    const out = run('promtool', ['test', 'rules', 'alerts.test.yml'], monitoring);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('SUCCESS');
  });

  it("compose's Prometheus configuration and its rule file are valid", () => {
    requireTool('promtool', 'apt-get install -y prometheus');
    // promtool reads the gateway's METRICS_TOKEN file, which compose writes where the container
    // has it: checked here from a copy naming a token file that exists.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'switchyard-prometheus-'));
    writeFileSync(path.join(dir, 'metrics-token'), 'metrics-token-of-some-length');
    copyFileSync(path.join(monitoring, 'alerts.yml'), path.join(dir, 'alerts.yml'));
    const config = read('prometheus.yml');
    expect(config).toContain('credentials_file: /prometheus/metrics-token');
    writeFileSync(
      path.join(dir, 'prometheus.yml'),
      config.replace('/prometheus/metrics-token', path.join(dir, 'metrics-token')),
    );
    const out = run('promtool', ['check', 'config', 'prometheus.yml'], dir);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/SUCCESS: 8 rules found/);
  });

  it('cover each alert the operators were promised', () => {
    expect(ruleExprs.map((r) => r.where).sort()).toEqual(
      [
        'SwitchyardDatabasePoolSaturated',
        'SwitchyardEventIngestionLag',
        'SwitchyardHighErrorRate',
        'SwitchyardHighLatencyP95',
        'SwitchyardOutboxLag',
        'SwitchyardReleaseRollback',
        'SwitchyardSubscriptionFanoutLag',
        'SwitchyardTargetDown',
      ].sort(),
    );
  });
});

describe('Grafana provisioning', () => {
  it('is valid YAML naming the Prometheus data source the dashboard uses', () => {
    const sources = parseYaml(read('grafana/provisioning/datasources/prometheus.yml')) as {
      datasources: { uid: string; url: string }[];
    };
    expect(sources.datasources[0]).toMatchObject({ uid: 'prometheus', url: 'http://prometheus:9090' });
    const providers = parseYaml(read('grafana/provisioning/dashboards/switchyard.yml')) as {
      providers: { options: { path: string } }[];
    };
    expect(providers.providers[0]?.options.path).toBe('/var/lib/grafana/dashboards');
    expect(dashboardExprs.length).toBeGreaterThan(15);
  });
});

describe('every metric the dashboard and the rules query', () => {
  let stack: TestStack;
  let exported: Set<string>;

  beforeAll(async () => {
    stack = await startTestStack({ redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
    // One operation of each kind, so per-operation series exist as well as their families.
    const key = await stack.createApiKey('server', { environment: 'development' });
    await stack.gqlOk('query Flags { flags(first: 1) { nodes { key } } }');
    await stack.gqlOk(
      'query Evaluate { evaluate(environment: "development", context: { key: "u1" }) { key } }',
      {},
      {
        token: key.secret,
      },
    );
    const urls = [
      stack.gatewayUrl,
      ...Object.values(stack.subgraphUrls).map((u) => u.replace(/\/graphql$/, '')),
    ];
    exported = new Set();
    for (const url of urls) {
      const text = await (await fetch(`${url}/metrics`)).text();
      for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
        exported.add(name!);
        if (type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) exported.add(name + s);
      }
    }
  });
  afterAll(() => stack?.stop());

  it('is parsed and exported by a running service', () => {
    const missing = [...dashboardExprs, ...ruleExprs].flatMap(({ where, expr }) =>
      metricNames(expr)
        .filter((m) => !exported.has(m) && !notExported.has(m))
        .map((m) => `${where}: ${m}`),
    );
    expect(missing).toEqual([]);
    // The new operational families are really there (the gateway, flags and analytics register them).
    for (const m of [
      'switchyard_db_pool_in_use',
      'switchyard_evaluations_total',
      'switchyard_event_ingestion_lag_seconds',
    ])
      expect(exported).toContain(m);
  });
});
