import pino, { type Logger } from 'pino';

export type { Logger };

/** The one logger: JSON lines on stdout, one field naming the service. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name: service, level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime });
}
