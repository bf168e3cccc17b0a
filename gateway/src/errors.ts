import { errors, formatErrorFor, type Logger } from '@switchyard/server-kit';
import type { GraphQLFormattedError } from 'graphql';

const FAILURE_CODES = new Set([undefined, 'INTERNAL_SERVER_ERROR', 'DOWNSTREAM_SERVICE_ERROR']);

/**
 * The shared error policy, plus one gateway rule: when a subgraph cannot answer (down,
 * timed out, failing), it is SERVICE_UNAVAILABLE naming it, so a partial answer explains
 * itself and a client knows to retry. Other fields are still served.
 */
export function gatewayFormatError(logger: Logger) {
  const base = formatErrorFor(logger);
  let lastWarn = 0;
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const serviceName = formatted.extensions?.serviceName;
    const code = formatted.extensions?.code as string | undefined;
    if (typeof serviceName !== 'string' || !FAILURE_CODES.has(code)) return base(formatted, error);
    // One line a second at most: under load every request would log the same outage.
    if (Date.now() - lastWarn > 1000) {
      lastWarn = Date.now();
      logger.warn({ serviceName, err: formatted.message }, 'subgraph failed; answering partially');
    }
    const unavailable = errors.serviceUnavailable(`${serviceName} subgraph`);
    return {
      message: `${unavailable.message} (fields from the other subgraphs are still served)`,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { ...unavailable.extensions, serviceName },
    };
  };
}
