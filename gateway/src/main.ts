import { createLogger, onShutdown } from '@switchyard/server-kit';
import { startGateway } from './app';
import { loadGatewayConfig } from './config';

const config = loadGatewayConfig();
const logger = createLogger('gateway', config.LOG_LEVEL);
startGateway(config, logger)
  .then((gateway) => onShutdown(logger, () => gateway.close()))
  .catch((err) => {
    console.error(`gateway failed to start: ${(err as Error).message}`);
    process.exit(1);
  });
