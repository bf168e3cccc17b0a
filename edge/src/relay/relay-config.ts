import path from 'node:path';

/**
 * The relay's settings, from flags (`--upstream URL`) or environment variables, flags winning. One
 * table, so `--help`, the validation and README name the same things.
 */
export interface RelayConfig {
  /** The upstream gateway (or another edge): its base URL, `/graphql` and `/events` are added. */
  upstreamUrl: string | null;
  /**
   * The relay's own credentials upstream: one SERVER key of the environment per project it serves (a
   * key belongs to one project), in the order given; none offline.
   */
  serverKeys: string[];
  environment: string;
  port: number;
  host: string;
  dataDir: string;
  offline: boolean;
  eventsFlushMs: number;
  eventsBatchSize: number;
  /** How often the counts of evaluations served here go upstream, for `Flag.usage`. */
  usageFlushMs: number;
  /** A full re-download (with If-None-Match) this often, should a change event be lost. */
  refreshMs: number;
  /** How long a caller's key, checked upstream, is trusted before it is checked again. */
  keyTtlMs: number;
  metricsToken: string | null;
  logLevel: string;
}

interface Setting {
  flag: string;
  env: string;
  help: string;
  default?: string;
  boolean?: boolean;
}

export const relaySettings: Record<keyof RelayConfig, Setting> = {
  upstreamUrl: {
    flag: 'upstream',
    env: 'SWITCHYARD_UPSTREAM_URL',
    help: 'upstream gateway or edge, e.g. http://gateway:4000 (not needed with --offline)',
  },
  serverKeys: {
    flag: 'server-key',
    env: 'SWITCHYARD_SERVER_KEY',
    help: "SERVER API keys (sy_…) of the environment, comma-separated, one per project served; the relay's own credentials upstream",
  },
  environment: { flag: 'environment', env: 'SWITCHYARD_ENVIRONMENT', help: "the server key's environment" },
  port: { flag: 'port', env: 'EDGE_PORT', help: 'HTTP and WebSocket port', default: '4100' },
  host: { flag: 'host', env: 'EDGE_HOST', help: 'interface to listen on', default: '127.0.0.1' },
  dataDir: {
    flag: 'data-dir',
    env: 'EDGE_DATA_DIR',
    help: 'where the snapshot (snapshot.json) and the event buffer (events/) are kept',
    default: '.switchyard-edge',
  },
  offline: {
    flag: 'offline',
    env: 'EDGE_OFFLINE',
    help: 'serve the snapshot only, never call upstream (air-gapped sites)',
    default: 'false',
    boolean: true,
  },
  eventsFlushMs: {
    flag: 'events-flush-ms',
    env: 'EDGE_EVENTS_FLUSH_MS',
    help: 'how often buffered events are sent upstream',
    default: '1000',
  },
  eventsBatchSize: {
    flag: 'events-batch-size',
    env: 'EDGE_EVENTS_BATCH_SIZE',
    help: 'events per upstream POST /events (at most 1000, the gateway limit)',
    default: '500',
  },
  usageFlushMs: {
    flag: 'usage-flush-ms',
    env: 'EDGE_USAGE_FLUSH_MS',
    help: 'how often the counts of evaluations served here go upstream (Flag.usage)',
    default: '10000',
  },
  refreshMs: {
    flag: 'refresh-ms',
    env: 'EDGE_REFRESH_MS',
    help: 'safety-net re-download (a 304 when nothing changed), should a change event be lost',
    default: '30000',
  },
  keyTtlMs: {
    flag: 'key-ttl-ms',
    env: 'EDGE_KEY_TTL_MS',
    help: "how long a caller's key checked upstream is trusted before it is checked again",
    default: '300000',
  },
  metricsToken: {
    flag: 'metrics-token',
    env: 'EDGE_METRICS_TOKEN',
    help: 'bearer token GET /metrics asks for (unset: open)',
  },
  logLevel: { flag: 'log-level', env: 'LOG_LEVEL', help: 'pino level', default: 'info' },
};

export class RelayConfigError extends Error {}

export function relayHelp(): string {
  const rows = Object.values(relaySettings).map(
    (s) =>
      `  --${s.flag.padEnd(18)} ${s.env.padEnd(24)} ${s.help}${s.default ? ` (default ${s.default})` : ''}`,
  );
  return `switchyard-edge: a Switchyard evaluation relay\n\nUsage: npx switchyard-edge [flags]\n\n  flag                 environment variable\n${rows.join('\n')}\n`;
}

function integer(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new RelayConfigError(`${name} must be an integer from ${min} to ${max}, not "${value}"`);
  return n;
}

/** Reads flags (`--name value`, `--name=value`, bare `--offline`) over the environment; throws naming the setting. */
export function loadRelayConfig(argv: readonly string[], env: NodeJS.ProcessEnv): RelayConfig {
  const byFlag = new Map(Object.entries(relaySettings).map(([k, s]) => [s.flag, k as keyof RelayConfig]));
  const given = new Map<keyof RelayConfig, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const key = m ? byFlag.get(m[1]!) : undefined;
    if (!m || !key) throw new RelayConfigError(`unknown argument "${arg}" (see --help)`);
    if (m[2] !== undefined) given.set(key, m[2]);
    else if (relaySettings[key].boolean) given.set(key, 'true');
    else {
      const value = argv[++i];
      if (value === undefined) throw new RelayConfigError(`--${m[1]} needs a value`);
      given.set(key, value);
    }
  }
  const read = (key: keyof RelayConfig): string | undefined => {
    const s = relaySettings[key];
    const v = given.get(key) ?? env[s.env];
    return v === undefined || v === '' ? s.default : v;
  };
  const name = (key: keyof RelayConfig) => `--${relaySettings[key].flag} (${relaySettings[key].env})`;
  const bool = (key: keyof RelayConfig) => {
    const v = read(key);
    if (v !== 'true' && v !== 'false') throw new RelayConfigError(`${name(key)} must be true or false`);
    return v === 'true';
  };
  const offline = bool('offline');
  const upstream = read('upstreamUrl') ?? null;
  const serverKeys = (read('serverKeys') ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  if (new Set(serverKeys).size !== serverKeys.length)
    throw new RelayConfigError(`${name('serverKeys')} names a key twice`);
  const environment = read('environment');
  if (!environment) throw new RelayConfigError(`${name('environment')} is required`);
  if (!offline && !upstream)
    throw new RelayConfigError(`${name('upstreamUrl')} is required unless --offline`);
  if (!offline && serverKeys.length === 0)
    throw new RelayConfigError(`${name('serverKeys')} is required unless --offline`);
  let upstreamUrl: string | null = null;
  if (upstream) {
    try {
      const url = new URL(upstream);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
      upstreamUrl = url.href.replace(/\/(graphql)?\/?$/, '');
    } catch {
      throw new RelayConfigError(`${name('upstreamUrl')} must be an http(s) URL, not "${upstream}"`);
    }
  }
  const batch = integer(name('eventsBatchSize'), read('eventsBatchSize')!, 1, 1000);
  return {
    upstreamUrl,
    serverKeys,
    environment,
    port: integer(name('port'), read('port')!, 0, 65535),
    host: read('host')!,
    dataDir: path.resolve(read('dataDir')!),
    offline,
    eventsFlushMs: integer(name('eventsFlushMs'), read('eventsFlushMs')!, 10, 3_600_000),
    eventsBatchSize: batch,
    usageFlushMs: integer(name('usageFlushMs'), read('usageFlushMs')!, 100, 3_600_000),
    refreshMs: integer(name('refreshMs'), read('refreshMs')!, 100, 86_400_000),
    keyTtlMs: integer(name('keyTtlMs'), read('keyTtlMs')!, 1000, 86_400_000),
    metricsToken: read('metricsToken') ?? null,
    logLevel: read('logLevel')!,
  };
}
