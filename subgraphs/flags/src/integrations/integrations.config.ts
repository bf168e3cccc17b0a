import { env, loadConfig } from '@switchyard/server-kit';
import { z } from 'zod';
import { parseAllowedNetworks } from './outbound-http';

const ms = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/** Integration delivery settings; every variable is documented in the README. */
export function loadIntegrationsConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      // Private, loopback and link-local targets are refused unless listed here (CIDRs or addresses).
      INTEGRATION_ALLOWED_NETWORKS: z
        .string()
        .default('')
        .refine((v) => {
          try {
            parseAllowedNetworks(v);
            return true;
          } catch {
            return false;
          }
        }, 'must be addresses or CIDR ranges separated by commas, e.g. 127.0.0.1/32,10.1.0.0/16'),
      INTEGRATION_TIMEOUT_MS: ms(10_000),
      INTEGRATION_RESPONSE_MAX_BYTES: ms(64 * 1024),
      INTEGRATION_RETRY_BASE_MS: ms(10_000),
      INTEGRATION_RETRY_MAX_MS: ms(60 * 60 * 1000),
      INTEGRATION_DISABLE_AFTER_MS: ms(24 * 60 * 60 * 1000),
      INTEGRATION_POLL_MS: ms(1000),
      SMTP_URL: env.optionalUrl(),
      MAIL_FROM: z.string().default('Switchyard <switchyard@localhost>'),
      CONSOLE_URL: z
        .string()
        .url('must be a URL such as https://switchyard.example.com')
        .default('http://localhost:3000'),
    },
    source,
  );
}
export type IntegrationsConfig = ReturnType<typeof loadIntegrationsConfig>;
