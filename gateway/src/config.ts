import path from 'node:path';
import { DEV_INTERNAL_SECRET, env, loadConfig } from '@switchyard/server-kit';
import { supergraphPath } from '@switchyard/schema';
import { z } from 'zod';

/** A comma-separated list, blanks dropped. */
const commaList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );

export function loadGatewayConfig() {
  const config = loadConfig({
    NODE_ENV: env.nodeEnv(),
    LOG_LEVEL: env.logLevel(),
    // Unset: loopback in development, every interface in production.
    HOST: z.string().optional(),
    // Bearer token GET /metrics asks for; in production /metrics is refused without one configured.
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    GATEWAY_PORT: env.port(4000),
    FLAGS_URL: env.url().default('http://127.0.0.1:4001/graphql'),
    EXPERIMENTS_URL: env.url().default('http://127.0.0.1:4002/graphql'),
    ANALYTICS_URL: env.url().default('http://127.0.0.1:4003/graphql'),
    SUPERGRAPH_PATH: z.string().default(supergraphPath),
    INTERNAL_TOKEN_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEV_INTERNAL_SECRET),
    CORS_ORIGINS: commaList('http://localhost:3000,http://127.0.0.1:3000'),
    // Proxies whose X-Forwarded-For is believed (addresses or CIDRs); by default nobody's.
    TRUSTED_PROXIES: commaList(''),
    SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    // `evaluate` answered in the gateway from compiled flag sets (needs the event bus for invalidation).
    EDGE_EVALUATION: env.bool(true),
    // `assignment` sent to the experiments subgraph's internal route instead of through the query planner.
    EDGE_ASSIGNMENT: env.bool(true),
    EVALUATION_USAGE_FLUSH_MS: z.coerce.number().int().min(100).default(10_000),
    // API keys are looked up in the flags schema; Postgres also carries events without Redis.
    DATABASE_URL: env.optionalUrl(),
    REDIS_URL: env.optionalUrl(),
    OIDC_ISSUER: env.optionalUrl(),
    OIDC_JWKS_URL: env.optionalUrl(),
    OIDC_AUDIENCE: z.string().optional(),
    OIDC_ROLE_CLAIM: z.string().default('switchyard_role'),
    // Console single sign-on: the claim listing the person's groups, which custom roles are mapped from.
    OIDC_GROUPS_CLAIM: z.string().min(1).default('groups'),
    OIDC_DEFAULT_ROLE: z.enum(['admin', 'editor', 'viewer']).default('viewer'),
    // Console single sign-on (auth/sso.ts): on when OIDC_CLIENT_ID is set; the issuer defaults to OIDC_ISSUER.
    OIDC_SSO_ISSUER: env.optionalUrl(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_REDIRECT_URL: env.optionalUrl(),
    OIDC_SSO_LABEL: z.string().min(1).max(60).default('single sign-on'),
    OIDC_SSO_SCOPES: z.string().min(1).default('openid email profile'),
    // Where the console is: single sign-on returns there (and to CORS_ORIGINS), nowhere else.
    CONSOLE_URL: z
      .string()
      .url('must be a URL such as https://switchyard.example.com')
      .default('http://localhost:3000'),
    API_KEY_CACHE_TTL_MS: z.coerce.number().int().min(0).default(60_000),
    SESSION_CACHE_TTL_MS: z.coerce.number().int().min(0).default(60_000),
    SUBSCRIPTION_POLL_MS: z.coerce.number().int().min(100).default(2000),
    MAX_QUERY_DEPTH: z.coerce.number().int().min(1).default(12),
    MAX_QUERY_COST: z.coerce.number().int().min(1).default(20_000),
    MAX_QUERY_ALIASES: z.coerce.number().int().min(0).default(30),
    MAX_INTROSPECTION_COST: z.coerce.number().int().min(1).default(100_000),
    MAX_RESPONSE_BYTES: z.coerce.number().int().min(1024).default(8_388_608),
    MAX_BATCH_SIZE: z.coerce.number().int().min(1).default(10),
    MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
    RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(200),
    RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(400),
    RATE_LIMIT_ANONYMOUS_PER_SECOND: z.coerce.number().positive().default(20),
    RATE_LIMIT_ANONYMOUS_BURST: z.coerce.number().int().min(1).default(40),
    WS_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).default(1000),
    WS_SUBSCRIBE_PER_SECOND: z.coerce.number().positive().default(10),
    WS_SUBSCRIBE_BURST: z.coerce.number().int().min(1).default(200),
    WS_MAX_PAYLOAD_BYTES: z.coerce.number().int().min(1024).default(131_072),
    WS_MAX_REPLAY_COST: z.coerce.number().int().min(1).default(1_000_000),
    WS_KEY_RECHECK_MS: z.coerce.number().int().min(1000).default(60_000),
  });
  if (config.NODE_ENV === 'production' && config.INTERNAL_TOKEN_SECRET === DEV_INTERNAL_SECRET) {
    process.stderr.write(
      'config error: INTERNAL_TOKEN_SECRET must be set to a private value in production\n',
    );
    process.exit(78);
  }
  if (Boolean(config.OIDC_ISSUER) !== Boolean(config.OIDC_JWKS_URL)) {
    process.stderr.write('config error: OIDC_ISSUER and OIDC_JWKS_URL must be set together\n');
    process.exit(78);
  }
  if (config.OIDC_CLIENT_ID && !(config.OIDC_SSO_ISSUER ?? config.OIDC_ISSUER)) {
    process.stderr.write('config error: OIDC_CLIENT_ID needs OIDC_SSO_ISSUER (or OIDC_ISSUER)\n');
    process.exit(78);
  }
  return {
    ...config,
    HOST: config.HOST || (config.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1'),
    SUPERGRAPH_PATH: path.resolve(config.SUPERGRAPH_PATH),
  };
}

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;
