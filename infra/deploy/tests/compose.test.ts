import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeHaproxyConfig } from '@switchyard/infra';
import { parse as parseYaml } from 'yaml';
import { requireTool, run } from './tools';

const root = path.join(__dirname, '..', '..', '..');
const composeFile = path.join(root, 'docker-compose.yml');
// An empty env file, so a developer's own .env does not change what is checked.
const emptyEnv = path.join(mkdtempSync(path.join(os.tmpdir(), 'switchyard-compose-')), 'empty.env');
writeFileSync(emptyEnv, '');
// What .env must hold (infra/deploy/compose.env.example); values only need to be present.
const secrets = {
  POSTGRES_PASSWORD: 'p',
  INTERNAL_TOKEN_SECRET: 'internal-secret-of-some-length',
  JWT_SECRET: 'jwt-secret-of-at-least-32-characters-long',
  SWITCHYARD_ADMIN_PASSWORD: 'admin-password',
  GRAFANA_ADMIN_PASSWORD: 'grafana-password',
  METRICS_TOKEN: 'metrics-token-of-some-length',
};
// Nothing from this machine's environment leaks into the interpolation.
const baseEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

interface ComposeService {
  build?: { dockerfile: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  image?: string;
  volumes?: (string | { source: string; target: string })[];
}

function resolvedConfig(): { services: Record<string, ComposeService> } {
  const out = run('docker-compose', ['-f', composeFile, '--env-file', emptyEnv, 'config'], root, {
    ...baseEnv,
    ...secrets,
  });
  expect(out.status).toBe(0);
  return parseYaml(out.stdout);
}

describe('docker-compose.yml', () => {
  beforeAll(() => requireTool('docker-compose', 'apt-get install -y docker-compose'));

  it('passes the Compose validator', () => {
    const out = run('docker-compose', ['-f', composeFile, '--env-file', emptyEnv, 'config', '-q'], root, {
      ...baseEnv,
      ...secrets,
    });
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
  });

  it('refuses to start without a secret, naming it', () => {
    const { JWT_SECRET: _, ...rest } = secrets;
    const out = run('docker-compose', ['-f', composeFile, '--env-file', emptyEnv, 'config', '-q'], root, {
      ...baseEnv,
      ...rest,
    });
    expect(out.status).not.toBe(0);
    expect(out.stderr).toContain('set JWT_SECRET in .env');
  });

  it('runs every part: two gateways behind the balancer, each service from the one Dockerfile', () => {
    const { services } = resolvedConfig();
    expect(Object.keys(services).sort()).toEqual(
      [
        'analytics',
        'console',
        'experiments',
        'flags',
        'gateway-1',
        'gateway-2',
        'grafana',
        'lb',
        'postgres',
        'prometheus',
        'redis',
      ].sort(),
    );
    const built = ['flags', 'experiments', 'analytics', 'gateway-1', 'gateway-2', 'console'];
    const serviceArgs = built.map((name) => services[name]?.build?.args?.SERVICE);
    expect(serviceArgs).toEqual(['flags', 'experiments', 'analytics', 'gateway', 'gateway', 'console']);
    for (const name of built)
      expect(services[name]?.build?.dockerfile).toBe('infra/deploy/docker/Dockerfile');
    for (const name of ['flags', 'experiments', 'analytics', 'gateway-1', 'gateway-2']) {
      expect(services[name]?.environment).toMatchObject({
        NODE_ENV: 'production',
        REDIS_URL: 'redis://redis:6379',
        INTERNAL_TOKEN_SECRET: secrets.INTERNAL_TOKEN_SECRET,
      });
    }
    // The balancer's servers are the gateway services, and Prometheus scrapes every replica.
    const haproxy = readFileSync(path.join(__dirname, '..', 'docker', 'haproxy.cfg'), 'utf8');
    expect([...haproxy.matchAll(/^\s*server (\S+) (\S+):4000/gm)].map((m) => [m[1], m[2]])).toEqual([
      ['gateway-1', 'gateway-1'],
      ['gateway-2', 'gateway-2'],
    ]);
    const prometheus = parseYaml(
      readFileSync(path.join(__dirname, '..', 'monitoring', 'prometheus.yml'), 'utf8'),
    ) as { scrape_configs: { static_configs: { targets: string[] }[] }[] };
    const targets = prometheus.scrape_configs[0]!.static_configs[0]!.targets.map((t) => t.split(':')[0]);
    for (const target of targets) expect(Object.keys(services)).toContain(target);
  });

  it("mounts files that exist: the balancer's, Prometheus's and Grafana's", () => {
    const { services } = resolvedConfig();
    const sources = Object.values(services)
      .flatMap((s) => s.volumes ?? [])
      .map((v) => (typeof v === 'string' ? v.split(':')[0]! : v.source))
      .filter((s) => s.startsWith('/'));
    expect(sources.length).toBeGreaterThanOrEqual(5);
    for (const source of sources)
      expect([source, run('test', ['-e', source], root).status]).toEqual([source, 0]);
  });

  it("has the balancer's configuration from its one home, retrying only requests no replica took", () => {
    const committed = readFileSync(path.join(__dirname, '..', 'docker', 'haproxy.cfg'), 'utf8');
    // Regenerate with `npm run haproxy -w @switchyard/deploy` after changing infra/src/haproxy.ts.
    expect(committed).toBe(composeHaproxyConfig());
    expect(committed).toMatch(/^\s*retry-on conn-failure$/m);
    expect(committed).toMatch(/^\s*option redispatch 1$/m);
    expect(committed).toMatch(/^\s*option httpchk GET \/ready$/m);
  });

  it('has a valid HAProxy configuration', () => {
    requireTool('haproxy', 'apt-get install -y haproxy');
    const out = run('haproxy', ['-c', '-f', path.join(__dirname, '..', 'docker', 'haproxy.cfg')], root);
    expect(out.status).toBe(0);
  });
});
