import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDemoKeys } from './demo-keys';
import { freePort } from './free-port';
import {
  type ServiceOutput,
  ServiceProcess,
  type ServiceSpec,
  type SupervisionHooks,
} from './service-process';

export const repoRoot = path.resolve(__dirname, '..', '..');

/** Every port `npm start` takes from the environment. */
export const stackPortVariables = [
  'GATEWAY_PORT',
  'FLAGS_PORT',
  'EXPERIMENTS_PORT',
  'ANALYTICS_PORT',
  'ADMIN_PORT',
  'EMBEDDED_PG_PORT',
] as const;

export type SubgraphName = 'flags' | 'experiments' | 'analytics';
export const allSubgraphs: SubgraphName[] = ['flags', 'experiments', 'analytics'];

export interface StackOptions {
  databaseUrl: string;
  redisUrl?: string;
  /** 0 or absent: a free port. */
  ports?: Partial<Record<SubgraphName | 'gateway' | 'admin', number>>;
  subgraphs?: SubgraphName[];
  /** Where the gateway finds a subgraph that is not started here (a fake one in tests); default: a refused address. */
  externalSubgraphUrls?: Partial<Record<SubgraphName, string>>;
  /** Start the admin console (`next dev`; `next start` of its build in production) as well. */
  admin?: boolean;
  /**
   * Run the production build (`npm run build`): each service as `node <package>/dist/main.js`, the
   * console as `next start`, NODE_ENV=production. Otherwise the sources through tsx and `next dev`.
   */
  production?: boolean;
  seedDemo?: boolean;
  /**
   * With `admin` and `seedDemo`: where the demo storefront's SDK keys are kept (created through the graph when
   * missing); the console's demo page reads them from there.
   */
  demoKeysFile?: string;
  logLevel?: string;
  /** Extra environment for every service. */
  env?: NodeJS.ProcessEnv;
  output?: ServiceOutput;
  /** Called when a service dies on its own after start (and, with a restart policy, keeps dying). */
  onUnexpectedExit?: (name: string, code: number | null) => void;
  /** Given to every service process: spawn/exit hooks for a watchdog, a restart policy. */
  supervision?: SupervisionHooks;
  /** Each service as soon as it is created, so a supervisor can stop it even mid-start. */
  onService?: (service: ServiceProcess) => void;
  readyTimeoutMs?: number;
}

export interface Stack {
  graphqlUrl: string;
  gatewayUrl: string;
  wsUrl: string;
  adminUrl: string | null;
  /** The demo storefront (`demoKeysFile`), else null. */
  demoUrl: string | null;
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  services: Map<string, ServiceProcess>;
  /** Starts another gateway replica against the same subgraphs. */
  addGateway(name: string, port?: number): Promise<{ graphqlUrl: string; process: ServiceProcess }>;
  stop(): Promise<void>;
}

const packageDirs: Record<SubgraphName | 'gateway', string> = {
  flags: 'subgraphs/flags',
  experiments: 'subgraphs/experiments',
  analytics: 'subgraphs/analytics',
  gateway: 'gateway',
};

/**
 * Node's arguments for a service from its production build (`npm run build`): the image's own
 * start command (infra/deploy/docker/services.json, one home for both), with absolute paths. It
 * starts the service's one-file bundle (tools/bundle-service.js).
 */
export function builtServiceArgs(name: SubgraphName | 'gateway' | 'edge'): string[] {
  const services = JSON.parse(
    readFileSync(path.join(repoRoot, 'infra', 'deploy', 'docker', 'services.json'), 'utf8'),
  ) as Record<string, { start: string[] }>;
  const [node, ...args] = services[name]!.start;
  if (node !== 'node') throw new Error(`services.json: ${name} does not start with node`);
  return args.map((arg) => (arg.startsWith('-') ? arg : path.join(repoRoot, arg)));
}

const portVariables: Record<SubgraphName | 'gateway', string> = {
  flags: 'FLAGS_PORT',
  experiments: 'EXPERIMENTS_PORT',
  analytics: 'ANALYTICS_PORT',
  gateway: 'GATEWAY_PORT',
};

/** A Node service run from its TypeScript sources, as `npm start` does, or from its production build. */
function nodeService(
  name: SubgraphName | 'gateway',
  env: NodeJS.ProcessEnv,
  readyUrl: string,
  production: boolean,
): ServiceSpec {
  return {
    name,
    command: process.execPath,
    args: production
      ? builtServiceArgs(name)
      : ['--conditions=development', '--import', 'tsx', `${packageDirs[name]}/src/main.ts`],
    cwd: repoRoot,
    env,
    readyUrl,
  };
}

/**
 * Boots subgraphs, gateway and (optionally) the admin console as child processes
 * against one database. Used by `npm start`, integration tests and benchmarks.
 */
export async function startStack(opts: StackOptions): Promise<Stack> {
  const subgraphs = opts.subgraphs ?? allSubgraphs;
  const output = opts.output ?? (() => {});
  const onExit = opts.onUnexpectedExit ?? (() => {});
  const readyTimeout = opts.readyTimeoutMs ?? 60_000;
  const port = async (name: SubgraphName | 'gateway' | 'admin') => opts.ports?.[name] || freePort();
  const services = new Map<string, ServiceProcess>();
  const production = opts.production ?? false;
  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: production || process.env.NODE_ENV === 'production' ? 'production' : 'development',
    DATABASE_URL: opts.databaseUrl,
    REDIS_URL: opts.redisUrl ?? '',
    LOG_LEVEL: opts.logLevel ?? 'info',
    SWITCHYARD_SEED_DEMO: opts.seedDemo ? 'true' : 'false',
    ...opts.env,
  };

  const supervised = (spec: ServiceSpec) => {
    const service = new ServiceProcess(spec, output, onExit, opts.supervision);
    opts.onService?.(service);
    return service;
  };

  const stopAll = async () => {
    await Promise.all([...services.values()].reverse().map((s) => s.stop()));
  };

  try {
    // Every port is chosen first: services call each other (experiments → flags, ...).
    const subgraphPorts = new Map<SubgraphName, number>();
    for (const name of subgraphs) subgraphPorts.set(name, await port(name));
    const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
    for (const [name, p] of subgraphPorts) subgraphUrls[name] = `http://127.0.0.1:${p}/graphql`;
    // A subgraph that is not started gets its external address, or one that refuses connections.
    const serviceUrls: NodeJS.ProcessEnv = {
      FLAGS_URL: subgraphUrls.flags ?? opts.externalSubgraphUrls?.flags ?? 'http://127.0.0.1:1/graphql',
      EXPERIMENTS_URL:
        subgraphUrls.experiments ?? opts.externalSubgraphUrls?.experiments ?? 'http://127.0.0.1:1/graphql',
      ANALYTICS_URL:
        subgraphUrls.analytics ?? opts.externalSubgraphUrls?.analytics ?? 'http://127.0.0.1:1/graphql',
    };
    for (const [name, p] of subgraphPorts) {
      const svc = supervised(
        nodeService(
          name,
          { ...baseEnv, ...serviceUrls, [portVariables[name]]: String(p) },
          `http://127.0.0.1:${p}/ready`,
          production,
        ),
      );
      services.set(name, svc);
      svc.start();
    }

    const adminPort = opts.admin ? await port('admin') : null;
    // The console calls the gateway from the browser, so its origin must be allowed.
    const corsOrigins =
      baseEnv.CORS_ORIGINS ||
      (adminPort
        ? `http://localhost:${adminPort},http://127.0.0.1:${adminPort}`
        : 'http://localhost:3000,http://127.0.0.1:3000');
    const gatewayEnv = (p: number): NodeJS.ProcessEnv => ({
      ...baseEnv,
      CORS_ORIGINS: corsOrigins,
      ...serviceUrls,
      GATEWAY_PORT: String(p),
    });
    const gatewayPort = await port('gateway');
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;

    let admin: ServiceProcess | null = null;
    let adminUrl: string | null = null;
    if (adminPort) {
      const p = adminPort;
      adminUrl = `http://localhost:${p}`;
      admin = supervised({
        name: 'admin',
        command: process.execPath,
        args: [
          path.join(repoRoot, 'node_modules/next/dist/bin/next'),
          production ? 'start' : 'dev',
          '--port',
          String(p),
        ],
        cwd: path.join(repoRoot, 'admin-web'),
        env: {
          ...baseEnv,
          NEXT_TELEMETRY_DISABLED: '1',
          NEXT_PUBLIC_GATEWAY_URL: `http://localhost:${gatewayPort}/graphql`,
          SWITCHYARD_DEMO_KEYS_FILE: opts.demoKeysFile ?? '',
        },
        readyUrl: `${adminUrl}/api/health`,
      });
      services.set('admin', admin);
      // The console compiles while the services start.
      admin.start();
    }

    await Promise.all(subgraphs.map((name) => services.get(name)!.waitUntilReady(readyTimeout)));
    const gateway = supervised(
      nodeService('gateway', gatewayEnv(gatewayPort), `${gatewayUrl}/ready`, production),
    );
    services.set('gateway', gateway);
    gateway.start();
    await gateway.waitUntilReady(readyTimeout);
    let demo = Boolean(adminUrl && opts.seedDemo && opts.demoKeysFile);
    if (demo) {
      const credentials = {
        email: baseEnv.SWITCHYARD_ADMIN_EMAIL ?? '',
        password: baseEnv.SWITCHYARD_ADMIN_PASSWORD ?? '',
      };
      // The demo is a convenience: without its keys everything else still runs.
      await ensureDemoKeys(`${gatewayUrl}/graphql`, credentials, opts.demoKeysFile!).catch((err: Error) => {
        output('demo', `no demo storefront: ${err.message}`);
        demo = false;
      });
    }
    if (admin) await admin.waitUntilReady(readyTimeout);

    return {
      graphqlUrl: `${gatewayUrl}/graphql`,
      gatewayUrl,
      wsUrl: `ws://127.0.0.1:${gatewayPort}/graphql`,
      adminUrl,
      demoUrl: demo ? `${adminUrl}/demo` : null,
      subgraphUrls,
      services,
      async addGateway(name, fixedPort) {
        const p = fixedPort || (await freePort());
        const replica = supervised(
          nodeService('gateway', gatewayEnv(p), `http://127.0.0.1:${p}/ready`, production),
        );
        services.set(name, replica);
        replica.start();
        await replica.waitUntilReady(readyTimeout);
        return { graphqlUrl: `http://127.0.0.1:${p}/graphql`, process: replica };
      },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
