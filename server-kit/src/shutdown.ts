import type { Server, ServerResponse } from 'node:http';
import { z } from 'zod';
import { loadConfig } from './config';
import type { Logger } from './logger';

/**
 * Graceful stop on SIGTERM (what Kubernetes and `npm start` send), in this order:
 * 1. readiness goes false (`draining`), while requests are still served, for
 *    SHUTDOWN_READINESS_DELAY_MS, so a load balancer stops sending new ones;
 * 2. `close()`: the listener stops, in-flight requests finish, WebSockets are closed with a
 *    reconnect code, then connections to the database and bus;
 * 3. exit 0; or exit 1 when all this takes longer than SHUTDOWN_GRACE_MS.
 * A second signal exits at once.
 */
export interface Lifecycle {
  /** True from the first stop signal on: readiness answers 503. */
  readonly draining: boolean;
}

export function shutdownConfig() {
  return loadConfig({
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(20_000),
    SHUTDOWN_READINESS_DELAY_MS: z.coerce.number().int().min(0).default(0),
  });
}

export function createLifecycle(): Lifecycle & { startDraining(): void } {
  const state = { draining: false };
  return {
    get draining() {
      return state.draining;
    },
    startDraining() {
      state.draining = true;
    },
  };
}

/** The process-wide lifecycle: one per service process. */
export const lifecycle = createLifecycle();

export function onShutdown(logger: Logger, close: () => Promise<void>): void {
  const { SHUTDOWN_GRACE_MS: graceMs, SHUTDOWN_READINESS_DELAY_MS: readinessDelayMs } = shutdownConfig();
  let closing = false;
  const handler = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    lifecycle.startDraining();
    logger.info({ signal, graceMs, readinessDelayMs }, 'shutting down: not ready, draining');
    const timer = setTimeout(() => {
      logger.error({ graceMs }, 'shutdown did not finish within the grace period; exiting');
      process.exit(1);
    }, graceMs);
    timer.unref();
    new Promise((r) => setTimeout(r, readinessDelayMs))
      .then(close)
      .then(() => {
        logger.info('stopped');
        process.exit(0);
      })
      .catch((err) => {
        logger.error({ err: (err as Error).message }, 'error during shutdown');
        process.exit(1);
      });
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}

/**
 * Stops a server taking new connections and resolves once every request it was answering has
 * been answered (WebSocket upgrades aside: those are closed by their own server afterwards).
 */
export function drainHttp(server: Server): () => Promise<void> {
  let inFlight = 0;
  let idle: (() => void) | null = null;
  server.on('request', (_req, res: ServerResponse) => {
    inFlight += 1;
    res.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) idle?.();
    });
  });
  return async () => {
    server.close();
    server.closeIdleConnections();
    if (inFlight > 0) await new Promise<void>((resolve) => (idle = resolve));
    // Keep-alive connections whose last request just finished.
    server.closeIdleConnections();
  };
}
