import { formatErrorFor, type Logger } from '@switchyard/server-kit';
import type { GraphQLFormattedError } from 'graphql';

const FAILURE_CODES = new Set([undefined, 'INTERNAL_SERVER_ERROR', 'DOWNSTREAM_SERVICE_ERROR']);

/**
 * The shared error policy, plus one gateway rule: when a subgraph cannot answer (down,
 * timed out, failing), say which one, so a partial answer explains itself. Other fields
 * are still served; the error carries `serviceName`.
 */
export function gatewayFormatError(logger: Logger) {
  const base = formatErrorFor(logger);
  let lastWarn = 0;
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const serviceName = formatted.extensions?.serviceName;
    const code = formatted.extensions?.code as string | undefined;
    if (code === 'SUBGRAPH_UNAVAILABLE') return formatted;
    if (typeof serviceName !== 'string' || !FAILURE_CODES.has(code)) return base(formatted, error);
    // One line a second at most: under load every request would log the same outage.
    if (Date.now() - lastWarn > 1000) {
      lastWarn = Date.now();
      logger.warn({ serviceName, err: formatted.message }, 'subgraph failed; answering partially');
    }
    return {
      message: `The ${serviceName} subgraph did not answer (down, timed out or failing); fields from the other subgraphs are still served`,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName },
    };
  };
}
