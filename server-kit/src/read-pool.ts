import { Pool } from 'pg';
import type { Logger } from './logger';

export type { Pool };

/** A small pg pool for services that only read a few rows (the gateway's key lookups and sequence). */
export function createReadPool(url: string, name: string, logger: Logger, max = 4): Pool {
  const pool = new Pool({ connectionString: url, max, application_name: `switchyard-${name}` });
  pool.on('error', (err) => logger.warn({ err: err.message }, 'database pool error'));
  return pool;
}
