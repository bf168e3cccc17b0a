import { createLogger } from '@switchyard/server-kit';
import { loadRelayConfig, RelayConfigError, relayHelp } from './relay-config';
import { startRelay } from './relay';

/** `npx switchyard-edge`: the standalone relay. Exit code 2 for a bad setting, 1 when it cannot start. */
export async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(relayHelp());
    return;
  }
  let config: ReturnType<typeof loadRelayConfig>;
  try {
    config = loadRelayConfig(argv, process.env);
  } catch (err) {
    if (!(err instanceof RelayConfigError)) throw err;
    process.stderr.write(`switchyard-edge: ${err.message}\n`);
    process.exit(2);
  }
  const logger = createLogger('edge', config.logLevel);
  let relay: Awaited<ReturnType<typeof startRelay>>;
  try {
    relay = await startRelay(config, logger);
  } catch (err) {
    logger.error({ err: (err as Error).message }, 'edge could not start');
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'edge stopping');
    const hard = setTimeout(() => process.exit(1), 10_000);
    hard.unref();
    relay.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => stop(signal));
}

if (require.main === module) void main(process.argv.slice(2));
